using System.Text;
using Mux.Vt100.Input;

namespace Mux.Vt100.Tests.Input;

public class KeyEncoderTests
{
    [Theory]
    [InlineData(CursorKey.Up, TerminalModes.None, "\e[A")]
    [InlineData(CursorKey.Down, TerminalModes.ApplicationCursorKeys, "\eOB")]
    [InlineData(CursorKey.Left, TerminalModes.BracketedPaste, "\e[D")]
    public void ArrowKeysFollowDeccKm(CursorKey key, TerminalModes modes, string expected) =>
        Assert.Equal(expected, Encoding.ASCII.GetString(KeyEncoder.Cursor(key, modes)));

    [Fact]
    public void APasteIsBracketedOnlyWhenTheProgramAskedForIt()
    {
        Assert.Equal("\e[200~a\rb\e[201~", Encoding.ASCII.GetString(KeyEncoder.Paste("a\rb"u8, TerminalModes.BracketedPaste)));
        Assert.Equal("a\rb", Encoding.ASCII.GetString(KeyEncoder.Paste("a\rb"u8, TerminalModes.None)));
    }

    /// <summary>What the encoder writes, the tokenizer reads back as the same key.</summary>
    [Fact]
    public void EncodedArrowsReadBackAsSequenceKeys()
    {
        foreach (var modes in new[] { TerminalModes.None, TerminalModes.ApplicationCursorKeys })
        {
            var sink = new InputTokenizerTests.Recorder();
            new InputTokenizer().Feed(KeyEncoder.Cursor(CursorKey.Right, modes), sink);
            Assert.Equal(modes == TerminalModes.None ? "key \\e[C" : "key \\eOC ss3", Assert.Single(sink.Tokens));
        }
    }
}

public class DecModesTests
{
    /// <summary>Every mode a client's terminal mirrors is turned off by what it is given at detach (mode 9 once was not).</summary>
    [Fact]
    public void TheDetachSequenceTurnsOffEveryMirroredMode()
    {
        var t = new Terminal(80, 24);
        foreach (var mode in DecModes.All)
            if (mode.Mirrored) t.Feed(Encoding.ASCII.GetBytes($"\e[?{mode.Number}h"));
        t.Feed("\e[?1;9;1004;2004h\e[?7l"u8);
        Assert.NotEqual(TerminalModes.None, t.Modes & DecModes.Mirrored);
        t.Feed(DecModes.DetachSequence);
        Assert.Equal(TerminalModes.None, t.Modes & DecModes.Mirrored & ~TerminalModes.ApplicationKeypad);
        Assert.Contains("\e[?1;9;1000;", Encoding.ASCII.GetString(DecModes.DetachSequence));
        Assert.NotEqual(TerminalModes.None, t.Modes & TerminalModes.AutoWrap);
    }

    [Fact]
    public void EachModeNumberIsListedOnce() =>
        Assert.Equal(DecModes.All.Length, DecModes.All.Select(m => m.Number).Distinct().Count());
}
