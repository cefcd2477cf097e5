using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mux.Vt100.Parsing;

namespace Mux.Vt100.Tests.Properties;

/// <summary>
/// The fast paths for text (the parser's bulk ASCII and UTF-8 runs, the terminal's run writers) must leave exactly the
/// state that printing one character at a time leaves: a terminal fed normally is compared with one whose parser
/// output is split into single <see cref="IParserHandler.Print(int)"/> calls; and the parser's fast paths must
/// dispatch what its state machine does byte by byte.
/// </summary>
[Properties(Arbitrary = [typeof(EscapeHeavyStreams)], MaxTest = 300, QuietOnSuccess = true)]
public class TextFastPathProperties
{
    [Property]
    public void EscapeHeavyStreamsPrintAsOneCharacterAtATime(ByteStream stream, Size size) => Check(stream, size);

    [Property(Arbitrary = [typeof(TextHeavyStreams)])]
    public void TextHeavyStreamsPrintAsOneCharacterAtATime(ByteStream stream, Size size) => Check(stream, size);

    /// <summary>
    /// Fed one byte at a time, the parser can take no fast path (they need a whole character or sequence in one
    /// span): what it dispatches then is what the state machine alone does.
    /// </summary>
    [Property]
    public void ParserFastPathsDispatchWhatTheStateMachineDoes(ByteStream stream)
    {
        var whole = new RecordingHandler();
        new Parser().Advance(whole, stream.Bytes);

        var bytewise = new RecordingHandler();
        var parser = new Parser();
        for (int i = 0; i < stream.Bytes.Length; i++) parser.Advance(bytewise, stream.Bytes.AsSpan(i, 1));

        Assert.Equal(bytewise.Actions, whole.Actions);
    }

    [Property(Arbitrary = [typeof(TextHeavyStreams)])]
    public void ParserFastPathsDispatchWhatTheStateMachineDoesOnText(ByteStream stream) =>
        ParserFastPathsDispatchWhatTheStateMachineDoes(stream);

    private static void Check(ByteStream stream, Size size)
    {
        var fast = new Terminal(size.Columns, size.Rows, scrollbackLimit: 50);
        foreach (var chunk in stream.Chunks()) fast.Feed(chunk);

        var slow = new Terminal(size.Columns, size.Rows, scrollbackLimit: 50);
        var parser = new Parser();
        var oneAtATime = new OneAtATime(slow);
        foreach (var chunk in stream.Chunks()) parser.Advance(oneAtATime, chunk);

        Assert.Equal(FeedProperties.Snapshot(slow), FeedProperties.Snapshot(fast));
    }

    /// <summary>Records what the parser dispatches, every printable character as its own action.</summary>
    private sealed class RecordingHandler : IParserHandler
    {
        public readonly List<string> Actions = new();

        public void PrintAscii(ReadOnlySpan<byte> run)
        {
            foreach (byte b in run) Print(b);
        }

        public void Print(int codePoint) => Actions.Add($"U+{codePoint:X4}");
        public void Print(ReadOnlySpan<int> codePoints)
        {
            foreach (int cp in codePoints) Print(cp);
        }

        public void Execute(byte control) => Actions.Add($"exec {control:X2}");
        public void EscDispatch(int id) => Actions.Add($"esc {id:X8}");
        public void CsiDispatch(int id, Params p) => Actions.Add($"csi {id:X8} {Format(p)}");
        public void OscDispatch(ReadOnlySpan<byte> data, bool bellTerminated) =>
            Actions.Add($"osc {Convert.ToHexString(data)} {bellTerminated}");
        public void DcsHook(int id, Params p) => Actions.Add($"dcs {id:X8} {Format(p)}");
        public void DcsPut(byte b) => Actions.Add($"put {b:X2}");
        public void DcsUnhook() => Actions.Add("unhook");

