using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Win32.SafeHandles;
using Mux.EndToEnd.Tests.Support;
using Mux.Platform.Native;

namespace Mux.EndToEnd.Tests.Faults;

/// <summary>
/// The files Mux writes for the user (logs, hardcopies) under hostile conditions: a disk that stalls or is full,
/// links and files another user planted, paths that do not exist, commands sent from another directory.
/// </summary>
public partial class FileWriteFaultTests
{
    private const uint Nobody = 65534;

    private static bool IsRoot => Libc.geteuid() == 0;

    [GeneratedRegex(@"^\[mux: (\d+) lines? not logged here: the disk did not keep up\]$")]
    private static partial Regex MarkerLine();

    /// <summary>A FIFO as the log: the test is the disk, and it does not read until it chooses to.</summary>
    private sealed class StalledDisk : IDisposable
    {
        private readonly FileStream _reader;

        public StalledDisk(MuxEnvironment env)
        {
            Path = System.IO.Path.Combine(env.Root, "log.fifo");
            Assert.Equal(0, env.RunProgram("mkfifo", [Path]).Result.ExitCode);
            // Read and write: opening never waits for a writer, and the pipe never reports end of file.
            int fd = Libc.open(Path, Libc.O_RDWR | Libc.O_CLOEXEC, 0);
            Assert.True(fd >= 0, "cannot open the FIFO");
            _reader = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1);
        }

        public string Path { get; }

        /// <summary>Reads on until a line equal to <paramref name="last"/>; returns every line.</summary>
        public async Task<List<string>> ReadUntilAsync(string last, TimeSpan timeout)
        {
            var lines = new List<string>();
            var reading = Task.Run(() =>
            {
                using var text = new StreamReader(_reader, leaveOpen: true);
                while (text.ReadLine() is { } line)
                {
                    lines.Add(line);
                    if (line == last) return;
                }
            });
            try { await reading.WaitAsync(timeout); }
            catch (TimeoutException)
            {
                throw new TimeoutException($"the log never had '{last}' within {timeout.TotalSeconds} s; it had {lines.Count} lines");
            }
            return lines;
        }

