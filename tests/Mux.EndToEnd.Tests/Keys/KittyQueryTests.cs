using Mux.EndToEnd.Tests.Support;
using Mux.Vt100;

namespace Mux.EndToEnd.Tests.Keys;

/// <summary>
/// A program asking for the kitty keyboard flags (CSI ? u) learns what Mux can really deliver: the flags it pushed when
/// the user's terminal speaks the protocol (the client asks it at attach), none when it does not.
/// </summary>
public class KittyQueryTests
{
    /// <summary>A shell line that pushes flag 1, asks for the flags and prints the answer as <c>got-[?Nu-</c>.</summary>
    private const string PushAndAsk =
        "stty raw -echo; printf '\\033[>1u\\033[?u'; r=$(dd bs=1 count=5 2>/dev/null); stty sane; " +
        "printf 'got-%s-\\n' \"$(printf %s \"$r\" | cut -c2-)\"";

    private static bool Shows(Terminal t, string text)
    {
        for (int r = 0; r < t.Rows; r++)
            if (t.GetRowText(r).Contains(text, StringComparison.Ordinal)) return true;
        return false;
    }

    [Theory]
    [InlineData(true, "got-[?1u-")]
    [InlineData(false, "got-[?0u-")]
    public async Task TheFlagsAnsweredAreThoseTheUsersTerminalProvides(bool kittyKeys, string expected)
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-S", "kq", "/bin/sh"], 80, 24, kittyKeys: kittyKeys);
        await client.WaitForRawTextAsync("\e[?u");   // the client asked its terminal
        await client.WaitForTextAsync("[kq] 0* sh");
        client.SendKeys(PushAndAsk + "\r");
        await client.WaitForAsync(t => Shows(t, expected), what: expected);
    }

    /// <summary>
    /// Keys typed after the terminal answered reach the program only after the server has heard the answer, even
    /// when the server is slow to take it in: a key written straight to the window must not overtake it, or the
    /// program asks and hears that the terminal has no kitty keys.
    /// </summary>
    [Fact]
    public async Task KeysNeverOvertakeTheTerminalsAnswersToASlowServer()
    {
        using var env = new MuxEnvironment();
        var slow = new Dictionary<string, string> { ["MUX_TEST_COLORS_DELAY"] = "400", ["PS1"] = "ready> " };
        using var client = env.StartAttached(["-S", "kq", "/bin/sh"], 80, 24, env: slow, kittyKeys: true);
        await client.WaitForRawTextAsync("\e[?u");
        await client.WaitForTextAsync("ready>");   // the shell runs, and keys may go straight to it
        client.SendKeys(PushAndAsk + "\r");
        await client.WaitForAsync(t => Shows(t, "got-[?1u-") || Shows(t, "got-[?0u-"), what: "the answer");
        Assert.True(client.Read(t => Shows(t, "got-[?1u-")), "the program was told the terminal has no kitty keys");
    }
}
