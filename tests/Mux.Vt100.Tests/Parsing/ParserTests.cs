using System.Text;
using Mux.Vt100.Parsing;

namespace Mux.Vt100.Tests.Parsing;

/// <summary>Records every action the parser dispatches, as text, so tests assert on a list.</summary>
internal sealed class RecordingHandler : IParserHandler
{
    public readonly List<string> Actions = new();

    public void PrintAscii(ReadOnlySpan<byte> run) => Actions.Add("print " + Encoding.ASCII.GetString(run));
    public void Print(int codePoint) => Actions.Add($"print U+{codePoint:X4}");
    public void Execute(byte control) => Actions.Add($"exec {control:X2}");
    public void EscDispatch(int id) => Actions.Add($"esc {Describe(id)}");
    public void CsiDispatch(int id, Params p) => Actions.Add($"csi {Describe(id)} {Format(p)}");
    public void OscDispatch(ReadOnlySpan<byte> data, bool bellTerminated) =>
        Actions.Add($"osc {Encoding.UTF8.GetString(data)} {(bellTerminated ? "bel" : "st")}");
    public void DcsHook(int id, Params p) => Actions.Add($"dcs {Describe(id)} {Format(p)}");
    public void DcsPut(byte b) => Actions.Add($"put {(char)b}");
    public void DcsUnhook() => Actions.Add("unhook");

    private static string Describe(int id)
    {
        var sb = new StringBuilder();
        if (SequenceId.Marker(id) != 0) sb.Append(SequenceId.Marker(id));
        for (int shift = 8; shift <= 16; shift += 8)
            if ((id >> shift & 0xFF) != 0) sb.Append((char)(id >> shift & 0xFF));
        sb.Append(SequenceId.Final(id));
        return sb.ToString();
    }

    private static string Format(Params p)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < p.Count; i++)
        {
            if (i > 0) sb.Append(p.IsSubParameter(i) ? ':' : ';');
            sb.Append(p[i]);
        }
        if (p.Overflowed) sb.Append(" overflow");
        return sb.Append(']').ToString();
    }
}

public class ParserTests
{
    private static List<string> Parse(params string[] chunks)
    {
        var parser = new Parser();
        var h = new RecordingHandler();
        foreach (var c in chunks) parser.Advance(h, Encoding.Latin1.GetBytes(c));
        return h.Actions;
    }

    private static List<string> ParseBytes(params byte[][] chunks)
    {
        var parser = new Parser();
        var h = new RecordingHandler();
        foreach (var c in chunks) parser.Advance(h, c);
        return h.Actions;
    }

    [Fact]
    public void PrintableRunIsOneAction() =>
        Assert.Equal(["print hello world"], Parse("hello world"));

    [Fact]
    public void C0ControlsExecuteBetweenRuns() =>
        Assert.Equal(["print ab", "exec 0D", "exec 0A", "print c"], Parse("ab\r\nc"));

    [Fact]
    public void CsiWithParameters() =>
        Assert.Equal(["csi H [12;34]"], Parse("\e[12;34H"));

    [Fact]
    public void CsiEmptyParametersAreZero() =>
        Assert.Equal(["csi H [0;5]", "csi m []"], Parse("\e[;5H\e[m"));

    [Fact]
    public void CsiColonSubParameters() =>
        Assert.Equal(["csi m [38:2:0:10:20:30;4:3]"], Parse("\e[38:2:0:10:20:30;4:3m"));

    [Fact]
    public void CsiPrivateMarkerAndIntermediate() =>
        Assert.Equal(["csi ?h [1049]", "csi ?$p [2004]", "csi  q [5]"], Parse("\e[?1049h\e[?2004$p\e[5 q"));

    [Fact]
    public void ParameterValuesSaturate() =>
        Assert.Equal(["csi b [65535]"], Parse("\e[99999999999b"));

    [Fact]
    public void TooManyParametersSetOverflow()
    {
        string seq = "\e[" + string.Join(";", Enumerable.Range(1, 40)) + "m";
        var actions = Parse(seq);
        Assert.Single(actions);
        Assert.EndsWith(" overflow]", actions[0]);
        Assert.StartsWith("csi m [1;2;3", actions[0]);
    }

    [Fact]
    public void MarkerAfterParameterIgnoresSequence() =>
        Assert.Equal(["print x"], Parse("\e[1?hx"));

