using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Mux.EndToEnd.Tests.Support;
using Mux.Vt100;

namespace Mux.EndToEnd.Tests.Jobs;

/// <summary><c>mux top</c>: every window of every session with what it costs, live in a terminal or once in a pipe.</summary>
public class TopTests
{
    /// <summary>The row of the screen that shows <paramref name="session"/>'s window, or -1.</summary>
    private static int RowOf(Terminal t, string session)
    {
        for (int row = 0; row < t.Rows; row++)
            if (t.GetRowText(row).StartsWith(session + " ", StringComparison.Ordinal)) return row;
        return -1;
    }

    private static double CpuPercentAt(Terminal t, int row)
    {
        // SESSION WIN TITLE PID STATE then CPU%: the first number with a decimal point after "running".
        var m = Regex.Match(t.GetRowText(row), @"running\s+(\d+\.\d)");
        return m.Success ? double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    [Fact]
    public async Task TopShowsEverySessionTheBusyOneFirstAndQRestoresTheTerminal()
    {
        using var env = new MuxEnvironment();
        // Named so that A-to-Z order is the opposite of CPU order: only sorting by CPU puts the busy one first.
        await env.StartDetachedAsync("zbusy", "sh", "-c", "while :; do :; done");
        await env.StartDetachedAsync("aidle", "sleep", "1000");

        // stty after top shows whether the terminal's modes were put back.
        var term = env.StartProgram("/bin/sh", ["-c", $"'{MuxEnvironment.MuxBinary}' top; echo top-ended; stty -a; sleep 1000"], cols: 160, rows: 30);
        await term.WaitForAsync(t =>
        {
            int busy = RowOf(t, "zbusy"), idle = RowOf(t, "aidle");
            return busy >= 0 && idle >= 0 && busy < idle && CpuPercentAt(t, busy) >= 1;
        }, TimeSpan.FromSeconds(15), "top listing zbusy (busy, CPU % above 0) above aidle");
        Assert.True(term.Read(t => t.IsAlternateScreen), "top draws on the alternate screen");
        Assert.Contains("sorted by CPU", term.ScreenText);

        term.SendKeys("n");
        await term.WaitForAsync(t => RowOf(t, "aidle") is >= 0 and var a && a < RowOf(t, "zbusy"), TimeSpan.FromSeconds(5), "n sorts by name");
        Assert.Contains("sorted by name", term.ScreenText);

        term.SendKeys("q");
        await term.WaitForTextAsync("top-ended");
        await term.WaitForTextAsync("speed");
        Assert.False(term.Read(t => t.IsAlternateScreen), "the main screen is back");
        Assert.True(term.Read(t => t.CursorVisible), "the cursor is visible again");
        await term.WaitForAsync(t => Regex.IsMatch(term.ScreenText, @"(?<!-)icanon") && Regex.IsMatch(term.ScreenText, @" (?<!-)echo "),
            TimeSpan.FromSeconds(5), "stty showing icanon and echo on (cooked mode restored)");
    }

    [Fact]
    public async Task CtrlCQuitsTopAndRestoresTheTerminal()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("one", "sleep", "1000");
        var term = env.StartProgram("/bin/sh", ["-c", $"'{MuxEnvironment.MuxBinary}' top; echo top-ended $?; sleep 1000"], cols: 160, rows: 30);
        await term.WaitForAsync(t => RowOf(t, "one") >= 0, TimeSpan.FromSeconds(10), "top listing the session");
        term.SendKeys("\x03");
        await term.WaitForTextAsync("top-ended 0");
        Assert.False(term.Read(t => t.IsAlternateScreen));
    }

    [Fact]
    public async Task InAPipeTopPrintsOneTableAndEnds()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("first", "sleep", "1000");
        await env.StartDetachedAsync("second", "sh", "-c", "sleep 1000");
        var r = await env.Run("top");
        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("SESSION", lines[0]);
        Assert.Contains("RSS (PEAK)", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("first ", StringComparison.Ordinal) && l.Contains("running") && l.Contains("sleep 1000"));
        Assert.Contains(lines, l => l.StartsWith("second ", StringComparison.Ordinal) && l.Contains("running"));
        Assert.DoesNotContain("\e", r.Stdout);
        Assert.Equal(0, (await env.Run("top", "--once")).ExitCode);
    }

    [Fact]
    public async Task AServerThatDoesNotAnswerShowsAsSuchAndDoesNotHoldTopUp()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("alive", "sleep", "1000");
        // A socket whose "server" (this test process: alive, ours) accepts connections and never says a word.
        using var hung = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        hung.Bind(new UnixDomainSocketEndPoint(Path.Combine(env.SocketDirectory, $"{Environment.ProcessId}.hung")));
        hung.Listen(8);
        var clock = Stopwatch.StartNew();
        var r = await env.Run("top", "--once");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"top took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches(@"(?m)^hung .*not answering", r.Stdout);
        Assert.Matches(@"(?m)^alive .*running", r.Stdout);
    }

    [Fact]
    public async Task TopRefusesUnknownArguments()
    {
        using var env = new MuxEnvironment();
        var r = await env.Run("top", "--sort");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("mux: usage: mux top [--once]\n", r.Stderr);
    }
}
