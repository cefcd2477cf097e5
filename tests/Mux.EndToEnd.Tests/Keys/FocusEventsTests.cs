using Mux.EndToEnd.Tests.Support;
using Mux.Vt100;

namespace Mux.EndToEnd.Tests.Keys;

/// <summary>
/// Focus reports (mode 1004) through mux: the user's terminal reports while the focused window asked for them, its
/// reports reach only a window that asked, and a window switch tells the window left and the window shown.
/// </summary>
public class FocusEventsTests
{
    private static string[] Recorder(string file, string enable) =>
        ["/bin/sh", "-c", $"stty raw -echo; printf '{enable}'; echo ready; exec cat > '{file}'"];

    private static async Task<string> ContentAsync(string file, string expected)
    {
        try { await Wait.UntilAsync(() => File.Exists(file) && File.ReadAllText(file) == expected, TimeSpan.FromSeconds(10), $"{file} to hold what was expected"); }
        catch (TimeoutException) { }
        return File.Exists(file) ? File.ReadAllText(file) : "";
    }

    private static bool Reporting(Terminal t) => (t.Modes & TerminalModes.FocusEvents) != 0;

    [Fact]
    public async Task FocusReportsReachTheWindowThatAskedAndWindowSwitchesAreReported()
    {
        using var env = new MuxEnvironment();
        string asked = Path.Combine(env.Root, "asked"), plain = Path.Combine(env.Root, "plain");
        using var client = env.StartAttached(["-S", "focus", .. Recorder(asked, "\\033[?1004h")]);
        await client.WaitForTextAsync("ready");
        await client.WaitForAsync(Reporting, what: "the terminal reporting focus for window 0");

        client.SendBytes("\e[O\e[I"u8);   // the user's terminal lost the focus and got it back
        Assert.Equal("\e[O\e[I", await ContentAsync(asked, "\e[O\e[I"));

        Assert.Equal(0, (await env.Run(["-S", "focus", "-X", "screen", .. Recorder(plain, "")])).ExitCode);
        await client.WaitForTextAsync("1* sh");
        await Wait.UntilAsync(() => File.Exists(plain), TimeSpan.FromSeconds(10), "window 1's recorder ready");
        // Window 0 is told it lost the focus; the terminal stops reporting for window 1, which did not ask.
        Assert.Equal("\e[O\e[I\e[O", await ContentAsync(asked, "\e[O\e[I\e[O"));
        await client.WaitForAsync(t => !Reporting(t), what: "the terminal no longer reporting focus");
        client.SendBytes("\e[Ix"u8);   // a report still in flight: window 1 gets only the key
        Assert.Equal("x", await ContentAsync(plain, "x"));

        client.SendKeys("\x01" + "0");
        Assert.Equal("\e[O\e[I\e[O\e[I", await ContentAsync(asked, "\e[O\e[I\e[O\e[I"));
        await client.WaitForAsync(Reporting, what: "the terminal reporting focus again");

        // A read-only display's focus reports are input like its keys: no window gets them.
        using var watcher = env.StartAttached(["-x", "focus", "--read-only"]);
        await watcher.WaitForTextAsync("0* sh");
        watcher.SendBytes("\e[O"u8);
        watcher.SendKeys("z");
        await watcher.WaitForTextAsync("Read-only display");
        client.SendKeys("y");
        Assert.Equal("\e[O\e[I\e[O\e[Iy", await ContentAsync(asked, "\e[O\e[I\e[O\e[Iy"));

        client.SendKeys("\x01" + "d");
        Assert.Equal(0, await client.WaitForExitAsync());
        Assert.False(client.Read(Reporting), "focus reports left on after detach");
    }

    [Fact]
    public async Task WithRegionsTheFocusedRegionsWindowDecides()
    {
        using var env = new MuxEnvironment();
        string asked = Path.Combine(env.Root, "asked");
        using var client = env.StartAttached(["-S", "regions", .. Recorder(asked, "\\033[?1004h\\033[>1u")]);
        await client.WaitForTextAsync("ready");
        await client.WaitForAsync(t => Reporting(t) && t.KittyKeyFlags == KittyKeyFlags.DisambiguateEscapeCodes, what: "window 0's modes on");

        Assert.Equal(0, (await env.Run("-S", "regions", "-X", "split")).ExitCode);
        Assert.Equal(0, (await env.Run("-S", "regions", "-X", "focus")).ExitCode);
        // The focused region shows no window: nothing asked, the terminal's modes come off, window 0 lost the focus.
        await client.WaitForAsync(t => !Reporting(t) && t.KittyKeyFlags == KittyKeyFlags.None, what: "the modes off for the empty region");
        Assert.Equal("\e[O", await ContentAsync(asked, "\e[O"));

        client.SendKeys("\x01" + "\t");
        await client.WaitForAsync(t => Reporting(t) && t.KittyKeyFlags == KittyKeyFlags.DisambiguateEscapeCodes, what: "window 0's modes on again");
        Assert.Equal("\e[O\e[I", await ContentAsync(asked, "\e[O\e[I"));
    }

    /// <summary>
    /// What only looks like a focus report is kept: the same bytes inside a paste reach a window that did not ask for
    /// reports. The display that attached first types through the server once a second one has attached (only the
    /// latest writes to the window directly), so this goes through the server's reading of the input.
    /// </summary>
    [Fact]
    public async Task BytesLikeAFocusReportInsideAPasteReachTheWindow()
    {
        using var env = new MuxEnvironment();
        string file = Path.Combine(env.Root, "pasted");
        using var first = env.StartAttached(["-S", "paste", .. Recorder(file, "")]);
        await first.WaitForTextAsync("ready");
        using var second = env.StartAttached(["-x", "paste"]);
        await second.WaitForTextAsync("[paste] 0* sh");
        second.SendKeys("s");
        Assert.Equal("s", await ContentAsync(file, "s"));

        first.SendBytes("\e[200~a\e[Ib\e[Oc\e[201~"u8);
        Assert.Contains("a\e[Ib\e[Oc", await ContentAsync(file, "s\e[200~a\e[Ib\e[Oc\e[201~"));
    }
}
