using System.IO.Compression;
using System.Text;
using Mux.EndToEnd.Tests.Support;
using Mux.Platform.Native;

namespace Mux.EndToEnd.Tests.Faults;

/// <summary>
/// The record every session keeps in $XDG_STATE_HOME/mux (here HOME/.local/state/mux): what a killed server or a
/// restarted machine leaves, how -ls, -r, rerun and -wipe use it, and that neither a planted link nor a stalled
/// file in the record directory is ever followed or waited for.
/// </summary>
public class JobRecordTests
{
    private static MuxEnvironment NewEnvironment()
    {
        var env = new MuxEnvironment();
        // Screens refreshed every 100 ms instead of every few seconds, so a test waits little for its first write.
        env.Environment["MUX_RECORD_INTERVAL_MS"] = "100";
        return env;
    }

    private static string RecordDirectory(MuxEnvironment env) => Path.Combine(env.Home, ".local", "state", "mux");

    private static string RecordPath(MuxEnvironment env, int pid, string name) => Path.Combine(RecordDirectory(env), $"{pid}.{name}.record");

    private static string ScreensPath(MuxEnvironment env, int pid, string name) => Path.Combine(RecordDirectory(env), $"{pid}.{name}.screens.gz");

    /// <summary>The saved screens as text; empty when not written yet.</summary>
    private static string SavedScreens(string path)
    {
        try
        {
            using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return ""; }
    }

    /// <summary>Starts a detached job, waits until its record holds <paramref name="text"/>, then kills its server with SIGKILL.</summary>
    private static async Task<int> StartAndKillServerAsync(MuxEnvironment env, string name, string text, params string[] command)
    {
        await env.StartDetachedAsync(name, command);
        int pid = env.ServerPid(name);
        await Wait.UntilAsync(() => SavedScreens(ScreensPath(env, pid, name)).Contains(text, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), $"'{text}' in the saved screens of {name}");
        Assert.Equal(0, Libc.kill(pid, Libc.SIGKILL));
        await Wait.UntilAsync(() => !ProcessStat.TryRead(pid, out var p) || p.IsGone, TimeSpan.FromSeconds(10), "the server gone");
        return pid;
    }

    /// <summary>Runs mux in a terminal (as a person would) and returns its screen once it exits.</summary>
    private static async Task<string> OnTerminalAsync(MuxEnvironment env, string[] args, IDictionary<string, string>? extra = null)
    {
        using var t = env.StartAttached(args, 160, 40, extra);
        await t.WaitForExitAsync();
        return t.ScreenText;
    }

    [Fact]
    public async Task AKilledServerIsListedAsLostAndDashRShowsItsLastOutput()
    {
        using var env = NewEnvironment();
        int pid = await StartAndKillServerAsync(env, "train", "epoch-42-done", "sh", "-c", "echo epoch-$((6*7))-done; sleep 1000");

        string listing = await OnTerminalAsync(env, ["-ls"]);
        Assert.Contains($"{pid}.train", listing);
        Assert.Contains("Lost: server killed; last seen", listing);
        // A pipe sees what screen would show a script: the dead socket, not the section for people.
        var piped = await env.Run("-ls");
        Assert.DoesNotContain("Lost", piped.Stdout);
        var verbose = await env.Run("-ls", "-v");
        Assert.Contains("Lost: server killed", verbose.Stdout);
        Assert.Contains("echo epoch-$((6*7))-done", verbose.Stdout);
        var json = await env.Run("-ls", "--json");
        Assert.Contains("\"lostReason\": \"server killed\"", json.Stdout);
        Assert.Contains($"\"cwd\": \"{env.Home}\"", json.Stdout);

        // A command for it is told what became of it.
        var command = await env.Run("-S", "train", "-X", "windows");
        Assert.Equal(1, command.ExitCode);
        Assert.Contains($"{pid}.train was lost (server killed)", command.Stderr);

        string shown = await OnTerminalAsync(env, ["-r", "train"]);
        Assert.Contains($"{pid}.train was lost (server killed); last seen", shown);
        Assert.Contains("epoch-42-done", shown);
        // Read-only: nothing was started under that name.
        Assert.DoesNotContain(env.SocketNames(), s => s.Name == "train" && s.Pid != pid);
    }

