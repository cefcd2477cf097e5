using Mux.EndToEnd.Tests.Support;
using Mux.Vt100;

namespace Mux.EndToEnd.Tests.Attached;

/// <summary>
/// OSC 8 out: a program's hyperlinks are drawn as links on the client's own terminal (read here from the bytes mux
/// writes to its pty and from the emulator fed with them), in history shown by copy mode too, unless <c>hyperlinks off</c>.
/// </summary>
public class HyperlinkTests
{
    private const string CtrlA = "\u0001";
    private const string Esc = "\u001b";

    // The shell's printf makes the escapes, so the echoed command line does not already hold the bytes looked for.
    private const string PrintLink = "printf '\\033]8;;https://example.com/x\\033\\\\link\\033]8;;\\033\\\\ plain\\n'\r";

    private static int RowOf(Terminal t, string text)
    {
        for (int r = 0; r < t.Rows; r++)
            if (t.GetRowText(r).TrimEnd() == text) return r;
        return -1;
    }

    private static async Task<TerminalSession> StartShellAsync(MuxEnvironment env, string name)
    {
        var client = env.StartAttached(["-S", name, "/bin/sh"], 80, 24);
        await client.WaitForTextAsync($"[{name}] 0* sh");
        return client;
    }

    [Fact]
    public async Task AProgramsLinkIsDrawnAsALinkAlsoInCopyModesHistory()
    {
        using var env = new MuxEnvironment();
        using var client = await StartShellAsync(env, "hl");
        client.SendKeys(PrintLink);
        await client.WaitForRawTextAsync("\e]8;;https://example.com/x\e\\link\e]8;;\e\\ plain");
        int row = client.Read(t => RowOf(t, "link plain"));
        Assert.True(row >= 0, client.ScreenText);
        Assert.Equal("https://example.com/x", client.Read(t => t.GetHyperlinkAt(0, row)?.Uri));
        Assert.Null(client.Read(t => t.GetHyperlinkAt(4, row)));

        // Push the line into the window's history, then scroll back to it in copy mode.
        client.SendKeys("seq 1 40\r");
        await client.WaitForAsync(t => RowOf(t, "40") >= 0 && RowOf(t, "link plain") < 0, what: "the link scrolled away");
        client.SendKeys(CtrlA + Esc);
        await client.WaitForAsync(t => t.GetRowText(t.Rows - 1).Contains("[copy mode]"), what: "copy mode");
        client.SendKeys("g");
        await client.WaitForAsync(t => RowOf(t, "link plain") is var r && r >= 0 && t.GetHyperlinkAt(0, r)?.Uri == "https://example.com/x",
            what: "the link in history");
        Assert.Null(client.Read(t => t.GetHyperlinkAt(4, RowOf(t, "link plain"))));
    }

    [Fact]
    public async Task HyperlinksOffDrawsNoLinks()
    {
        using var env = new MuxEnvironment();
        using var client = await StartShellAsync(env, "nohl");
        var r = await env.Run("-S", "nohl", "-X", "hyperlinks", "off");
        Assert.True(r.ExitCode == 0, r.ToString());
        client.SendKeys(PrintLink);
        await client.WaitForAsync(t => RowOf(t, "link plain") >= 0, what: "the text printed");
        Assert.DoesNotContain("\e]8;", client.RawText);

        // A link too long to keep is refused, and `info` says so.
        client.SendKeys("printf '\\033]8;;http://x/%s\\033\\\\long-link\\033]8;;\\033\\\\\\n' $(head -c 3000 /dev/zero | tr '\\0' a)\r");
        await client.WaitForAsync(t => RowOf(t, "long-link") >= 0, what: "the refused link's text");
        var info = await env.Run("-S", "nohl", "-Q", "info");
        Assert.Contains("1 hyperlinks refused", info.Stdout);

        var bad = await env.Run("-S", "nohl", "-X", "hyperlinks", "maybe");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("usage: hyperlinks on|off", bad.ToString());
    }
}
