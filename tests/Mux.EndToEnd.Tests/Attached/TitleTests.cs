using Mux.EndToEnd.Tests.Support;
using Mux.Vt100;

namespace Mux.EndToEnd.Tests.Attached;

/// <summary>
/// The client's terminal is titled after the focused window (tmux's set-titles): <c>SESSION:N TITLE</c> in OSC 2,
/// read here from the bytes mux writes to its pty; a program's title cannot break out of it; the user's own title
/// is pushed at attach and popped at detach.
/// </summary>
public class TitleTests
{
    private const string CtrlA = "\u0001";

    private static bool AnyRow(Terminal t, string text)
    {
        for (int r = 0; r < t.Rows; r++)
            if (t.GetRowText(r).TrimEnd().EndsWith(text, StringComparison.Ordinal)) return true;   // a prompt may come first
        return false;
    }

    [Fact]
    public async Task TheTerminalIsTitledAfterTheFocusedWindowAndGetsItsOwnTitleBack()
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-S", "tt", "/bin/sh"], 80, 24);
        await client.WaitForRawTextAsync("\e]2;tt:0 sh\e\\");
        Assert.StartsWith("\e[22;0t", client.RawText);

        client.SendKeys(CtrlA + "c");
        await client.WaitForRawTextAsync("\e]2;tt:1 sh\e\\");

        // ESC and BEL end the program's OSC; a C1 control (CSI, U+009B) inside it must not reach the terminal raw.
        client.SendKeys("printf '\\033]2;evil\\302\\23331mx\\007'; echo titled-$((2+2))\r");
        await client.WaitForAsync(t => AnyRow(t, "titled-4"), what: "the title printed");
        await client.WaitForRawTextAsync("\e]2;tt:1 evil31mx\e\\");
        Assert.DoesNotContain("\u009b", client.RawText);

        Assert.DoesNotContain("\e[23;0t", client.RawText);
        client.SendKeys(CtrlA + "d");
        await client.WaitForExitAsync();
        Assert.Contains("\e[23;0t", client.RawText);
    }

    [Fact]
    public async Task SettitleOffLeavesTheTitleAlone()
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-S", "nt", "/bin/sh"], 80, 24);
        await client.WaitForRawTextAsync("\e]2;nt:0 sh\e\\");
        var r = await env.Run("-S", "nt", "-X", "settitle", "off");
        Assert.True(r.ExitCode == 0, r.ToString());
        client.SendKeys("printf '\\033]2;quiet\\007'; echo done-$((3+3))\r");
        await client.WaitForAsync(t => AnyRow(t, "done-6"), what: "the title set");
        Assert.DoesNotContain("\e]2;nt:0 quiet", client.RawText);
    }
}
