using Mux.EndToEnd.Tests.Support;
using Mux.Vt100;

namespace Mux.EndToEnd.Tests.Attached;

/// <summary>
/// The mouse with <c>mouse on</c> (the default), as tmux does it: the client's terminal reports the mouse in SGR
/// form; a program that asked for the mouse gets the reports in its own encoding; otherwise the wheel scrolls into
/// copy mode (arrow keys for a full-screen program) and other reports are swallowed. The test's PTY plays the
/// user's terminal, so a wheel notch is the report bytes that terminal would send.
/// </summary>
public class MouseTests
{
    private const string Esc = "\u001b";
    private const string WheelUp = Esc + "[<64;10;5M";
    private const string WheelDown = Esc + "[<65;10;5M";

    private const TerminalModes AnyMouse = TerminalModes.MouseX10 | TerminalModes.MouseNormal | TerminalModes.MouseButtonEvent |
        TerminalModes.MouseAnyEvent | TerminalModes.MouseUtf8 | TerminalModes.MouseSgr | TerminalModes.MouseUrxvt;

    private static string LastRow(Terminal t) => t.GetRowText(t.Rows - 1);

    private static bool AnyRow(Terminal t, Func<string, bool> match)
    {
        for (int r = 0; r < t.Rows; r++)
            if (match(t.GetRowText(r).TrimEnd())) return true;
        return false;
    }

    /// <summary>
    /// A program that dumps what it reads with <c>od -c</c> until two Ctrl+D (od reads 16 bytes at a time; the
    /// first Ctrl+D hands over a short line, the second ends its input) and then stays.
    /// </summary>
    private static string Dumper(string before) => $"stty -echo; printf '{before}'; echo dump-ready; od -c; echo dump-done; exec sleep 1000";

    private const string EndDump = "\u0004\u0004";

    /// <summary>What od showed, its rows joined without their offsets: " 033   [   A …".</summary>
    private static string Dump(Terminal t)
    {
        var sb = new System.Text.StringBuilder();
        for (int r = 0; r < t.Rows; r++)
        {
            string row = t.GetRowText(r).TrimEnd();
            if (row.Length >= 7 && row[..7].All(char.IsAsciiDigit)) sb.Append(row[7..]);
        }
        return sb.ToString();
    }

    private static Task WaitForDumpAsync(TerminalSession client) =>
        client.WaitForAsync(t => AnyRow(t, s => s == "dump-done"), what: "od's dump");

    private static bool ReportsMouseInSgr(Terminal t) =>
        (t.Modes & (TerminalModes.MouseButtonEvent | TerminalModes.MouseSgr)) == (TerminalModes.MouseButtonEvent | TerminalModes.MouseSgr);

    [Fact]
    public async Task TheWheelScrollsIntoCopyModeAndBackOut()
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-S", "wheel", "sh", "-c", "seq 1 200; exec sleep 1000"], 80, 24);
        await client.WaitForAsync(t => t.GetRowText(0) == "179" && t.GetRowText(21) == "200", what: "179 to 200 shown");
        await client.WaitForAsync(ReportsMouseInSgr, what: "the outer terminal reporting the mouse (1002, 1006)");

        client.SendKeys(WheelUp);
        await client.WaitForAsync(t => LastRow(t).Contains("[copy mode]") && t.GetRowText(0) == "176" && t.GetRowText(22) == "198",
            what: "copy mode, three lines up");
        client.SendKeys(WheelUp + WheelUp);
        await client.WaitForAsync(t => t.GetRowText(0) == "170", what: "three lines a notch");
        Assert.True(client.Read(ReportsMouseInSgr), "the mouse is still reported in copy mode");

        client.SendKeys(WheelDown + WheelDown);
        await client.WaitForAsync(t => t.GetRowText(0) == "176" && LastRow(t).Contains("[copy mode]"), what: "back down, still in copy mode");
        client.SendKeys(WheelDown);
        await client.WaitForAsync(t => t.GetRowText(0) == "179" && LastRow(t).StartsWith("[wheel] 0* sh"),
            what: "the bottom reached: copy mode left");

