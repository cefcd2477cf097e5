using System.Text;
using Mux.Client.Keys;
using Mux.Vt100;

namespace Mux.Client.Tests.Keys;

/// <summary>Keys in kitty's and xterm's extended encodings: the prefix in them, and each key in the window's encoding.</summary>
public class ExtendedKeyReaderTests
{
    private static readonly KeyEncoding Kitty1 = new(KittyKeyFlags.DisambiguateEscapeCodes, 0);
    private static readonly KeyEncoding Xterm2 = new(KittyKeyFlags.None, 2);

    private static List<KeyAction> Read(KeyEncoding window, params string[] reads)
    {
        var reader = new PrefixKeyReader(0x01, (byte)'a') { WindowKeys = () => window };
        var actions = new List<KeyAction>();
        foreach (var r in reads) reader.Read(Encoding.UTF8.GetBytes(r), actions);
        return actions;
    }

    private static string Sent(List<KeyAction> actions) =>
        Encoding.UTF8.GetString(actions.Where(a => a.Kind == KeyActionKind.Input).SelectMany(a => a.Bytes!).ToArray());

    [Theory]
    [InlineData("\e[97;5u")]        // kitty
    [InlineData("\e[27;5;97~")]     // modifyOtherKeys
    [InlineData("\e[1;5u")]         // kitty with the control's own code
    [InlineData("\e[97;69u")]       // with Caps Lock on
    public void CtrlAInAnExtendedEncodingIsThePrefix(string prefix)
    {
        var actions = Read(Kitty1, prefix + "d");
        Assert.Equal([KeyActionKind.Detach], actions.Select(a => a.Kind));
    }

    [Theory]
    [InlineData("\e[100u")]          // d as kitty writes every key with flag 8
    [InlineData("\e[100;1:1u")]      // with its event
    public void TheKeyAfterThePrefixIsReadInAnExtendedEncodingToo(string key)
    {
        // The prefix's own release and a modifier pressed alone come between, and are not that key.
        var actions = Read(Kitty1, "\e[97;5u", "\e[97;5:3u\e[57441u", key);
        Assert.Equal([KeyActionKind.Detach], actions.Select(a => a.Kind));
    }

    [Theory]
    [InlineData("\e[13;2u", "\e[13;2u")]
    [InlineData("\e[27;2;13~", "\e[13;2u")]      // a terminal still in xterm's mode: written as kitty's
    [InlineData("\e[97;5:3u", "")]               // a release the window did not ask for
    public void AKittyWindowGetsKittyKeys(string typed, string expected) =>
        Assert.Equal(expected, Sent(Read(Kitty1, typed)));

    [Theory]
    [InlineData("\e[27;2;13~", "\e[27;2;13~")]
    [InlineData("\e[13;2u", "\e[27;2;13~")]
    [InlineData("\e[27u", "\e")]
    [InlineData("\e[65;2u", "A")]               // Shift alone makes the shifted character
    public void AModifyOtherKeysWindowGetsXtermKeys(string typed, string expected) =>
        Assert.Equal(expected, Sent(Read(Xterm2, typed)));

    [Theory]
    [InlineData("\e[13;2u", "\r")]
    [InlineData("\e[122;5u", "\x1a")]
    [InlineData("\e[97;3u", "\ea")]
    [InlineData("\e[9;2u", "\e[Z")]
    [InlineData("\e[27;5;105~", "\t")]
    [InlineData("\e[97;1:3u", "")]
    [InlineData("\e[57441u", "")]                // Shift pressed alone: nothing to send, nothing to say
    public void ALegacyWindowGetsLegacyBytes(string typed, string expected)
    {
        var actions = Read(KeyEncoding.Legacy, typed);
        Assert.Equal(expected, Sent(actions));
        Assert.DoesNotContain(actions, a => a.Kind == KeyActionKind.Command);
    }

    [Theory]
    [InlineData("\e[;;u")]
    [InlineData("\e[97;5;1;1;1u")]
    [InlineData("\e[57376u")]                    // F13: no legacy form
    [InlineData("\e[97;9u")]                     // Super+a
    public void AKeyTheWindowCannotReadIsDroppedAndTheUserTold(string typed)
    {
        var actions = Read(KeyEncoding.Legacy, "x" + typed + "y");
        Assert.Equal("xy", Sent(actions));
        Assert.Contains(actions, a => a.Kind == KeyActionKind.Command && a.Command![0] == "echo" && a.Command[1].StartsWith("Dropped a key", StringComparison.Ordinal));
    }

    [Fact]
    public void AKeyCutByTheEndOfAReadIsDecidedWhole()
    {
        Assert.Equal("\r", Sent(Read(KeyEncoding.Legacy, "\e[13", ";2u")));
        Assert.Equal("\e[1;5A", Sent(Read(KeyEncoding.Legacy, "\e[1;5", "A")));
        Assert.Equal([KeyActionKind.Detach], Read(Kitty1, "\e[97;", "5ud").Select(a => a.Kind));
    }

    [Fact]
    public void AFloodCutAnywhereLosesAndGarblesNothing()
    {
        var flood = string.Concat(Enumerable.Repeat("\e[97u\e[98;2u", 500));
        Assert.Equal(string.Concat(Enumerable.Repeat("aB", 500)), Sent(ReadFull(KeyEncoding.Legacy, flood)));
        Assert.Equal(flood, Sent(ReadFull(Kitty1, flood)));
    }

    [Theory]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    public void AFloodInReadsOfAnySizeLosesAndGarblesNothing(int size)
    {
        var flood = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("\e[97u", 2000)));
        var reader = new PrefixKeyReader(0x01, (byte)'a');
        var actions = new List<KeyAction>();
        for (int at = 0; at < flood.Length; at += size)
        {
            int n = Math.Min(size, flood.Length - at);
            reader.Read(flood.AsSpan(at, n), actions, () => true);
        }
        Assert.Equal(new string('a', 2000), Sent(actions));
    }

    /// <summary>A flood read 37 bytes at a time, the rest of a cut sequence always on its way but after the last read.</summary>
    private static List<KeyAction> ReadFull(KeyEncoding window, string input)
    {
        var reader = new PrefixKeyReader(0x01, (byte)'a') { WindowKeys = () => window };
        var actions = new List<KeyAction>();
        var bytes = Encoding.UTF8.GetBytes(input);
        for (int at = 0; at < bytes.Length; at += 37)
            reader.Read(bytes.AsSpan(at, Math.Min(37, bytes.Length - at)), actions, () => at + 37 < bytes.Length);
        return actions;
    }

    [Fact]
    public void TheLiteralPrefixIsSentInTheWindowsEncoding()
    {
        Assert.Equal("\e[97;5u", Sent(Read(Kitty1, "\e[97;5ua")));
        Assert.Equal("\e[27;5;97~", Sent(Read(Xterm2, "\u0001a")));
        Assert.Equal("\u0001", Sent(Read(KeyEncoding.Legacy, "\e[97;5ua")));
    }
}
