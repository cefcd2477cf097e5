using System.Text;

namespace Mux.Vt100.Tests.Modern;

/// <summary>modifyOtherKeys (xterm) and the kitty keyboard protocol's flag stack, per screen as kitty keeps it.</summary>
public class ExtendedKeysTests
{
    private static void Feed(Terminal t, string s) => t.Feed(Encoding.UTF8.GetBytes(s));

    private static string Replies(Terminal t)
    {
        var w = new System.Buffers.ArrayBufferWriter<byte>();
        t.TakeReplies(w);
        return Encoding.UTF8.GetString(w.WrittenSpan);
    }

    [Fact]
    public void ModifyOtherKeysIsSetQueriedAndReset()
    {
        var t = new Terminal(20, 3);
        Feed(t, "\e[>4;2m");
        Assert.Equal(2, t.ModifyOtherKeys);
        Feed(t, "\e[?4m");
        Assert.Equal("\e[>4;2m", Replies(t));
        Feed(t, "\e[>4n");
        Assert.Equal(0, t.ModifyOtherKeys);
        Feed(t, "\e[>4;1m\e[>4m");
        Assert.Equal(0, t.ModifyOtherKeys);
    }

    [Fact]
    public void KittyFlagsPushSetAndPop()
    {
        var t = new Terminal(20, 3);
        Feed(t, "\e[>1u");
        Assert.Equal(KittyKeyFlags.DisambiguateEscapeCodes, t.KittyKeyFlags);
        Feed(t, "\e[>11u");
        Assert.Equal((KittyKeyFlags)11, t.KittyKeyFlags);
        Feed(t, "\e[=4;3u");    // remove the bits given
        Assert.Equal((KittyKeyFlags)11, t.KittyKeyFlags);
        Feed(t, "\e[=2;3u");
        Assert.Equal((KittyKeyFlags)9, t.KittyKeyFlags);
        Feed(t, "\e[=16;2u");   // add them
        Assert.Equal((KittyKeyFlags)25, t.KittyKeyFlags);
        Feed(t, "\e[<u");
        Assert.Equal(KittyKeyFlags.DisambiguateEscapeCodes, t.KittyKeyFlags);
        Feed(t, "\e[<5u");
        Assert.Equal(KittyKeyFlags.None, t.KittyKeyFlags);
    }

    [Fact]
    public void EachScreenHasItsOwnStack()
    {
        var t = new Terminal(20, 3);
        Feed(t, "\e[>1u\e[?1049h");
        Assert.Equal(KittyKeyFlags.None, t.KittyKeyFlags);
        Feed(t, "\e[>31u");
        Assert.Equal(KittyKeyFlags.All, t.KittyKeyFlags);
        Feed(t, "\e[?1049l");
        Assert.Equal(KittyKeyFlags.DisambiguateEscapeCodes, t.KittyKeyFlags);
    }

    [Fact]
    public void AQueryAnswersOnlyWhatIsReallyProvided()
    {
        var t = new Terminal(20, 3);
        Feed(t, "\e[>31u\e[?u");
        Assert.Equal("\e[?0u", Replies(t));
        t.KittyKeySupport = KittyKeyFlags.DisambiguateEscapeCodes;
        Feed(t, "\e[?u");
        Assert.Equal("\e[?1u", Replies(t));
    }

    [Fact]
    public void AFloodOfPushesKeepsTheStackBounded()
    {
        var t = new Terminal(20, 3);
        Feed(t, "\e[>1u" + string.Concat(Enumerable.Repeat("\e[>2u", 100_000)));
        Feed(t, string.Concat(Enumerable.Repeat("\e[<u", Terminal.MaxKittyKeyStack - 1)));
        Assert.Equal(KittyKeyFlags.ReportEventTypes, t.KittyKeyFlags);
    }

    [Fact]
    public void FocusEventsModeIsTracked()
    {
        var t = new Terminal(20, 3);
        Feed(t, "\e[?1004h");
        Assert.True(t.Modes.HasFlag(TerminalModes.FocusEvents));
        Feed(t, "\e[?1004l");
        Assert.False(t.Modes.HasFlag(TerminalModes.FocusEvents));
    }
}
