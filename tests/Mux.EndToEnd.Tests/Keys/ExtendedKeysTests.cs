using System.Text;
using Mux.EndToEnd.Tests.Support;
using Mux.Vt100;

namespace Mux.EndToEnd.Tests.Keys;

/// <summary>
/// Extended keys (kitty's keyboard protocol, xterm's modifyOtherKeys) through mux: the user's terminal is put in the
/// shown window's encoding, keys reach the program as it asked for them, and the modes never outlive the window or
/// the attach. The test's terminal plays the user's: it sends what a terminal in that mode would.
/// </summary>
public class ExtendedKeysTests
{
    private const string KittyPush1 = "\e[>1u", KittyPop = "\e[<u";

    /// <summary>A window whose program asks for <paramref name="enable"/> and then records every byte it reads.</summary>
    private static string[] Recorder(string file, string enable) =>
        ["/bin/sh", "-c", $"stty raw -echo; printf '{enable}'; echo ready; exec cat > '{file}'"];

    private static async Task<string> ContentAsync(string file, int length)
    {
        await Wait.UntilAsync(() => File.Exists(file) && new FileInfo(file).Length >= length, TimeSpan.FromSeconds(10), $"{length} bytes in {file}");
        return File.ReadAllText(file);
    }

    [Fact]
    public async Task KittyKeysReachTheWindowThatAskedAndThePrefixStillWorks()
    {
        using var env = new MuxEnvironment();
        string file = Path.Combine(env.Root, "keys");
        using var client = env.StartAttached(["-S", "kitty", .. Recorder(file, "\\033[>1u")]);
        await client.WaitForTextAsync("ready");
        await client.WaitForRawTextAsync(KittyPush1);

        client.SendBytes("\e[13;2u"u8);   // Shift+Enter, as a terminal in kitty mode sends it
        Assert.Equal("\e[13;2u", await ContentAsync(file, 7));
        // Ctrl+A a (the literal prefix) gives the program Ctrl+A in the form it asked for.
        client.SendBytes("\e[97;5ua"u8);
        Assert.Equal("\e[13;2u\e[97;5u", await ContentAsync(file, 14));

        client.SendBytes("\e[97;5u"u8);   // Ctrl+A in kitty's encoding is the prefix
        client.SendKeys("d");
        Assert.Equal(0, await client.WaitForExitAsync());
        string raw = client.RawText;
        Assert.Contains(KittyPop, raw[raw.LastIndexOf(KittyPush1, StringComparison.Ordinal)..]);
        Assert.Equal(Count(raw, KittyPush1), Count(raw, KittyPop));   // every push popped
        Assert.Equal("\e[13;2u\e[97;5u", File.ReadAllText(file));   // neither the prefix nor d reached the program
    }

    [Fact]
    public async Task ModifyOtherKeysReachTheWindowThatAskedAndThePrefixStillWorks()
    {
        using var env = new MuxEnvironment();
        string file = Path.Combine(env.Root, "keys");
        using var client = env.StartAttached(["-S", "xterm", .. Recorder(file, "\\033[>4;2m")]);
        await client.WaitForTextAsync("ready");
        await client.WaitForRawTextAsync("\e[>4;2m");

        client.SendBytes("\e[27;2;13~"u8);   // Shift+Enter in xterm's modifyOtherKeys form
        Assert.Equal("\e[27;2;13~", await ContentAsync(file, 10));
        client.SendBytes("\e[27;5;97~a"u8);   // the literal prefix: Ctrl+A as modifyOtherKeys 2 writes it
        Assert.Equal("\e[27;2;13~\e[27;5;97~", await ContentAsync(file, 20));

        client.SendBytes("\e[27;5;97~"u8);
        client.SendKeys("d");
        Assert.Equal(0, await client.WaitForExitAsync());
        string raw = client.RawText;
        // Given back to the terminal's own setting after the last time it was set.
        Assert.Contains("\e[>4m", raw[raw.LastIndexOf("\e[>4;2m", StringComparison.Ordinal)..]);
        Assert.Equal("\e[27;2;13~\e[27;5;97~", File.ReadAllText(file));
    }

