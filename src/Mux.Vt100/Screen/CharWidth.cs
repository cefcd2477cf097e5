using Wcwidth;

namespace Mux.Vt100.Screen;

/// <summary>
/// Column widths of code points, from the Wcwidth package, cached in a lazily filled table for the BMP
/// (lookups there are a binary search we do not want per character).
/// </summary>
internal static class CharWidth
{
    private const sbyte Unknown = -128;
    private static readonly sbyte[] s_bmp = CreateTable();

    private static sbyte[] CreateTable()
    {
        var t = new sbyte[0x10000];
        t.AsSpan().Fill(Unknown);
        return t;
    }

    /// <summary>0 for combining marks and other zero-width characters, 1 or 2 otherwise.</summary>
    public static int Of(int codePoint)
    {
        if (codePoint < 0x7F) return 1;
        if (codePoint < 0x10000)
        {
            sbyte w = s_bmp[codePoint];
            if (w == Unknown) s_bmp[codePoint] = w = (sbyte)Compute(codePoint);
            return w;
        }
        return Compute(codePoint);
    }

    private static int Compute(int codePoint)
    {
        int w = UnicodeCalculator.GetWidth(codePoint);
        // -1 means "not printable" (controls); a printed one still takes a column.
        return w < 0 ? 1 : w;
    }
}
