using System.Runtime.CompilerServices;
using Wcwidth;

namespace Mux.Vt100.Screen;

/// <summary>
/// Column widths of code points, from the Wcwidth package (the source of truth), cached for the BMP: Wcwidth's
/// lookup is a binary search we do not want per character. The cache is filled a 256-code-point block at a time,
/// and a block whose code points all have one width (ASCII and Latin-1, CJK ideographs, Hangul syllables, most
/// scripts) answers from a 256-entry table without looking at the code point's own entry.
/// </summary>
internal static class CharWidth
{
    private const sbyte Mixed = -1;         // block: look up the code point's own entry
    private const sbyte NotComputed = -2;   // block or code point: not cached yet

    private static readonly sbyte[] s_blocks = Filled(0x100);
    private static readonly sbyte[] s_bmp = Filled(0x10000);

    private static sbyte[] Filled(int length)
    {
        var t = new sbyte[length];
        t.AsSpan().Fill(NotComputed);
        return t;
    }

    /// <summary>0 for combining marks and other zero-width characters, 1 or 2 otherwise.</summary>
    public static int Of(int codePoint)
    {
        int w = Cached.Of(codePoint);
        if (w >= 0) return w;
        if ((uint)codePoint > 0xFFFF) return Compute(codePoint);
        FillBlock(codePoint >> 8);
        // Another thread filling the same block at once may not have published the entry yet: ask Wcwidth.
        w = s_bmp[codePoint];
        return w >= 0 ? w : Compute(codePoint);
    }

    /// <summary>
    /// The cache as it stands, to read once before a loop over many characters: <see cref="CachedWidths.Of"/> makes
    /// no call (not even the static-field access check), so the loop keeps its variables in registers.
    /// </summary>
    public static CachedWidths Cached
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(s_blocks, s_bmp);
    }

    private static void FillBlock(int block)
    {
        int first = block << 8;
        int width = Width(first);
        bool uniform = true;
        for (int cp = first; cp < first + 0x100; cp++)
        {
            int w = Width(cp);
            s_bmp[cp] = (sbyte)w;
            uniform &= w == width;
        }
        // Entries first, then the block that points at them (readers on another thread may see them in that order only).
        Volatile.Write(ref s_blocks[block], uniform ? (sbyte)width : Mixed);
    }

    private static int Width(int codePoint) =>
        // NUL is a control the parser executes, never prints; counted as one column it keeps block 0 uniform.
        codePoint == 0 ? 1 : Compute(codePoint);

    /// <summary>The width as the Wcwidth package gives it (the source of truth the cache must agree with).</summary>
    internal static int Compute(int codePoint)
    {
        int w = UnicodeCalculator.GetWidth(codePoint);
        // -1 means "not printable" (controls); a printed one still takes a column.
        return w < 0 ? 1 : w;
    }
}

/// <summary>The width cache of <see cref="CharWidth"/> read into locals.</summary>
internal readonly ref struct CachedWidths
{
    private readonly ReadOnlySpan<sbyte> _blocks;
    private readonly ReadOnlySpan<sbyte> _bmp;

    public CachedWidths(ReadOnlySpan<sbyte> blocks, ReadOnlySpan<sbyte> bmp)
    {
        _blocks = blocks;
        _bmp = bmp;
    }

    /// <summary>The width (0, 1 or 2) if cached, else negative: then <see cref="CharWidth.Of"/> computes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Of(int codePoint)
    {
        if ((uint)codePoint > 0xFFFF) return -1;
        int w = _blocks[codePoint >> 8];
        return w != -1 ? w : _bmp[codePoint];
    }
}