    [Fact]
    public async Task ARecordFromAnotherBootIsListedAsMachineRestarted()
    {
        using var env = NewEnvironment();
        string bootFile = Path.Combine(env.Root, "boot_id");
        File.WriteAllText(bootFile, "11111111-before-the-restart\n");
        env.Environment["MUX_BOOT_ID_FILE"] = bootFile;
        int pid = await StartAndKillServerAsync(env, "night", "running-all-night", "sh", "-c", "echo running-all-night; sleep 1000");
        File.WriteAllText(bootFile, "22222222-after-the-restart\n");

        string listing = await OnTerminalAsync(env, ["-ls"]);
        Assert.Contains($"{pid}.night", listing);
        Assert.Contains("Lost: machine restarted", listing);
        Assert.Contains("running-all-night", await OnTerminalAsync(env, ["-r", "night"]));
    }

    [Fact]
    public async Task RerunStartsTheSameCommandInTheSameDirectoryWithTheSameEnvironment()
    {
        using var env = NewEnvironment();
        string work = Path.Combine(env.Home, "work dir");
        Directory.CreateDirectory(work);
        var started = await env.RunProgram("/bin/sh", ["-c", $"cd \"$1\" && exec \"$2\" -dmS job sh -c 'echo \"in=$(pwd) var=$RERUN_VAR\"; sleep 1000'", "sh", work, MuxEnvironment.MuxBinary],
            new Dictionary<string, string?> { ["RERUN_VAR"] = "value-42" });
        Assert.True(started.ExitCode == 0, started.ToString());
        int pid = env.ServerPid("job");
        await Wait.UntilAsync(() => SavedScreens(ScreensPath(env, pid, "job")).Contains("var=value-42"), TimeSpan.FromSeconds(10), "first output saved");
        Assert.Equal(0, Libc.kill(pid, Libc.SIGKILL));
        await Wait.UntilAsync(() => !ProcessStat.TryRead(pid, out var p) || p.IsGone, TimeSpan.FromSeconds(10), "the server gone");

        // From another directory, without the variable: both come from the record.
        var rerun = await env.Run("rerun", "job");
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        int newPid = env.SocketNames().Single(s => s.Name == "job" && s.Pid != pid).Pid;
        Assert.Contains($"[{newPid}.job started again", rerun.Stdout);
        await env.WaitForWindowTextAsync($"{newPid}.job", $"in={work} var=value-42");
        // The old record is replaced by the new session's.
        Assert.False(File.Exists(RecordPath(env, pid, "job")));
        await Wait.UntilAsync(() => File.Exists(RecordPath(env, newPid, "job")), TimeSpan.FromSeconds(10), "the new session's record");

        var again = await env.Run("rerun", "job");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains($"{newPid}.job is still there", again.Stderr);
        var none = await env.Run("rerun", "nosuch");
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("no record of a lost or ended session named nosuch", none.Stderr);
    }

    [Fact]
    public async Task DashXRerunStartsAnEndedWindowAgainInItsPlace()
    {
        using var env = NewEnvironment();
        string work = Path.Combine(env.Home, "w");
        Directory.CreateDirectory(work);
        var started = await env.RunProgram("/bin/sh", ["-c", $"cd \"$1\" && exec \"$2\" -dmS job sh -c 'echo x >> runs; echo \"runs=$(wc -l < runs) var=$RERUN_VAR\"; exit 3'", "sh", work, MuxEnvironment.MuxBinary],
            new Dictionary<string, string?> { ["RERUN_VAR"] = "v7" });
        Assert.True(started.ExitCode == 0, started.ToString());
        // Ended: gone from what a pipe lists, its final screen kept.
        await Wait.UntilAsync(() => !env.Run("-ls").Result.Stdout.Contains(".job\t"), TimeSpan.FromSeconds(10), "the job ended");
        Assert.Contains("runs=1 var=v7", await env.HardcopyAsync("job"));

        var still = await env.Run("-S", "job", "-X", "rerun");
        Assert.True(still.ExitCode == 0, still.ToString());
        await env.WaitForWindowTextAsync("job", "runs=2 var=v7");
        // In the old window's place: window 0 is the new run, and there is no other.
        Assert.Contains("runs=2 var=v7", await env.HardcopyAsync("job", window: "0"));
        Assert.NotEqual(0, (await env.Run("-S", "job", "-p", "1", "-X", "hardcopy", Path.Combine(env.Root, "none"))).ExitCode);
    }