        public void Dispose() => _reader.Dispose();
    }

    [Fact]
    public async Task ALogThatStallsForSecondsLosesNoLine()
    {
        using var env = new MuxEnvironment();
        using var disk = new StalledDisk(env);
        const int Count = 1_000_000; // 6.9 MB: the old log lost 70 % of it
        var r = await env.Run("-dmS", "stall", "-Logfile", disk.Path, "sh", "-c", $"seq 1 {Count}; echo all-printed; sleep 1000");
        Assert.True(r.ExitCode == 0, r.ToString());
        // The job finishes while the disk takes nothing (the pipe holds 64 KiB): it was never blocked.
        await env.WaitForWindowTextAsync("stall", "all-printed", TimeSpan.FromSeconds(30));

        var lines = await disk.ReadUntilAsync("all-printed", TimeSpan.FromSeconds(30));
        var expected = Enumerable.Range(1, Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("all-printed");
        Assert.Equal(0, lines.Count(l => MarkerLine().IsMatch(l)));
        Assert.True(expected.SequenceEqual(lines), $"the log has {lines.Count} lines, not {Count + 1}");
        Assert.DoesNotContain("not logged", (await env.Run("-ls", "-v")).Stdout);
    }

    [Fact]
    public async Task ALogOverrunMarksEveryGapWithItsCountAndListingsSayHowManyLinesWereLost()
    {
        using var env = new MuxEnvironment();
        using var disk = new StalledDisk(env);
        const int Count = 500_000; // 25 MB: more than the log's buffer
        string job = $"stty -echo; seq 1 {Count} | sed 's/$/ ......................................./'; echo all-printed; read x; echo end-$x; sleep 1000";
        Assert.Equal(0, (await env.Run("-dmS", "overrun", "-Logfile", disk.Path, "sh", "-c", job)).ExitCode);
        await env.WaitForWindowTextAsync("overrun", "all-printed", TimeSpan.FromSeconds(60));
        var reading = disk.ReadUntilAsync("end-go", TimeSpan.FromSeconds(60));
        // Once the disk has caught up the log is whole again: what comes next is logged.
        await Wait.UntilAsync(() => !env.Run("-ls", "-v").Result.Stdout.Contains("not keeping up"), TimeSpan.FromSeconds(30), "the log to catch up");
        await env.Run("-S", "overrun", "-X", "stuff", "go\\n");

        var lines = await reading;
        long marked = 0, seen = 0, previous = 0;
        int others = 0;
        foreach (var line in lines)
        {
            if (MarkerLine().Match(line) is { Success: true } m) { marked += long.Parse(m.Groups[1].Value); continue; }
            if (line is "all-printed" or "end-go") { others++; continue; }
            long n = long.Parse(line.Split(' ')[0]);
            Assert.True(n > previous, $"line {n} after {previous}");
            previous = n;
            seen++;
        }
        // Every line is in the log or counted by a marker at its place.
        Assert.True(marked > 0, "nothing was dropped: the test did not overrun the buffer");
        Assert.Equal(Count + 2 - seen - others, marked);

        var verbose = (await env.Run("-ls", "-v")).Stdout;
        Assert.Contains($"log {disk.Path}: {marked} lines not logged", verbose);
        using var json = JsonDocument.Parse((await env.Run("-ls", "--json")).Stdout);
        var window = json.RootElement.GetProperty("sessions")[0].GetProperty("windows")[0];
        Assert.Equal(marked, window.GetProperty("logLinesDropped").GetInt64());

        // The next attach says so too.
        using var client = env.StartAttached(["-r", "overrun"], 200, 30);
        await client.WaitForTextAsync($"{marked} lines not logged");
    }

    [Fact]
    public async Task AFullDiskIsReportedWithTheLinesItCost()
    {
        using var env = new MuxEnvironment();
        var r = await env.Run("-dmS", "full", "-Logfile", "/dev/full", "sh", "-c", "seq 1 1000; echo printed; sleep 1000");
        Assert.True(r.ExitCode == 0, r.ToString());
        await env.WaitForWindowTextAsync("full", "printed");
        string verbose = "";
        await Wait.UntilAsync(() => (verbose = env.Run("-ls", "-v").Result.Stdout).Contains("1001 lines not logged"),
            TimeSpan.FromSeconds(10), "-ls -v counting the 1001 lines the full disk lost");
        Assert.Contains("log /dev/full: the disk is full (No space left on device); 1001 lines not logged", verbose);
        Assert.Contains("(Detached)", verbose); // the job runs on

        var hardcopy = await env.Run("-S", "full", "-X", "hardcopy", "/dev/full");
        Assert.NotEqual(0, hardcopy.ExitCode);
        Assert.Equal("mux: cannot write /dev/full: No space left on device\n", hardcopy.Stderr);
    }

    [Fact]
    public async Task ALogNeverFollowsALinkOrFillsAFileAnotherUserPlanted()
    {
        if (!IsRoot) return; // planting as another user needs chown (xunit 2 has no dynamic skip)
        using var env = new MuxEnvironment();
        var (shared, victim) = SharedDirectoryWithVictim(env);
        string link = Path.Combine(shared, "screenlog.0");
        File.CreateSymbolicLink(link, victim);
        await ChownAsync(env, link, Nobody);

        var r = await env.Run("-dmS", "planted", "-Logfile", link, "sh", "-c", "echo secret-output; sleep 1000");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains($"cannot open log {link}: {link} is a link that belongs to another user (uid {Nobody}); Mux does not follow it", r.Stderr);
        await env.WaitForWindowTextAsync("planted", "secret-output"); // the job runs without its log
        Assert.Contains($"cannot open log {link}", (await env.Run("-ls", "-v")).Stdout);

        // A regular file planted for reading our output is refused the same way.
        string trap = Path.Combine(shared, "screenlog.1");
        File.WriteAllText(trap, "");
        File.SetUnixFileMode(trap, (UnixFileMode)0x1B6);
        await ChownAsync(env, trap, Nobody);
        await env.Run("-S", "planted", "-X", "logfile", Path.Combine(shared, "screenlog.%n"));
        await env.Run("-S", "planted", "-X", "screen", "sh", "-c", "echo more-secret; sleep 1000");
        var on = await env.Run("-S", "planted", "-p", "1", "-X", "log", "on");
        Assert.NotEqual(0, on.ExitCode);
        Assert.Contains("belongs to another user", on.Stderr);
        await env.WaitForWindowTextAsync("planted", "more-secret");

        Assert.Equal("precious\n", File.ReadAllText(victim));
        Assert.Equal("", File.ReadAllText(trap));
    }

    [Fact]
    public async Task AHardcopyNeverReplacesAFileThroughALinkAnotherUserPlanted()
    {
        if (!IsRoot) return; // planting as another user needs chown (xunit 2 has no dynamic skip)
        using var env = new MuxEnvironment();
        var (shared, victim) = SharedDirectoryWithVictim(env);
        string link = Path.Combine(shared, "hardcopy.0");
        File.CreateSymbolicLink(link, victim);
        await ChownAsync(env, link, Nobody);
        await env.StartDetachedAsync("copy", "sh", "-c", "echo on-screen; sleep 1000");
        await env.WaitForWindowTextAsync("copy", "on-screen");

        var r = await env.Run("-S", "copy", "-X", "hardcopy", link);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("is a link that belongs to another user", r.Stderr);
        Assert.Equal("precious\n", File.ReadAllText(victim));
        Assert.NotNull(new FileInfo(link).LinkTarget);
    }

    [Fact]
    public async Task TheUsersOwnLinksAreStillFollowedAndHardcopiesReplaceWholeFiles()
    {
        using var env = new MuxEnvironment();
        string real = Path.Combine(env.Root, "real.log");
        string link = Path.Combine(env.Home, "job.log");
        File.CreateSymbolicLink(link, real);
        Assert.Equal(0, (await env.Run("-dmS", "own", "-Logfile", link, "sh", "-c", "echo through-my-link; sleep 1000")).ExitCode);
        await Wait.UntilAsync(() => File.Exists(real) && File.ReadAllText(real).Contains("through-my-link\n"), TimeSpan.FromSeconds(10), "the log behind the user's link");

        string copy = Path.Combine(env.Home, "screen.txt");
        File.WriteAllText(copy, "an old and much longer hardcopy\n" + new string('x', 5000));
        File.SetUnixFileMode(copy, (UnixFileMode)0x180); // 0600 stays 0600
        Assert.Equal(0, (await env.Run("-S", "own", "-X", "hardcopy", copy)).ExitCode);
        string text = File.ReadAllText(copy);
        Assert.StartsWith("through-my-link\n", text);
        Assert.DoesNotContain("xxx", text);
        Assert.Equal((UnixFileMode)0x180, File.GetUnixFileMode(copy));
        Assert.Empty(Directory.GetFiles(env.Home, ".screen.txt.mux-*"));
    }

    [Fact]
    public async Task ALogThatCannotBeOpenedIsSaidOnStderrTheStatusLineAndInListings()
    {
        using var env = new MuxEnvironment();
        var r = await env.Run("-dmS", "nolog", "-Logfile", "/nonexistent/x.log", "sh", "-c", "echo job-runs; sleep 1000");
        Assert.Equal(1, r.ExitCode);
        Assert.Matches(@"^mux: cannot open log /nonexistent/x\.log: No such file or directory \(the session \d+\.nolog runs without it\)\n$", r.Stderr);
        await env.WaitForWindowTextAsync("nolog", "job-runs");
        Assert.Contains("cannot open log /nonexistent/x.log: No such file or directory", (await env.Run("-ls", "-v")).Stdout);
        using (var json = JsonDocument.Parse((await env.Run("-ls", "--json")).Stdout))
        {
            var window = json.RootElement.GetProperty("sessions")[0].GetProperty("windows")[0];
            Assert.Equal("cannot open log /nonexistent/x.log: No such file or directory", window.GetProperty("logProblem").GetString());
        }

        await env.Run("-S", "nolog", "-X", "logfile", "/nonexistent/y.%n");
        var on = await env.Run("-S", "nolog", "-X", "log", "on");
        Assert.Equal(1, on.ExitCode);
        Assert.Equal("mux: cannot open log /nonexistent/y.0: No such file or directory\n", on.Stderr);

        using var client = env.StartAttached(["-r", "nolog"], 120, 30);
        await client.WaitForTextAsync("cannot open log /nonexistent/y.0");
    }

    [Fact]
    public async Task FileErrorsArePlainSentencesNotResourceKeys()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("plain", "sh", "-c", "echo hi; sleep 1000");
        var r = await env.Run("-S", "plain", "-X", "hardcopy", "/nonexistent/dir/x.txt");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("mux: cannot write /nonexistent/dir/x.txt: No such file or directory\n", r.Stderr);
        string dir = Path.Combine(env.Root, "a-directory");
        Directory.CreateDirectory(dir);
        r = await env.Run("-S", "plain", "-X", "hardcopy", dir);
        Assert.Equal($"mux: cannot write {dir}: it is a directory\n", r.Stderr);
    }

    [Fact]
    public async Task RelativeFileNamesMeanTheWindowsDirectoryNotTheClients()
    {
        using var env = new MuxEnvironment();
        string elsewhere = Path.Combine(env.Root, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        await env.StartDetachedAsync("rel", "sh", "-c", "echo in-the-window; sleep 1000");
        await env.WaitForWindowTextAsync("rel", "in-the-window");

        var r = await env.RunProgram("/bin/sh", ["-c", $"cd '{elsewhere}' && exec '{MuxEnvironment.MuxBinary}' -S rel -X hardcopy rel.txt"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("in-the-window", File.ReadAllText(Path.Combine(env.Home, "rel.txt")));
        Assert.False(File.Exists(Path.Combine(elsewhere, "rel.txt")));

        // Ctrl+A H (log) from a client started elsewhere.
        using var client = env.StartProgram("/bin/sh", ["-c", $"cd '{elsewhere}' && exec '{MuxEnvironment.MuxBinary}' -r rel"], 100, 30);
        await client.WaitForTextAsync("in-the-window");
        client.SendKeys("\u0001H");
        await client.WaitForTextAsync($"Logging window 0 to {Path.Combine(env.Home, "screenlog.0")}");
        Assert.False(File.Exists(Path.Combine(elsewhere, "screenlog.0")));
    }

    /// <summary>A sticky world-writable directory (like /tmp) and a file of the user's outside it.</summary>
    private static (string Shared, string Victim) SharedDirectoryWithVictim(MuxEnvironment env)
    {
        string shared = Path.Combine(env.Root, "shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, (UnixFileMode)0x3FF); // 1777
        string victim = Path.Combine(env.Root, "victim.txt");
        File.WriteAllText(victim, "precious\n");
        return (shared, victim);
    }

    private static async Task ChownAsync(MuxEnvironment env, string path, uint uid)
    {
        var r = await env.RunProgram("chown", ["-h", uid.ToString(System.Globalization.CultureInfo.InvariantCulture), path]);
        Assert.True(r.ExitCode == 0, r.ToString());
    }
}
