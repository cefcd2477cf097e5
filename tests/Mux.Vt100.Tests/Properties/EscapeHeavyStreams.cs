using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Mux.Vt100.Tests.Support;

namespace Mux.Vt100.Tests.Properties;

/// <summary>A generated output stream with the places where it is cut into separate Feed calls.</summary>
public sealed record ByteStream(byte[] Bytes, int[] Cuts)
{
    /// <summary>The stream split at its cut points (sorted, duplicates give empty chunks, which must be harmless).</summary>
    public IEnumerable<byte[]> Chunks()
    {
        int start = 0;
        foreach (int cut in Cuts.Select(c => Math.Min(c, Bytes.Length)).Order())
        {
            yield return Bytes[start..cut];
            start = cut;
        }
        yield return Bytes[start..];
    }

    public override string ToString() => $"\"{EscapedText.Show(Bytes)}\" cut at [{string.Join(",", Cuts)}]";
}

/// <summary>A terminal size, and a script of feeds and resizes for the resize properties.</summary>
public sealed record Size(int Columns, int Rows)
{
    public override string ToString() => $"{Columns}x{Rows}";
}

public sealed record FeedOrResize(byte[]? Bytes, Size? NewSize)
{
    public override string ToString() => Bytes is not null ? $"feed \"{EscapedText.Show(Bytes)}\"" : $"resize {NewSize}";
}

/// <summary>
/// Generators biased toward what breaks emulators: escape sequences with odd parameters, intermediates and finals,
/// strings (OSC/DCS) cut short, and UTF-8 fragments, mixed with plain text and C0 controls.
/// </summary>
public static class EscapeHeavyStreams
{
    private static readonly byte[] Finals = "@ABCDEFGHIJKLMPSTXZ`abcdefghlmnpqrstuxy{|}~"u8.ToArray();
    private static readonly byte[] ParameterBytes = "0123456789;:;;?>=<!$\" '"u8.ToArray();
    private static readonly byte[] EscFinals = "78=>DEHMNOPZ\\]^_c#()*+%-./ "u8.ToArray();
    private static readonly byte[] Controls = [0x00, 0x05, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x18, 0x1a, 0x1b, 0x7f];

    private static readonly string[] Fragments =
    [
        "\u4E2D", "\uFF10", "\U0001F600", "e\u0301", "\u0301", "\u200D", "\uFE0F", "\u00E9", "\u2500", "\u0E01\u0E34",
    ];

    private static Gen<byte[]> Text =>
        Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(Gen.Choose(0x20, 0x7e).Select(b => (byte)b), n));

    private static Gen<byte[]> Utf8Fragment =>
        Gen.OneOf(
            Gen.Elements(Fragments).Select(s => Encoding.UTF8.GetBytes(s)),
            // a valid character cut short, or stray high bytes
            Gen.Elements(Fragments).Select(s => Encoding.UTF8.GetBytes(s)).Select(b => b[..Math.Max(1, b.Length - 1)]),
            Gen.ArrayOf(Gen.Choose(0x80, 0xff).Select(b => (byte)b), 1).Select(a => a));

    private static Gen<byte[]> Params =>
        Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Frequency(
            (6, Gen.Choose('0', '9').Select(b => (byte)b)),
            (3, Gen.Constant((byte)';')),
            (1, Gen.Elements(ParameterBytes))), n));

    private static Gen<byte[]> Csi =>
        from marker in Gen.Elements(new byte[][] { [], [], [(byte)'?'], [(byte)'>'], [(byte)'<'], [(byte)'='] })
        from p in Params
        from intermediate in Gen.Elements(new byte[][] { [], [], [], [(byte)' '], [(byte)'$'], [(byte)'!'], [(byte)'"'] })
        from final in Gen.Elements(Finals)
        select (byte[])[0x1b, (byte)'[', .. marker, .. p, .. intermediate, final];

    private static Gen<byte[]> Mode =>
        from set in Gen.Elements((byte)'h', (byte)'l')
        from mode in Gen.Elements("?1", "?3", "?5", "?6", "?7", "?25", "?47", "?1047", "?1048", "?1049", "?2004", "?1000", "?1006", "?2026", "?69", "4", "20")
        select (byte[])[0x1b, (byte)'[', .. Encoding.ASCII.GetBytes(mode), set];

    private static Gen<byte[]> Osc =>
        from code in Gen.Elements("0", "1", "2", "8", "52", "133", "")
        from text in Text
        from end in Gen.Elements(new byte[][] { [0x07], [0x1b, (byte)'\\'], [], [0x18] })
        select (byte[])[0x1b, (byte)']', .. Encoding.ASCII.GetBytes(code), (byte)';', .. text, .. end];

    private static Gen<byte[]> Esc =>
        from final in Gen.Elements(EscFinals)
        from extra in Gen.Elements(new byte[][] { [], [], [(byte)'0'], [(byte)'B'], [(byte)'8'] })
        select (byte[])[0x1b, final, .. extra];

    private static Gen<byte[]> Token =>
        Gen.Frequency(
            (4, Text),
            (5, Csi),
            (2, Mode),
            (2, Osc),
            (2, Esc),
            (2, Utf8Fragment),
            (2, Gen.Elements(Controls).Select(b => new[] { b })),
            (2, Gen.Elements(Finals.Concat(ParameterBytes).Concat("[]\x1b"u8.ToArray()).ToArray()).Select(b => new[] { b })),
            (1, Gen.Elements("\r\n"u8.ToArray(), "\n\n\n\n"u8.ToArray(), "\x1bP1$qm\x1b\\"u8.ToArray(), "\x1b[99999999999;-1H"u8.ToArray())));

    public static Gen<byte[]> Bytes =>
        Gen.Sized(size => Gen.Choose(0, Math.Max(1, size) * 2))
            .SelectMany(n => Gen.ListOf(Token, n))
            .Select(tokens => tokens.SelectMany(t => t).ToArray());

    public static Gen<ByteStream> Streams =>
        from bytes in Bytes
        from count in Gen.Choose(0, 8)
        from cuts in Gen.ArrayOf(Gen.Choose(0, bytes.Length), count)
        select new ByteStream(bytes, cuts);

    public static Gen<Size> Sizes =>
        Gen.Frequency(
            (3, from c in Gen.Choose(1, 200) from r in Gen.Choose(1, 200) select new Size(c, r)),
            (3, from c in Gen.Choose(1, 12) from r in Gen.Choose(1, 6) select new Size(c, r)),
            (2, Gen.Constant(new Size(80, 24))));

    public static Gen<FeedOrResize[]> Scripts =>
        Gen.Sized(size => Gen.Choose(1, Math.Max(2, size / 3)))
            .SelectMany(n => Gen.ArrayOf(Gen.Frequency(
                (3, Bytes.Select(b => new FeedOrResize(b, null))),
                (1, Sizes.Select(s => new FeedOrResize(null, s)))), n));

    public static Arbitrary<ByteStream> ByteStreamArbitrary() => Arb.From(Streams);
    public static Arbitrary<Size> SizeArbitrary() => Arb.From(Sizes);
    public static Arbitrary<FeedOrResize[]> ScriptArbitrary() => Arb.From(Scripts);
}