    [Fact]
    public async Task WipeRemovesTheLostRecordsItMatches()
    {
        using var env = NewEnvironment();
        int a = await StartAndKillServerAsync(env, "alpha", "alpha-out", "sh", "-c", "echo alpha-out; sleep 1000");
        int b = await StartAndKillServerAsync(env, "beta", "beta-out", "sh", "-c", "echo beta-out; sleep 1000");

        var wipe = await env.Run("-wipe", "alpha");
        Assert.Contains("1 record wiped out.", wipe.Stdout);
        Assert.False(File.Exists(RecordPath(env, a, "alpha")));
        Assert.False(File.Exists(ScreensPath(env, a, "alpha")));
        Assert.True(File.Exists(RecordPath(env, b, "beta")));

        // --all also clears what is not a readable record, and never a running session's.
        await env.StartDetachedAsync("alive", "sleep", "1000");
        int alive = env.ServerPid("alive");
        await Wait.UntilAsync(() => File.Exists(RecordPath(env, alive, "alive")), TimeSpan.FromSeconds(10), "record of alive");
        File.WriteAllText(Path.Combine(RecordDirectory(env), "77.garbled.record"), "not a record");
        var all = await env.Run("-wipe", "--all");
        Assert.Contains("1 record wiped out.", all.Stdout);
        Assert.False(File.Exists(RecordPath(env, b, "beta")));
        Assert.False(File.Exists(Path.Combine(RecordDirectory(env), "77.garbled.record")));
        Assert.True(File.Exists(RecordPath(env, alive, "alive")));
        Assert.DoesNotContain("Lost", (await env.Run("-ls", "-v")).Stdout);
    }

    [Fact]
    public async Task OnlyTheNewestEndedRecordsAreKeptAndLostOnesAreNeverCleared()
    {
        using var env = NewEnvironment();
        Directory.CreateDirectory(RecordDirectory(env), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // 105 sessions that ended normally, the oldest first, and one lost long ago.
        for (int i = 0; i < 105; i++)
        {
            string path = RecordPath(env, 100000 + i, "old");
            File.WriteAllText(path, $"mux-record 1\nname old\npid {100000 + i}\nended 1\nexit Exited 0\narg true\n");
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-200 + i));
        }
        File.WriteAllText(RecordPath(env, 99999, "lost"), "mux-record 1\nname lost\npid 99999\nboot-id another-boot\nended 0\narg true\n");
        File.SetLastWriteTimeUtc(RecordPath(env, 99999, "lost"), DateTime.UtcNow.AddHours(-300));