        private static string Format(Params p) =>
            string.Join(",", Enumerable.Range(0, p.Count).Select(i => (p.IsSubParameter(i) ? ":" : "") + p[i])) +
            (p.Overflowed ? " overflow" : "");
    }

    /// <summary>Passes everything on, but every printable character alone.</summary>
    private sealed class OneAtATime(IParserHandler inner) : IParserHandler
    {
        public void PrintAscii(ReadOnlySpan<byte> run)
        {
            foreach (byte b in run) inner.Print(b);
        }

        public void Print(int codePoint) => inner.Print(codePoint);
        public void Print(ReadOnlySpan<int> codePoints)
        {
            foreach (int cp in codePoints) inner.Print(cp);
        }

        public void Execute(byte control) => inner.Execute(control);
        public void EscDispatch(int id) => inner.EscDispatch(id);
        public void CsiDispatch(int id, Params parameters) => inner.CsiDispatch(id, parameters);
        public void OscDispatch(ReadOnlySpan<byte> data, bool bellTerminated) => inner.OscDispatch(data, bellTerminated);
        public void DcsHook(int id, Params parameters) => inner.DcsHook(id, parameters);
        public void DcsPut(byte b) => inner.DcsPut(b);
        public void DcsUnhook() => inner.DcsUnhook();
    }
}

/// <summary>
/// Mostly text: words of ASCII, CJK, accented, combining and astral characters, with the controls that change how
/// text is written (wrap off, insert mode, line drawing set, SGR, cursor moves, erasing), on small screens so lines
/// wrap and wide characters meet the margin.
/// </summary>
public static class TextHeavyStreams
{
    private static readonly string[] Pieces =
    [
        "abc", " ", "  ", "hello world", "x", "中文", "한국어", "가", "힣", "e\u0301", "\u0301", "\u00E9t\u00E9", "\u2500\u2502",
        "\U0001F600", "\uFF21\uFF22", "\u0E01\u0E34", "\u200D", "\u00A0", "\u0410\u0411", "\u3042\u3099",
    ];

    private static readonly string[] Controls =
    [
        "\r", "\n", "\r\n", "\b", "\t", "\e[?7l", "\e[?7h", "\e[4h", "\e[4l", "\e(0", "\e(B", "\x0e", "\x0f",
        "\e[1;31m", "\e[0m", "\e[44m", "\e[H", "\e[2;3H", "\e[5G", "\e[K", "\e[1K", "\e[2J", "\e[3@", "\e[2P", "\e[3X",
        "\e[2b", "\e[1;2r", "\e[r", "\e[S", "\eM", "\x85", "\x9b" + "1m", "\e[?1049h", "\e[?1049l",
    ];

    private static Gen<byte[]> Token =>
        Gen.Frequency(
            (8, Gen.Elements(Pieces).Select(Encoding.UTF8.GetBytes)),
            (2, Gen.Elements(Controls).Select(Encoding.UTF8.GetBytes)),
            (1, Gen.ArrayOf(Gen.Choose(0x80, 0xff).Select(b => (byte)b), 1)));

    public static Gen<ByteStream> Streams =>
        from tokens in Gen.Sized(size => Gen.Choose(0, Math.Max(1, size) * 3)).SelectMany(n => Gen.ListOf(Token, n))
        let bytes = tokens.SelectMany(t => t).ToArray()
        from count in Gen.Choose(0, 8)
        from cuts in Gen.ArrayOf(Gen.Choose(0, bytes.Length), count)
        select new ByteStream(bytes, cuts);

    public static Gen<Size> Sizes =>
        Gen.Frequency(
            (3, from c in Gen.Choose(1, 12) from r in Gen.Choose(1, 5) select new Size(c, r)),
            (1, from c in Gen.Choose(13, 90) from r in Gen.Choose(1, 30) select new Size(c, r)));

    public static Arbitrary<ByteStream> ByteStreamArbitrary() => Arb.From(Streams);
    public static Arbitrary<Size> SizeArbitrary() => Arb.From(Sizes);
}
