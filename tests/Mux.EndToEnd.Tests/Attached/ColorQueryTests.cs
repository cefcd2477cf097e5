using Mux.EndToEnd.Tests.Support;
using Mux.Vt100;
using Mux.Vt100.Screen;

namespace Mux.EndToEnd.Tests.Attached;

/// <summary>
/// A program asking its terminal for the background colour (OSC 11 "?") learns the colour of the user's real terminal:
/// the client asks its terminal at attach (the test's terminal answers with colours of its own) and tells the server;
/// the client that most recently attached or typed is the one that counts; with nobody attached, xterm's default.
/// </summary>
public class ColorQueryTests
{
    /// <summary>A shell line that asks for the background and prints the answer's colour as <c>LABEL-rgb:…-</c>.</summary>
    private static string AskBackground(string label) =>
        "stty raw -echo; printf '\\033]11;?\\033\\\\'; r=$(dd bs=1 count=25 2>/dev/null); stty sane; " +
        $"printf '{label}-%s-\\n' \"$(printf %s \"$r\" | cut -c6-23)\"";

    private static LearnedColors Background(uint rgb)
    {
        var colors = new LearnedColors();
        colors.Set(ColorSlot.OfDynamic(11), rgb);
        return colors;
    }

    private static bool Shows(Terminal t, string text)
    {
        for (int r = 0; r < t.Rows; r++)
            if (t.GetRowText(r).Contains(text, StringComparison.Ordinal)) return true;
        return false;
    }

    [Fact]
    public async Task TheColoursOfTheLastClientThatAttachedOrTypedAreAnswered()
    {
        using var env = new MuxEnvironment();
        using var first = env.StartAttached(["-S", "col", "/bin/sh"], 80, 24, colors: Background(0x12569a));
        await first.WaitForRawTextAsync("\e]11;?\e\\");   // asked, and (by the test's terminal) answered
        await first.WaitForTextAsync("[col] 0* sh");
        first.SendKeys(AskBackground("one") + "\r");
        await first.WaitForAsync(t => Shows(t, "one-rgb:1212/5656/9a9a-"), what: "the first terminal's background");

        // A second display on a terminal of other colours: it attached last, so its colours count.
        using var second = env.StartAttached(["-x", "col"], 80, 24, colors: Background(0xf0e0d0));
        await second.WaitForRawTextAsync("\e]11;?\e\\");
        await second.WaitForTextAsync("one-rgb:1212/5656/9a9a-");
        var stuffed = await env.Run("-S", "col", "-X", "stuff", AskBackground("two") + "\n");
        Assert.True(stuffed.ExitCode == 0, stuffed.ToString());
        await second.WaitForAsync(t => Shows(t, "two-rgb:f0f0/e0e0/d0d0-"), what: "the second terminal's background");

        // The first one types: its colours again.
        first.SendKeys(AskBackground("three") + "\r");
        await first.WaitForAsync(t => Shows(t, "three-rgb:1212/5656/9a9a-"), what: "the first terminal's background again");
    }

    [Fact]
    public async Task AReadOnlyDisplayThatAttachesOrTypesNeverSteersTheColoursAnswered()
    {
        using var env = new MuxEnvironment();
        using var writer = env.StartAttached(["-S", "rocol", "/bin/sh"], 80, 24, colors: Background(0x12569a));
        await writer.WaitForRawTextAsync("\e]11;?\e\\");
        await writer.WaitForTextAsync("[rocol] 0* sh");

        // A watcher on a terminal of other colours attaches last and types (its keys are dropped).
        using var watcher = env.StartAttached(["-x", "rocol", "--read-only"], 80, 24, colors: Background(0xf0e0d0));
        await watcher.WaitForRawTextAsync("\e]11;?\e\\");
        await watcher.WaitForTextAsync("[rocol] 0* sh");
        watcher.SendKeys("x");
        await watcher.WaitForTextAsync("Read-only display");

        var stuffed = await env.Run("-S", "rocol", "-X", "stuff", AskBackground("ro") + "\n");
        Assert.True(stuffed.ExitCode == 0, stuffed.ToString());
        await writer.WaitForAsync(t => Shows(t, "ro-rgb:1212/5656/9a9a-"), what: "the writing display's background, not the watcher's");
    }

    [Fact]
    public async Task WithNobodyAttachedTheDefaultIsAnswered()
    {
        using var env = new MuxEnvironment();
        var r = await env.Run("-dmS", "nocol", "sh", "-c", AskBackground("alone") + "; exec sleep 1000");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var client = env.StartAttached(["-r", "nocol"], 80, 24, colors: Background(0x12569a));
        await client.WaitForAsync(t => Shows(t, "alone-rgb:ffff/ffff/ffff-"), what: "xterm's default background");
    }
}
