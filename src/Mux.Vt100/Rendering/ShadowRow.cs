using Mux.Vt100.Screen;

namespace Mux.Vt100.Rendering;

/// <summary>
/// One cell as the client's terminal shows it: text, width and the resolved style (not a style id:
/// windows have separate style tables). An empty cell is stored as a space; they look the same.
/// </summary>
internal struct ShadowCell
{
    /// <summary>The code point; when <see cref="TextLength"/> is not 0, the offset of the text in the row's pool.</summary>
    public int Code;

    /// <summary>1, 2 for the left half of a wide character, 0 for its right half (which holds no text).</summary>
    public byte Width;

    /// <summary>Chars of a grapheme (base and combining marks) in the row's pool; 0 for a single code point.</summary>
    public byte TextLength;

    public Style Style;

    public static ShadowCell Blank(in Style style) => new() { Code = ' ', Width = 1, Style = style };

    /// <summary>A space in the default rendition: what erasing (ED, EL) leaves behind.</summary>
    public readonly bool IsDefaultBlank => Code == ' ' && TextLength == 0 && Width == 1 && Style.IsDefault;
}

/// <summary>A row of <see cref="ShadowCell"/>s with a pool for the text of cells holding combining marks.</summary>
internal sealed class ShadowRow
{
    public readonly ShadowCell[] Cells;
    private char[] _pool;
    private int _poolLength;

    public ShadowRow(int columns)
    {
        Cells = new ShadowCell[columns];
        _pool = new char[16];
        Clear();
    }

    /// <summary>Of the contents, set by <see cref="ComputeHash"/>: rows with different hashes differ.</summary>
    public int Hash;

    /// <summary>Blank in the default rendition, as after an erase.</summary>
    public void Clear()
    {
        Cells.AsSpan().Fill(ShadowCell.Blank(default));
        _poolLength = 0;
        ComputeHash();
    }

    /// <summary>True when every cell is a space in the default rendition.</summary>
    public bool IsBlank()
    {
        foreach (ref readonly ShadowCell c in Cells.AsSpan())
            if (!c.IsDefaultBlank) return false;
        return true;
    }

    public void ComputeHash()
    {
        uint h = 2166136261;
        foreach (ref readonly ShadowCell c in Cells.AsSpan())
        {
            uint v = (uint)c.Code ^ (uint)c.Width << 24;
            if (c.TextLength != 0)
            {
                v = c.TextLength;
                foreach (char ch in GetText(c)) v = v * 31 + ch;
            }
            h = (h ^ v) * 16777619;
            if (!c.Style.IsDefault)
            {
                h = (h ^ c.Style.Foreground.Packed) * 16777619;
                h = (h ^ c.Style.Background.Packed) * 16777619;
                h = (h ^ c.Style.UnderlineColor.Packed ^ (uint)c.Style.Attributes << 8 ^ (uint)c.Style.Underline) * 16777619;
            }
        }
        Hash = (int)h;
    }

    /// <summary>Same contents as <paramref name="other"/> (another row, possibly of another grid).</summary>
    public bool SameAs(ShadowRow other)
    {
        if (Hash != other.Hash) return false;
        for (int x = 0; x < Cells.Length; x++)
            if (!SameCell(x, other)) return false;
        return true;
    }

    /// <summary>Forgets the pooled text; call before filling the row again.</summary>
    public void ResetPool() => _poolLength = 0;

    public ReadOnlySpan<char> GetText(in ShadowCell cell) => _pool.AsSpan(cell.Code, cell.TextLength);

    /// <summary>Room for <paramref name="length"/> chars at the end of the pool; commit them with <see cref="CommitText"/>.</summary>
    public Span<char> ReserveText(int length)
    {
        if (_poolLength + length > _pool.Length)
            Array.Resize(ref _pool, Math.Max(_pool.Length * 2, _poolLength + length));
        return _pool.AsSpan(_poolLength);
    }

    /// <summary>Makes <paramref name="cell"/> hold the <paramref name="length"/> chars just written at the end of the pool.</summary>
    public void CommitText(ref ShadowCell cell, int length)
    {
        cell.Code = _poolLength;
        cell.TextLength = (byte)length;
        _poolLength += length;
    }

    public bool SameCell(int x, ShadowRow other)
    {
        ref readonly ShadowCell a = ref Cells[x];
        ref readonly ShadowCell b = ref other.Cells[x];
        if (a.Width != b.Width || a.TextLength != b.TextLength || a.Style != b.Style) return false;
        if (a.TextLength == 0) return a.Code == b.Code;
        return GetText(a).SequenceEqual(other.GetText(b));
    }
}