    [Fact]
    public void ControlInsideCsiExecutesAndSequenceContinues() =>
        Assert.Equal(["exec 0D", "csi A [2]"], Parse("\e[2\rA"));

    [Fact]
    public void SequenceSplitAcrossFeeds() =>
        Assert.Equal(["csi m [1;31]", "print x"], Parse("\e", "[1;", "31", "mx"));

    [Fact]
    public void EscapeSequences() =>
        Assert.Equal(["esc 7", "esc (0", "esc #8", "print z"], Parse("\e7\e(0\e#8z"));

    [Fact]
    public void OscEndedByBel() =>
        Assert.Equal(["osc 0;title bel"], Parse("\e]0;title\a"));

    [Fact]
    public void OscEndedBySt() =>
        Assert.Equal(["osc 2;t st", "esc \\", "print a"], Parse("\e]2;t\e\\a"));

    [Fact]
    public void OscCarriesUtf8() =>
        Assert.Equal(["osc 2;héllo bel"], ParseBytes("\e]2;héllo\a"u8.ToArray()));

    [Fact]
    public void OscIsCappedInLength()
    {
        var actions = Parse("\e]2;" + new string('x', 10_000) + "\a");
        Assert.Single(actions);
        Assert.Equal("osc ".Length + Parser.MaxOscLength + " bel".Length, actions[0].Length);
    }

    [Fact]
    public void CanAndSubAbortSequences() =>
        Assert.Equal(["exec 18", "print a", "exec 1A", "print b"], Parse("\e[12\u0018a\e]0;x\u001Ab"));

    [Fact]
    public void DcsIsHookedPassedAndUnhooked() =>
        Assert.Equal(["dcs $q []", "put m", "unhook", "esc \\", "print k"], Parse("\eP$qm\e\\k"));

    [Fact]
    public void SosPmApcAreSwallowed() =>
        Assert.Equal(["esc \\", "print a", "esc \\", "print b"], Parse("\e_apc data\e\\a\e^pm\e\\b"));

    [Fact]
    public void Utf8IsDecoded() =>
        Assert.Equal(["print a", "print U+00E9", "print U+4E2D", "print U+1F600"], ParseBytes("aé中😀"u8.ToArray()));

    [Fact]
    public void Utf8SplitAcrossFeeds()
    {
        byte[] bytes = "中😀"u8.ToArray();
        var chunks = bytes.Select(b => new[] { b }).ToArray();
        Assert.Equal(["print U+4E2D", "print U+1F600"], ParseBytes(chunks));
    }

    [Fact]
    public void InvalidUtf8BecomesReplacement() =>
        Assert.Equal(["print U+FFFD", "print a", "print U+FFFD", "print b", "print U+FFFD", "print U+FFFD"],
            ParseBytes([0xFF, (byte)'a', 0xE4, 0xB8, (byte)'b', 0xC0, 0x80]));

    [Fact]
    public void TruncatedUtf8BeforeEscapeIsReplaced() =>
        Assert.Equal(["print U+FFFD", "csi m []"], ParseBytes([0xE4, 0x1B, (byte)'[', (byte)'m']));

    [Fact]
    public void SurrogatesAndOverlongsAreReplaced() =>
        // Unicode §3.9 (U+FFFD substitution of maximal subparts): ED may only be followed by 80..9F and E0 by A0..BF,
        // so each of these bytes is a maximal subpart of its own and becomes one U+FFFD: six in all.
        Assert.Equal(Enumerable.Repeat("print U+FFFD", 6), ParseBytes([0xED, 0xA0, 0x80, 0xE0, 0x80, 0xAF]));

    [Fact]
    public void C1ControlsInUtf8Form()
    {
        // U+009B is CSI, U+0084 is IND, U+009D OSC ended by U+009C... ST arrives as ESC \ here.
        Assert.Equal(["csi A [3]", "exec 84", "osc 0;t bel"],
            ParseBytes([0xC2, 0x9B, (byte)'3', (byte)'A', 0xC2, 0x84, 0xC2, 0x9D, (byte)'0', (byte)';', (byte)'t', 0x07]));
    }

    [Fact]
    public void DelIsIgnored() =>
        Assert.Equal(["print a", "print b"], Parse("a\u007Fb"));
}
