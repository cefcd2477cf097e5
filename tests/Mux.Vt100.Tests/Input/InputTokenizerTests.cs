using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mux.Vt100.Input;
using Mux.Vt100.Tests.Support;

namespace Mux.Vt100.Tests.Input;

/// <summary>Byte streams from a terminal and the tokens they make (notation of <see cref="EscapedText"/>).</summary>
public class InputTokenizerTests
{
    /// <summary>Writes each token as "kind raw [details]" so expectations read as data.</summary>
    internal sealed class Recorder : IInputSink
    {
        public readonly List<string> Tokens = [];
        public readonly List<byte> Bytes = [];

        public void Token(InputToken t)
        {
            Bytes.AddRange(t.Raw.ToArray());
            var s = new StringBuilder(t.Kind.ToString().ToLowerInvariant()).Append(' ').Append(Show(t.Raw));
            if (t.Alt) s.Append(" alt");
            if (t.Ss3) s.Append(" ss3");
            if (t.Kind == InputKind.Mouse) s.Append($" {t.Mouse.Code},{t.Mouse.X},{t.Mouse.Y}{(t.Mouse.Release ? " up" : "")}");
            if (t.PasteStart) s.Append(" start");
            if (t.PasteEnd) s.Append(" end");
            if (t.Kind == InputKind.Focus) s.Append(t.FocusIn ? " in" : " out");
            Tokens.Add(s.ToString());
        }

        public static string Show(ReadOnlySpan<byte> raw)
        {
            var s = new StringBuilder();
            foreach (byte b in raw)
                s.Append(b == 0x1b ? "\\e" : b is < 0x20 or >= 0x7f ? $"\\x{b:x2}" : b == (byte)'\\' ? "\\\\" : ((char)b).ToString());
            return s.ToString();
        }
    }

