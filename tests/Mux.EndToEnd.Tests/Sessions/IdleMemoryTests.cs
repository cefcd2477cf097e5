using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Sessions;

/// <summary>A detached server that has gone quiet keeps only what it still uses mapped.</summary>
public class IdleMemoryTests
{
    private static long StatusKb(int pid, string field) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":"))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

    [Fact]
    public async Task AnIdleDetachedServerGivesBackItsStartUpCodePagesAndStillAnswers()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("idle", "sh", "-c", "echo ready; exec sleep 1000");
        int pid = env.ServerPid("idle");
        // After start-up the server maps about 4.7 MB of its executable and libraries (code it ran once); once it is
        // quiet with no client, what it no longer runs is unmapped (measured: about 2.3 MB stay).
        await Wait.UntilAsync(() => StatusKb(pid, "RssFile") < 3584, TimeSpan.FromSeconds(15),
            "the idle server's file-backed RSS to fall below 3.5 MiB");
        // The code it needs again comes back from the page cache.
        var r = await env.Run("-S", "idle", "-X", "windows");
        Assert.True(r.ExitCode == 0, r.ToString());
        await env.WaitForWindowTextAsync("idle", "ready");
    }

    [Fact]
    public async Task WritingItsRecordAndScreensLoadsNoCryptographicLibrary()
    {
        using var env = new MuxEnvironment();
        env.Environment["MUX_RECORD_INTERVAL_MS"] = "100";
        await env.StartDetachedAsync("rec", "sh", "-c", "echo saved-line; exec sleep 1000");
        int pid = env.ServerPid("rec");
        string records = Path.Combine(env.Home, ".local", "state", "mux");
        // The record is written at start and the screens once there is output: both went through the
        // write-a-temporary-then-rename path by the time the screens file exists.
        await Wait.UntilAsync(() => File.Exists(Path.Combine(records, $"{pid}.rec.record"))
            && File.Exists(Path.Combine(records, $"{pid}.rec.screens.gz")), TimeSpan.FromSeconds(15),
            "the session's record and saved screens to be written");
        // OpenSSL (libcrypto and libssl) costs an idle server about 2 MB of its memory; nothing it does needs it.
        string maps = File.ReadAllText($"/proc/{pid}/maps");
        Assert.DoesNotContain("libcrypto", maps);
        Assert.DoesNotContain("libssl", maps);
    }

    [Fact]
    public async Task BackgroundChoresOfAnIdleServerDoNotKeepItsCodeMapped()
    {
        using var env = new MuxEnvironment();
        // The record refreshed every 100 ms: a chore that runs code (and maps it back) ten times a second.
        env.Environment["MUX_RECORD_INTERVAL_MS"] = "100";
        await env.StartDetachedAsync("chores", "sh", "-c", "echo ready; exec sleep 1000");
        int pid = env.ServerPid("chores");
        string record = Path.Combine(env.Home, ".local", "state", "mux", $"{pid}.chores.record");
        await Wait.UntilAsync(() => File.Exists(record), TimeSpan.FromSeconds(15), "the session's record to be written");
        // Past the quiet trim (0.5 s) and many refreshes after it.
        var since = File.GetLastWriteTimeUtc(record);
        await Wait.UntilAsync(() => File.GetLastWriteTimeUtc(record) > since.AddSeconds(1.5), TimeSpan.FromSeconds(15),
            "the record to be refreshed for 1.5 s");
        // Each refresh maps back, 64 KiB around every page it runs, about a megabyte of code that stayed (measured: file
        // pages 3.2-3.7 MB); given back after each one, they settle at 1.6-2.3 MB.
        await Wait.UntilAsync(() => StatusKb(pid, "RssFile") < 2816, TimeSpan.FromSeconds(10),
            "the idle server's file-backed RSS to fall below 2.75 MiB between its chores");
        var r = await env.Run("-S", "chores", "-X", "windows");
        Assert.True(r.ExitCode == 0, r.ToString());
    }
}