    [Fact]
    public async Task ALegacyWindowGetsLegacyBytesAndTheModesFollowTheShownWindow()
    {
        using var env = new MuxEnvironment();
        string kittyFile = Path.Combine(env.Root, "kitty"), legacyFile = Path.Combine(env.Root, "legacy");
        using var client = env.StartAttached(["-S", "follow", .. Recorder(kittyFile, "\\033[>1u")]);
        await client.WaitForTextAsync("ready");
        await client.WaitForAsync(t => t.KittyKeyFlags == KittyKeyFlags.DisambiguateEscapeCodes, what: "kitty mode on for window 0");
        Assert.Equal(0, (await env.Run(["-S", "follow", "-X", "screen", .. Recorder(legacyFile, "")])).ExitCode);
        await client.WaitForTextAsync("1* sh");
        // cat has the file open once the window's terminal is raw (a cooked one would turn CR into LF).
        await Wait.UntilAsync(() => File.Exists(legacyFile), TimeSpan.FromSeconds(10), "window 1's recorder ready");
        // Window 1 asked for nothing: the terminal's kitty mode is taken off for it.
        await client.WaitForAsync(t => t.KittyKeyFlags == KittyKeyFlags.None, what: "kitty mode off for window 1");

        // Keys a terminal still in kitty mode sends (they may be in flight while the window changes) are written as
        // a legacy terminal would send them; a flood of them too; a garbled CSI u reaches no program.
        client.SendBytes("\e[13;2u"u8);
        client.SendBytes("\e[;;u"u8);
        await client.WaitForTextAsync("Dropped a key the window cannot read");
        var flood = new StringBuilder();
        for (int i = 0; i < 2000; i++) flood.Append("\e[97u");
        client.SendKeys(flood.ToString());
        client.SendBytes("\e[122;5u"u8);   // Ctrl+Z as kitty writes it: 0x1a for a legacy program
        string legacy = await ContentAsync(legacyFile, 2002);
        Assert.True("\r" + new string('a', 2000) + "\x1a" == legacy, $"legacy bytes ({legacy.Length}): " + Shown(legacy));

        // Switching back and forth, fast: the terminal's mode follows the shown window, and nothing stays on.
        for (int i = 0; i < 21; i++) client.SendKeys("\x01" + "n");
        await client.WaitForAsync(t => t.KittyKeyFlags == KittyKeyFlags.DisambiguateEscapeCodes, what: "window 0's kitty mode on again");
        await client.WaitForTextAsync("0* sh");
        client.SendKeys("\x01" + "d");
        Assert.Equal(0, await client.WaitForExitAsync());
        string raw = client.RawText;
        Assert.Equal(Count(raw, KittyPush1), Count(raw, KittyPop));
        Assert.True(raw.LastIndexOf(KittyPop, StringComparison.Ordinal) > raw.LastIndexOf(KittyPush1, StringComparison.Ordinal));
        // A switch pushes at most once: never more pushes than the 11 switches to window 0 and the 2 of the attach
        // (the first frame, and again once the server draws on the terminal itself).
        Assert.InRange(Count(raw, KittyPush1), 1, 13);
    }

    [Fact]
    public async Task AHungUpClientTakesTheModesOffAndAPushFloodPushesTheTerminalOnce()
    {
        using var env = new MuxEnvironment();
        string file = Path.Combine(env.Root, "keys");
        var pushes = string.Concat(Enumerable.Repeat("\\033[>1u", 1000));
        using var client = env.StartAttached(["-S", "hup", .. Recorder(file, pushes + "\\033[>4;1m")]);
        await client.WaitForTextAsync("ready");
        await client.WaitForRawTextAsync("\e[>4;1m");
        client.Kill(1);   // SIGHUP, the terminal still there
        await client.WaitForExitAsync();
        string raw = client.RawText;
        // Once for the first frame and once again when the server takes over drawing on the terminal (the client
        // takes its modes off for the hand-over), never once per push of the program's; every push popped.
        Assert.InRange(Count(raw, KittyPush1), 1, 2);
        Assert.Equal(Count(raw, KittyPush1), Count(raw, KittyPop));
        Assert.Contains(KittyPop, raw[raw.LastIndexOf(KittyPush1, StringComparison.Ordinal)..]);
        Assert.Contains("\e[>4m", raw[raw.LastIndexOf("\e[>4;1m", StringComparison.Ordinal)..]);
    }

    /// <summary>The bytes with runs of a collapsed and controls named, for a failure message.</summary>
    private static string Shown(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, "a{2,}", m => $"a*{m.Length}")
            .Replace("\e", "ESC").Replace("\r", "\\r").Replace("\x1a", "^Z");

    private static int Count(string text, string what)
    {
        int n = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