    public static TheoryData<string, string> Streams => new()
    {
        { "abc", "text abc" },
        { "a\rb", "text a | key \\x0d | text b" },
        { "\\x01d", "key \\x01 | text d" },
        { "\\x7f", "key \\x7f" },
        { "\\e", "key \\e" },
        { "\\e\\e", "key \\e | key \\e" },
        { "\\ea", "key \\ea alt" },
        { "\\e\\x01", "key \\e\\x01 alt" },
        { "\\e[", "key \\e[ alt" },
        { "\\eO", "key \\eO alt" },
        { "\\e[A\\eOB", "key \\e[A | key \\eOB ss3" },
        { "\\e[1;5C", "key \\e[1;5C" },
        { "\\e[5~\\e[15;2~", "key \\e[5~ | key \\e[15;2~" },
        { "\\e[97;5u", "key \\e[97;5u" },
        { "\\e[<0;10;5M\\e[<0;10;5m", "mouse \\e[<0;10;5M 0,9,4 | mouse \\e[<0;10;5m 0,9,4 up" },
        { "\\e[<64;1;1M", "mouse \\e[<64;1;1M 64,0,0" },
        { "\\e[M !!", "mouse \\e[M !! 0,0,0" },
        { "\\e[M#!!", "mouse \\e[M#!! 3,0,0 up" },
        { "\\e[32;3;4M", "mouse \\e[32;3;4M 0,2,3" },
        { "\\e[I\\e[O", "focus \\e[I in | focus \\e[O out" },
        { "\\e[200~hi\\e[A\\x01there\\e[201~x", "paste \\e[200~hi\\e[A\\x01there\\e[201~ start end | text x" },
        { "\\e[?62;22c\\e[>1;10;0c", "reply \\e[?62;22c | reply \\e[>1;10;0c" },
        { "\\e[0n\\e[12;40R", "reply \\e[0n | reply \\e[12;40R" },
        { "\\e[?2004;1$y", "reply \\e[?2004;1$y" },
        { "\\e[?1u", "reply \\e[?1u" },
        { "\\e]11;rgb:0000/0000/0000\\e\\\\", "reply \\e]11;rgb:0000/0000/0000\\e\\\\" },
        { "\\e]10;rgb:ffff/ffff/ffff\\a", "reply \\e]10;rgb:ffff/ffff/ffff\\x07" },
        { "\\eP1$r0m\\e\\\\", "reply \\eP1$r0m\\e\\\\" },
        // A control inside a sequence ends it: the control is a key of its own (the prefix is never swallowed).
        { "\\e[1\\x01", "unknown \\e[1 | key \\x01" },
        { "\\e]11;x\\x01", "unknown \\e]11;x | key \\x01" },
        { "\\e[1\\e[A", "unknown \\e[1 | key \\e[A" },
        { "\\e\\xc3\\xa9", "key \\e | text \\xc3\\xa9" },
        { "\\e[1\\xc3\\xa9", "unknown \\e[1 | text \\xc3\\xa9" },
        { "\\e[1<2A", "unknown \\e[1<2A" },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void Tokens(string input, string expected)
    {
        var bytes = EscapedText.ToBytes(input);
        var recorder = new Recorder();
        var tokenizer = new InputTokenizer();
        tokenizer.Feed(bytes, recorder);
        tokenizer.EndOfRead(recorder);
        Assert.Equal(expected, string.Join(" | ", recorder.Tokens));
        Assert.Equal(bytes, recorder.Bytes);
    }

    [Fact]
    public void A_sequence_split_between_feeds_is_one_token()
    {
        var recorder = new Recorder();
        var tokenizer = new InputTokenizer();
        tokenizer.Feed("\e[<0;1"u8, recorder);
        tokenizer.EndOfRead(recorder);
        Assert.Empty(recorder.Tokens);
        tokenizer.Feed("0;5M"u8, recorder);
        Assert.Equal(["mouse \\e[<0;10;5M 0,9,4"], recorder.Tokens);
    }

    [Fact]
    public void A_partial_sequence_can_go_out_at_once_and_still_be_recognised()
    {
        var recorder = new Recorder();
        var tokenizer = new InputTokenizer();
        tokenizer.Feed("\e[20"u8, recorder);
        tokenizer.EndOfRead(recorder, giveOutPartial: true);
        tokenizer.Feed("0~\x01\e[201~"u8, recorder);
        Assert.Equal(["partial \\e[20", "paste 0~\\x01\\e[201~ start end"], recorder.Tokens);
    }

    [Fact]
    public void A_long_paste_comes_in_pieces_marked_start_and_end()
    {
        var recorder = new Recorder();
        var tokenizer = new InputTokenizer();
        tokenizer.Feed("\e[200~ab\e[20"u8, recorder);
        Assert.True(tokenizer.InPaste);
        tokenizer.Feed("1"u8, recorder);
        tokenizer.Feed("~c"u8, recorder);
        Assert.Equal(["paste \\e[200~ab\\e[20 start", "paste 1", "paste ~ end", "text c"], recorder.Tokens);
    }

    [Fact]
    public void Half_an_X10_mouse_report_ends_with_the_read()
    {
        var recorder = new Recorder();
        var tokenizer = new InputTokenizer();
        tokenizer.Feed("\e[M !"u8, recorder);
        tokenizer.EndOfRead(recorder);
        tokenizer.Feed("a"u8, recorder);
        Assert.Equal(["unknown \\e[M !", "text a"], recorder.Tokens);
    }

    [Fact]
    public void An_endless_string_is_given_out_in_bounded_pieces()
    {
        var recorder = new Recorder();
        var tokenizer = new InputTokenizer();
        var input = new byte[3 * InputTokenizer.MaxPending];
        input.AsSpan().Fill((byte)'x');
        "\e]"u8.CopyTo(input);
        tokenizer.Feed(input, recorder);
        Assert.Equal(input.Length - input.Length % InputTokenizer.MaxPending, recorder.Bytes.Count);
        tokenizer.Flush(recorder);
        Assert.Equal(input, recorder.Bytes);
    }

    /// <summary>Every stream of the table, cut at every byte, gives the same tokens as in one piece.</summary>
    [Fact]
    public void Splitting_a_stream_anywhere_changes_nothing_but_where_pastes_are_cut()
    {
        foreach (var row in Streams)
        {
            var bytes = EscapedText.ToBytes((string)row[0]);
            var whole = Run(bytes, bytes.Length);
            for (int cut = 1; cut < bytes.Length; cut++)
            {
                var split = Run(bytes, cut);
                Assert.Equal(bytes, split.Bytes);
                Assert.Equal(Merged(whole.Tokens), Merged(split.Tokens));
            }
        }

        static Recorder Run(byte[] bytes, int cut)
        {
            var recorder = new Recorder();
            var tokenizer = new InputTokenizer();
            tokenizer.Feed(bytes.AsSpan(0, cut), recorder);
            tokenizer.Feed(bytes.AsSpan(cut), recorder);
            tokenizer.EndOfRead(recorder);
            return recorder;
        }

        // Text and paste pieces join; everything else must be identical.
        static List<string> Merged(List<string> tokens)
        {
            var merged = new List<string>();
            foreach (var t in tokens)
            {
                string kind = t.Split(' ')[0];
                if (merged.Count > 0 && kind is "text" && merged[^1].StartsWith("text "))
                    merged[^1] += t["text ".Length..];
                else if (merged.Count > 0 && kind is "paste" && merged[^1].StartsWith("paste ") && !merged[^1].EndsWith(" end"))
                    merged[^1] = Join(merged[^1], t);
                else merged.Add(t);
            }
            return merged;
        }

        static string Join(string a, string b)
        {
            // "paste RAW [start] [end]": concatenate the raws, keep start of a, end of b.
            static (string raw, bool start, bool end) Part(string p)
            {
                string body = p["paste ".Length..];
                bool end = body.EndsWith(" end");
                if (end) body = body[..^" end".Length];
                bool start = body.EndsWith(" start");
                if (start) body = body[..^" start".Length];
                return (body, start, end);
            }
            var (ra, sa, _) = Part(a);
            var (rb, _, eb) = Part(b);
            return "paste " + ra + rb + (sa ? " start" : "") + (eb ? " end" : "");
        }
    }

    /// <summary>Garbage never throws, never loses a byte, and never leaves more than the bound held.</summary>
    [Property(MaxTest = 300)]
    public void Any_bytes_in_any_pieces_come_out_whole(byte[][] pieces)
    {
        var recorder = new Recorder();
        var tokenizer = new InputTokenizer();
        var all = new List<byte>();
        foreach (var piece in pieces)
        {
            if (piece == null) continue;
            all.AddRange(piece);
            tokenizer.Feed(piece, recorder);
            tokenizer.EndOfRead(recorder, giveOutPartial: true);
        }
        tokenizer.Flush(recorder);
        Assert.Equal(all, recorder.Bytes);
    }

    /// <summary>Streams made of escape-heavy fragments, so the generator reaches deep states often.</summary>
    [Property(MaxTest = 300)]
    public void Escape_heavy_streams_come_out_whole(int[] picks, int seed)
    {
        string[] fragments = ["\e", "[", "O", "<", "M", "]", "P", "\\", "\a", "200~", "201~", "1;2", "\x01", "a", "é", "~", "$y", "\x7f"];
        var bytes = new List<byte>();
        foreach (int p in picks ?? []) bytes.AddRange(Encoding.UTF8.GetBytes(fragments[(p & int.MaxValue) % fragments.Length]));
        var input = bytes.ToArray();
        var recorder = new Recorder();
        var tokenizer = new InputTokenizer();
        var random = new Random(seed);
        for (int i = 0; i < input.Length;)
        {
            int n = Math.Min(input.Length - i, 1 + random.Next(8));
            tokenizer.Feed(input.AsSpan(i, n), recorder);
            if (random.Next(3) == 0) tokenizer.EndOfRead(recorder);
            i += n;
        }
        tokenizer.Flush(recorder);
        Assert.Equal(input, recorder.Bytes);
    }
}
