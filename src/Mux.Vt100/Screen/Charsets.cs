namespace Mux.Vt100.Screen;

/// <summary>The character sets that G0..G3 may designate (SCS: ESC ( F and friends).</summary>
internal enum Charset : byte
{
    Ascii,
    DecSpecialGraphics,
    British,
}

internal static class Charsets
{
    // DEC Special Graphics for 0x5F..0x7E: blank (a plain space, as xterm shows it), diamond, checkerboard, control pictures, box drawing…
    private static readonly int[] s_decSpecial =
    [
        0x0020, 0x25C6, 0x2592, 0x2409, 0x240C, 0x240D, 0x240A, 0x00B0, 0x00B1, 0x2424, 0x240B, 0x2518,
        0x2510, 0x250C, 0x2514, 0x253C, 0x23BA, 0x23BB, 0x2500, 0x23BC, 0x23BD, 0x251C, 0x2524, 0x2534,
        0x252C, 0x2502, 0x2264, 0x2265, 0x03C0, 0x2260, 0x00A3, 0x00B7,
    ];

    public static Charset FromFinal(int final) => final switch
    {
        '0' => Charset.DecSpecialGraphics,
        'A' => Charset.British,
        _ => Charset.Ascii,
    };

    public static int Map(Charset set, int c) => set switch
    {
        Charset.DecSpecialGraphics when c is >= 0x5F and <= 0x7E => s_decSpecial[c - 0x5F],
        Charset.British when c == '#' => 0x00A3,
        _ => c,
    };
}
