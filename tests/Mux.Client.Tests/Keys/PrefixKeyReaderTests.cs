using System.Text;
using Mux.Client.Keys;

namespace Mux.Client.Tests.Keys;

/// <summary>The client's input parsing: the prefix is a key only where a key can be.</summary>
public class PrefixKeyReaderTests
{
    private const string CtrlA = "\u0001";
    private const string Esc = "\u001b";

    private static List<KeyAction> Read(PrefixKeyReader reader, params string[] reads)
    {
        var actions = new List<KeyAction>();
        foreach (var r in reads) reader.Read(Encoding.UTF8.GetBytes(r), actions);
        return actions;
    }

    private static List<KeyAction> Read(params string[] reads) => Read(new PrefixKeyReader(0x01, (byte)'a'), reads);

    private static string Sent(List<KeyAction> actions) =>
        Encoding.UTF8.GetString(actions.Where(a => a.Kind == KeyActionKind.Input).SelectMany(a => a.Bytes!).ToArray());

    [Theory]
    [InlineData("hello")]
    [InlineData(Esc)]                          // Esc alone goes at once
    [InlineData(Esc + "OA" + Esc + "[1;5C")]   // application cursor keys, Ctrl+Right
    [InlineData(Esc + "x" + Esc + "[15~")]     // Alt+x, F5
    [InlineData(Esc + "[<0;10;5M" + Esc + "[<0;10;5m")] // SGR mouse
    [InlineData(Esc + "[M !!")]                // X10 mouse
    [InlineData(Esc + "]52;c;aGk=" + Esc + "\\")] // an OSC reply that is no colour answer
    [InlineData("é日本")]
    public void EverythingButThePrefixPassesVerbatim(string keys)
    {
        var actions = Read(keys);
        Assert.All(actions, a => Assert.Equal(KeyActionKind.Input, a.Kind));
        Assert.Equal(keys, Sent(actions));
    }

    [Fact]
    public void PrefixCommands()
    {
        var actions = Read("ab" + CtrlA + "d" + "c" + CtrlA + "c" + CtrlA + "\"" + CtrlA + "?" + CtrlA + "k" + CtrlA + "A" + CtrlA + "3");
        Assert.Equal("abc", Sent(actions));
        Assert.Equal(
            [KeyActionKind.Input, KeyActionKind.Detach, KeyActionKind.Input, KeyActionKind.Command, KeyActionKind.Chooser,
             KeyActionKind.Help, KeyActionKind.ConfirmKill, KeyActionKind.Rename, KeyActionKind.Command],
            actions.Select(a => a.Kind));
        Assert.Equal(["screen"], actions[3].Command!);
        Assert.Equal(["select", "3"], actions[^1].Command!);
    }

    [Fact]
    public void PrefixSplitAcrossReadsStillWorks()
    {
        var actions = Read("x" + CtrlA, "n");
        Assert.Equal("x", Sent(actions));
        Assert.Equal(["next"], actions.Single(a => a.Kind == KeyActionKind.Command).Command!);
    }

    [Fact]
    public void PrefixThenLiteralSendsThePrefixByte()
    {
        Assert.Equal(CtrlA, Sent(Read(CtrlA + "a")));
        Assert.Equal(["other"], Read(CtrlA + CtrlA).Single().Command!);
    }

    [Fact]
    public void ThePrefixInsideABracketedPasteIsText()
    {
        string paste = Esc + "[200~a" + CtrlA + "d" + Esc + "b" + CtrlA + Esc + "[201~";
        var actions = Read(paste + CtrlA + "d");
        Assert.Equal(paste, Sent(actions));
        Assert.Equal(KeyActionKind.Detach, actions[^1].Kind);
    }

    [Fact]
    public void APasteSplitAcrossReadsStaysAPaste()
    {
        var reader = new PrefixKeyReader(0x01, (byte)'a');
        var actions = Read(reader, Esc + "[20", "0~one" + CtrlA, "d two" + Esc + "[2", "01~", CtrlA + "n");
        Assert.Equal(Esc + "[200~one" + CtrlA + "d two" + Esc + "[201~", Sent(actions));
        Assert.Equal(["next"], actions[^1].Command!);
        Assert.False(reader.InPaste);
    }

    [Fact]
    public void AltPrefixInOneReadGoesToTheProgram()
    {
        var actions = Read(Esc + CtrlA + "d");
        Assert.Equal(Esc + CtrlA + "d", Sent(actions));
    }

    [Fact]
    public void EscThenPrefixInSeparateReadsIsThePrefix()
    {
        var actions = Read(Esc, CtrlA + "d");
        Assert.Equal(Esc, Sent(actions));
        Assert.Equal(KeyActionKind.Detach, actions[^1].Kind);
    }

    [Fact]
    public void AnUnfinishedSequenceNeverSwallowsTheNextPrefix()
    {
        Assert.Equal(KeyActionKind.Detach, Read(Esc + "[", CtrlA + "d")[^1].Kind);
        Assert.Equal(KeyActionKind.Detach, Read(Esc + "]0;title", CtrlA + "d")[^1].Kind);
        Assert.Equal(KeyActionKind.Detach, Read(Esc + "[1;" + CtrlA + "d")[^1].Kind);
    }

    [Fact]
    public void AnUnboundSequenceAfterThePrefixIsDroppedWhole()
    {
        var actions = Read(CtrlA + Esc + "[A" + "x");
        Assert.Equal("x", Sent(actions));
        actions = Read(CtrlA + "é" + "x");
        Assert.Equal("x", Sent(actions));
    }

    [Fact]
    public void CopyModeKeysAreBracketsAndALoneEsc()
    {
        Assert.Equal(["copy"], Read(CtrlA + "[").Single().Command!);
        Assert.Equal(["copy"], Read(CtrlA + Esc).Single().Command!);
        Assert.Equal(["copy"], Read(CtrlA, Esc).Single().Command!);
        Assert.Equal(["paste"], Read(CtrlA + "]").Single().Command!);
    }

    [Fact]
    public void MouseReportsAreNeverThePrefix()
    {
        // With a printable prefix (-e '`a'), a report's bytes may equal it: they still belong to the report, also
        // when the report is cut between two reads.
        var reader = new PrefixKeyReader((byte)'`', (byte)'a');
        string x10 = Esc + "[M `%";   // column 64 is the byte '`'
        string sgr = Esc + "[<0;96;5M";
        var actions = Read(reader, x10 + sgr, Esc + "[<64;1", "0;5M", "`n");
        Assert.Equal(x10 + sgr + Esc + "[<64;10;5M", Sent(actions));
        Assert.Equal(["next"], actions[^1].Command!);
    }

    [Fact]
    public void ThePrefixByteEndingASplitSequenceIsNotThePrefix()
    {
        // F5 (ESC [ 1 5 ~) cut after "15", with '~' as the prefix: its last byte still belongs to the key.
        var reader = new PrefixKeyReader((byte)'~', (byte)'a');
        var actions = Read(reader, Esc + "[15", "~", "x");
        Assert.Equal(Esc + "[15~x", Sent(actions));
        Assert.All(actions, a => Assert.Equal(KeyActionKind.Input, a.Kind));
    }
}