        await env.StartDetachedAsync("new", "sleep", "1000");
        // The five oldest go, in no particular order: wait for the count, then check which went.
        await Wait.UntilAsync(() => Directory.GetFiles(RecordDirectory(env), "*.old.record").Length <= 100,
            TimeSpan.FromSeconds(10), "the oldest ended records cleared");
        for (int i = 0; i < 5; i++) Assert.False(File.Exists(RecordPath(env, 100000 + i, "old")));
        Assert.True(File.Exists(RecordPath(env, 100005, "old")));
        Assert.Equal(100, Directory.GetFiles(RecordDirectory(env), "*.old.record").Length);
        Assert.True(File.Exists(RecordPath(env, 99999, "lost")));
    }

    [Fact]
    public async Task RecordsArePrivate()
    {
        using var env = NewEnvironment();
        await env.StartDetachedAsync("private", "sleep", "1000");
        int pid = env.ServerPid("private");
        await Wait.UntilAsync(() => File.Exists(ScreensPath(env, pid, "private")), TimeSpan.FromSeconds(10), "screens written");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(RecordDirectory(env)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(RecordPath(env, pid, "private")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ScreensPath(env, pid, "private")));
    }

    [Fact]
    public async Task ALinkPlantedInPlaceOfTheRecordDirectoryIsRefusedAndTheJobStillRuns()
    {
        using var env = NewEnvironment();
        string elsewhere = Path.Combine(env.Root, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        Directory.CreateDirectory(Path.GetDirectoryName(RecordDirectory(env))!);
        File.CreateSymbolicLink(RecordDirectory(env), elsewhere);

        var start = await env.Run("-dmS", "job", "sh", "-c", "echo still-runs; sleep 1000");
        Assert.Equal(0, start.ExitCode);
        Assert.Contains($"the record directory {RecordDirectory(env)} is a symbolic link; Mux does not follow it", start.Stderr);
        Assert.Contains("the session runs without a record", start.Stderr);
        await env.WaitForWindowTextAsync("job", "still-runs");
        // -ls -v reads the records (a plain -ls in a pipe shows none of them, so reads none).
        var ls = await env.Run("-ls", "-v");
        Assert.Contains("is a symbolic link", ls.Stderr);
        Assert.Contains(".job\t", ls.Stdout);
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
    }

    [Fact]
    public async Task ALinkPlantedInPlaceOfARecordIsNeverFollowed()
    {
        using var env = NewEnvironment();
        using var client = env.StartAttached(["-S", "job", "sh"], 120, 30);
        await Wait.UntilAsync(() => env.SocketNames().Any(s => s.Name == "job"), TimeSpan.FromSeconds(10), "session up");
        int pid = env.ServerPid("job");
        string record = RecordPath(env, pid, "job");
        // The record with its window in it: written, it changes only when a window comes or goes.
        await Wait.UntilAsync(() => File.Exists(record) && File.ReadAllText(record).Contains("\nwindow 0\n"), TimeSpan.FromSeconds(10), "record written");
        string target = Path.Combine(env.Root, "planted-target");
        File.Delete(record);
        File.CreateSymbolicLink(record, target);

        // A change the record must take: a second window. The server refuses the link and says so.
        Assert.Equal(0, (await env.Run("-S", "job", "-X", "screen", "sleep", "1000")).ExitCode);
        await client.WaitForTextAsync("record is not being kept");
        Assert.NotNull(new FileInfo(record).LinkTarget);
        Assert.False(File.Exists(target));
        var ls = await env.Run("-ls", "-v");
        Assert.Contains($"{record} is a symbolic link; Mux does not follow it", ls.Stderr);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task AStalledFifoInPlaceOfTheSavedScreensNeverBlocksTheWindow()
    {
        using var env = NewEnvironment();
        using var client = env.StartAttached(["-S", "job", "sh"], 100, 30);
        await Wait.UntilAsync(() => env.SocketNames().Any(s => s.Name == "job"), TimeSpan.FromSeconds(10), "session up");
        int pid = env.ServerPid("job");
        string screens = ScreensPath(env, pid, "job");
        await Wait.UntilAsync(() => File.Exists(screens), TimeSpan.FromSeconds(10), "screens written");
        // A FIFO nobody reads: opening it to write would block forever. (The writer may put a new file back
        // between the delete and mkfifo: try again.)
        await Wait.UntilAsync(() =>
        {
            File.Delete(screens);
            return env.RunProgram("mkfifo", [screens]).Result.ExitCode == 0;
        }, TimeSpan.FromSeconds(10), "a FIFO in place of the saved screens");

        for (int i = 0; i < 5; i++)
        {
            client.SendKeys($"echo line-{i}-$(({i}*7))\r");
            await client.WaitForTextAsync($"line-{i}-{i * 7}");
        }
        // Told, on the status line, that the record is not being kept, and why. (Looked for in everything the client
        // was sent: under load the message may have come and gone while the lines above were typed.)
        await client.WaitForRawTextAsync("record is not being kept");
        Assert.Equal(0, (await env.RunProgram("test", ["-p", screens])).ExitCode); // still the FIFO: never opened, never replaced
        // Counted, with the reason, for whoever asks.
        var status = await env.Run("-S", "job", "-Q", "record");
        Assert.Matches(@"[1-9][0-9]* skipped; failing: .*is not a regular file", status.Stdout);
    }
}
