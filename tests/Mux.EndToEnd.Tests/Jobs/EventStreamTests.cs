using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Jobs;

/// <summary>
/// <c>mux events</c>: what happens in the user's sessions as it happens, replayed from each session's ring with
/// --since; sessions started later are picked up; a reader that stops reading holds nothing up and is told its gap.
/// </summary>
public class EventStreamTests
{
    private const int SigStop = 19, SigCont = 18;

    /// <summary>The JSON objects a stream printed so far (a PTY ends its lines with \r\n).</summary>
    private static List<JsonElement> JsonLines(string text) =>
        [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement)];

    private static bool IsExit(JsonElement e, string session, int code) =>
        e.GetProperty("event").GetString() == "exit" && e.GetProperty("session").GetString() == session
        && e.TryGetProperty("exitCode", out var c) && c.ValueKind == JsonValueKind.Number && c.GetInt32() == code;

    [Fact]
    public async Task TwoStreamsShowASessionStartedAfterThemAndItIsReplayedAfterwards()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("before", "sh", "-c", "exec cat");
        using var json = env.StartProgram(MuxEnvironment.MuxBinary, ["events", "--json", "--since", "1h"], 500, 40);
        using var plain = env.StartProgram(MuxEnvironment.MuxBinary, ["events"], 200, 40);
        // The replay of the session there before says the first stream has read the socket directory once.
        await json.WaitForRawTextAsync("\"event\":\"session-started\"");

        await env.StartDetachedAsync("a", "sh", "-c", "sleep 0.3; exit 3");
        await Wait.UntilAsync(() => JsonLines(json.RawText).Any(e => IsExit(e, "a", 3)), TimeSpan.FromSeconds(10), "session a's exit in the JSON stream");
        var exit = JsonLines(json.RawText).First(e => IsExit(e, "a", 3));
        Assert.Equal(0, exit.GetProperty("window").GetInt32());
        Assert.True(exit.GetProperty("runtimeSeconds").GetDouble() >= 0.25);
        Assert.True(exit.GetProperty("peakRssBytes").GetInt64() > 0);
        Assert.True(DateTimeOffset.TryParse(exit.GetProperty("time").GetString(), out _));
        var events = JsonLines(json.RawText).Where(e => e.GetProperty("session").GetString() == "a").Select(e => e.GetProperty("event").GetString()).ToList();
        Assert.Equal(["session-started", "window-opened", "exit"], events);
        // The readable stream says the same in a line, the time in front.
        await plain.WaitForTextAsync("a:0 exited 3 after ");
        Assert.Matches(@"\d\d:\d\d:\d\d a:0 exited 3 after 0\.\ds", plain.ScreenText);

        // Ctrl+C ends a stream cleanly.
        json.SendKeys("\x03");
        Assert.Equal(0, await json.WaitForExitAsync());

        var replay = await env.Run("events", "--since", "1m", "--no-follow", "--json");
        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Single(JsonLines(replay.Stdout), e => IsExit(e, "a", 3));
        var plainReplay = await env.Run("events", "a", "--since", "1m", "--no-follow");
        Assert.Contains("a:0 exited 3 after ", plainReplay.Stdout);
        Assert.DoesNotContain("before", plainReplay.Stdout);
    }

    [Fact]
    public async Task AReaderThatStopsReadingHoldsNothingUpAndIsToldHowManyEventsItMissed()
    {
        using var env = new MuxEnvironment();
        // A ring and backlog of 20 events instead of 1000, so a short bell flood overflows both.
        env.Environment["MUX_TEST_EVENT_RING"] = "20";
        await env.StartDetachedAsync("flood", "sh", "-c", "read x; for i in $(seq 150); do printf '\\a'; sleep 0.01; done; exit 0");
        using var reader = env.StartProgram(MuxEnvironment.MuxBinary, ["events", "--since", "1h"], 200, 40);
        await reader.WaitForTextAsync("flood session started");

        reader.Kill(SigStop);
        try
        {
            Assert.Equal(0, (await env.Run("-S", "flood", "-X", "stuff", "\\n")).ExitCode);
            // Its reader reads nothing while the bells ring: commands are answered as ever.
            var clock = Stopwatch.StartNew();
            var info = await env.Run("-S", "flood", "-Q", "info");
            Assert.True(info.ExitCode == 0, info.ToString());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"-Q info took {clock.Elapsed.TotalMilliseconds:0} ms");
            var waited = await env.Run("wait", "flood", "--timeout", "20");
            Assert.True(waited.ExitCode == 0, waited.ToString());
        }
        finally
        {
            reader.Kill(SigCont);
        }
        await reader.WaitForTextAsync("events dropped: this reader fell behind");
        await reader.WaitForTextAsync("flood:0 exited 0 after");

        // The ring kept its last 20: a replay reaching further back says how many it no longer has.
        var replay = await env.Run("events", "--since", "1h", "--no-follow", "--json");
        Assert.True(replay.ExitCode == 0, replay.ToString());
        var lines = JsonLines(replay.Stdout);
        var gap = lines[0];
        Assert.Equal("dropped", gap.GetProperty("event").GetString());
        Assert.True(gap.GetProperty("count").GetInt64() > 100, gap.ToString());
        Assert.Equal(21, lines.Count);
        Assert.Contains(lines, e => IsExit(e, "flood", 0));
    }

    [Fact]
    public async Task AStreamEndsWithStatusZeroWhenItsReaderGoesAway()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("p", "sh", "-c", "exec cat");
        string script = $"set -o pipefail; '{MuxEnvironment.MuxBinary}' events --since 1h | head -n 1; echo status=$?";
        using var shell = env.StartProgram("/bin/bash", ["--norc", "-c", script], 200, 20);
        await shell.WaitForTextAsync("p session started");
        // head has gone: the next event the stream writes meets a closed pipe.
        for (int i = 0; i < 50 && !shell.ScreenText.Contains("status="); i++)
        {
            await env.Run("-S", "p", "-X", "screen", "true");
            try { await shell.WaitForTextAsync("status=", TimeSpan.FromMilliseconds(200)); } catch (TimeoutException) { }
        }
        await shell.WaitForTextAsync("status=0");
    }

    [Fact]
    public async Task SinceGarbageIsOneLineAndStatusTwo()
    {
        using var env = new MuxEnvironment();
        var r = await env.Run("events", "--since", "yesterday-ish");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("mux: --since needs a duration such as 30s, 10m, 1h or 2d, or a time such as 2026-03-01T12:00, not 'yesterday-ish'", r.Stderr.Trim());
        Assert.Equal("", r.Stdout);
        Assert.Equal(2, (await env.Run("events", "--bogus")).ExitCode);
    }

    [Fact]
    public async Task AnOlderServerIsOneLineAndLinksAndDeadSocketsAreSkipped()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("new", "sh", "-c", "exec cat");
        env.Environment["MUX_TEST_PROTOCOL_VERSION"] = (Mux.Protocol.WireFormat.Version - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await env.StartDetachedAsync("old", "sh", "-c", "exec cat");
        env.Environment.Remove("MUX_TEST_PROTOCOL_VERSION");
        var (newPid, _) = env.SocketNames().Single(s => s.Name == "new");
        // A link to a live session's socket, and a socket nobody listens on, under names of sessions.
        File.CreateSymbolicLink(Path.Combine(env.SocketDirectory, "1.planted"), Path.Combine(env.SocketDirectory, $"{newPid}.new"));
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            dead.Bind(new UnixDomainSocketEndPoint(Path.Combine(env.SocketDirectory, "2147483.dead")));

        var r = await env.Run("events", "--since", "1h", "--no-follow");
        Assert.Equal(0, r.ExitCode);
        int oldPid = env.SocketNames().Single(s => s.Name == "old").Pid;
        Assert.Equal($"mux: session {oldPid}.old is older (protocol {Mux.Protocol.WireFormat.Version - 1}), cannot stream its events; 'mux -S {oldPid}.old -X upgrade' brings it up to date",
            r.Stderr.Trim());
        Assert.Single(r.Stdout.Split('\n'), l => l.Contains("new session started", StringComparison.Ordinal));
        Assert.DoesNotContain("planted", r.Stdout + r.Stderr);
        Assert.DoesNotContain("dead", r.Stdout + r.Stderr);
    }

    [Fact]
    public async Task AFishCommandThatFailedIsAnEventWithItsCommandLine()
    {
        using var env = new MuxEnvironment();
        // fish is not installed here: these are the bytes fish 4 sends (its right prompt on the command's row).
        await env.StartDetachedAsync("fish", "sh", "-c",
            "printf '\\033]133;A;click_events=1\\007~> \\033]133;B\\007'; read x; printf '\\033[33G12:03:04\\r\\n';" +
            "printf '\\033]133;C;cmdline_url=make%%20test%%20%%7C%%20tee%%20log\\007building\\r\\n\\033]133;D;2\\007'; exec cat");
        await env.WaitForWindowTextAsync("fish", "~>");
        Assert.Equal(0, (await env.Run("-S", "fish", "-X", "stuff", "make test | tee log\\n")).ExitCode);
        await env.WaitForWindowTextAsync("fish", "building");

        var r = await env.Run("events", "fish", "--since", "1m", "--no-follow", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var fail = Assert.Single(JsonLines(r.Stdout), e => e.GetProperty("event").GetString() == "fail");
        Assert.Equal("make test | tee log", fail.GetProperty("commandLine").GetString());
        Assert.Equal(2, fail.GetProperty("exitCode").GetInt32());
        var plain = await env.Run("events", "fish", "--since", "1m", "--no-follow");
        Assert.Contains("fish:0 'make test | tee log' failed 2", plain.Stdout);
    }
}