        // Clicks on a program that did not ask for the mouse are swallowed, not typed.
        await env.Run("-S", "wheel", "-X", "screen", "sh", "-c", Dumper(""));
        await client.WaitForTextAsync("dump-ready");
        client.SendKeys(Esc + "[<0;3;3M" + Esc + "[<0;3;3m" + "x" + EndDump);
        await WaitForDumpAsync(client);
        Assert.Equal("   x", client.Read(Dump));
    }

    [Theory]
    [InlineData("\\033[?1000h\\033[?1006h", "033   [   <   0   ;   1   0   ;   5   M 033   [   <   0   ;   1   0   ;   5   m")]
    [InlineData("\\033[?1000h", "033   [   M       *   % 033   [   M   #   *   %")] // X10 encoding: 32+b, 33+x, 33+y; release is 3
    public async Task AProgramThatAskedForTheMouseGetsTheReportsInItsEncoding(string modes, string expected)
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-S", "mp", "sh", "-c", Dumper(modes)], 80, 24);
        await client.WaitForTextAsync("dump-ready");
        await client.WaitForAsync(ReportsMouseInSgr, what: "the outer terminal reporting in SGR");
        client.SendKeys(Esc + "[<0;10;5M" + Esc + "[<0;10;5m" + EndDump);
        await WaitForDumpAsync(client);
        Assert.Equal(" " + expected, client.Read(Dump));
        Assert.DoesNotContain("[copy mode]", client.Read(LastRow));
    }

    [Theory]
    [InlineData("", "033   [   A 033   [   A 033   [   A 033   [   B")]
    [InlineData("\\033[?1h", "033   O   A 033   O   A 033   O   A 033   O   B")] // application cursor keys
    public async Task AFullScreenProgramWithoutTheMouseGetsArrowKeys(string modes, string expected)
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-S", "alt", "sh", "-c", Dumper("\\033[?1049h" + modes)], 80, 24);
        await client.WaitForTextAsync("dump-ready");
        await client.WaitForAsync(t => t.IsAlternateScreen && ReportsMouseInSgr(t), what: "the alternate screen, the mouse reported in SGR");
        client.SendKeys(WheelUp + WheelDown + EndDump);
        await WaitForDumpAsync(client);
        Assert.StartsWith(" " + expected, client.Read(Dump));
        Assert.DoesNotContain("[copy mode]", client.Read(LastRow));
    }

    [Fact]
    public async Task MouseOffGivesTheMouseBackToTheTerminal()
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-S", "moff", "/bin/sh"], 80, 24);
        await client.WaitForTextAsync("[moff] 0* sh");
        await client.WaitForAsync(ReportsMouseInSgr, what: "mouse on by default");
        var r = await env.Run("-S", "moff", "-X", "mouse", "off");
        Assert.True(r.ExitCode == 0, r.ToString());
        await client.WaitForAsync(t => (t.Modes & AnyMouse) == 0, what: "mouse reporting off (1000, 1002, 1006 reset)");
        // With the mouse off, the wheel is not mux's: nothing happens to copy mode.
        client.SendKeys("echo typed\r");
        await client.WaitForTextAsync("typed");
        Assert.DoesNotContain("[copy mode]", client.Read(LastRow));
        r = await env.Run("-S", "moff", "-X", "mouse", "on");
        Assert.True(r.ExitCode == 0, r.ToString());
        await client.WaitForAsync(ReportsMouseInSgr, what: "mouse on again");
    }

    [Fact]
    public async Task MouseOffInTheConfigFile()
    {
        using var env = new MuxEnvironment();
        File.WriteAllText(Path.Combine(env.Home, ".muxrc"), "mouse off\n");
        var r = await env.Run("-dmS", "mrc", "sh", "-c", "printf '\\033[?1000h'; echo asked; exec sleep 1000");
        Assert.True(r.ExitCode == 0 && r.Stderr == "", r.ToString());
        using var client = env.StartAttached(["-r", "mrc"], 80, 24);
        await client.WaitForTextAsync("asked");
        // The program's own mode is mirrored as it is: no SGR forced on it.
        await client.WaitForAsync(t => (t.Modes & AnyMouse) == TerminalModes.MouseNormal, what: "only the program's 1000");
    }

    [Fact]
    public async Task DetachingTurnsTheMouseOff()
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-S", "mdet", "/bin/sh"], 80, 24);
        await client.WaitForTextAsync("[mdet] 0* sh");
        await client.WaitForAsync(ReportsMouseInSgr, what: "mouse on while attached");
        client.SendKeys("\u0001d");
        Assert.Equal(0, await client.WaitForExitAsync());
        Assert.Equal(TerminalModes.None, client.Read(t => t.Modes & AnyMouse));
        Assert.False(client.Read(t => t.IsAlternateScreen));
    }

    [Fact]
    public async Task DetachingTurnsOffTheX10MouseAProgramAskedFor()
    {
        using var env = new MuxEnvironment();
        File.WriteAllText(Path.Combine(env.Home, ".muxrc"), "mouse off\n");
        var r = await env.Run("-dmS", "mx10", "sh", "-c", "printf '\\033[?9h'; echo asked; exec sleep 1000");
        Assert.True(r.ExitCode == 0 && r.Stderr == "", r.ToString());
        using var client = env.StartAttached(["-r", "mx10"], 80, 24);
        await client.WaitForTextAsync("asked");
        await client.WaitForAsync(t => (t.Modes & AnyMouse) == TerminalModes.MouseX10, what: "the program's mode 9 mirrored");
        client.SendKeys("\u0001d");
        Assert.Equal(0, await client.WaitForExitAsync());
        Assert.Equal(TerminalModes.None, client.Read(t => t.Modes & AnyMouse));
    }

    [Fact]
    public async Task DraggingMarksAndReleasingCopies()
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-S", "drag", "sh", "-c", "echo alpha-beta-gamma; exec sleep 1000"], 80, 24);
        await client.WaitForAsync(t => t.GetRowText(0) == "alpha-beta-gamma", what: "printed");
        // Press on 'b' (column 7), drag to the last 'a' of beta (column 10), release.
        client.SendKeys(Esc + "[<0;7;1M" + Esc + "[<32;9;1M");
        await client.WaitForAsync(t => LastRow(t).Contains("(marking)"), what: "marking by dragging");
        client.SendKeys(Esc + "[<32;10;1M" + Esc + "[<0;10;1m");
        await client.WaitForTextAsync("Copied 4 characters");
        await env.Run("-S", "drag", "-X", "screen", "sh", "-c", Dumper(""));
        await client.WaitForTextAsync("dump-ready");
        await env.Run("-S", "drag", "-X", "paste");
        client.SendKeys(EndDump);
        await WaitForDumpAsync(client);
        Assert.Equal("   b   e   t   a", client.Read(Dump));
    }
}
