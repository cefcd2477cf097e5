using System.Runtime.InteropServices;
using Mux.Vt100.Screen;

namespace Mux.Vt100.Rendering;

/// <summary>
/// One cell as the client's terminal shows it: text, width, the resolved style (not a style id:
/// windows have separate style tables) and the hyperlink by its number in the client's own link table
/// (<see cref="ClientLinks"/>), compared like any attribute. An empty cell is stored as a space; they look the same.
/// Six 32-bit fields and no padding, so rows without combining marks compare as plain memory:
/// <code>
/// | field      | bits  | meaning                                                          |
/// |------------|-------|------------------------------------------------------------------|
/// | Code       | 0-31  | code point, or the text's offset in the row's pool (TextLength>0) |
/// | Fg, Bg, Ul | 0-31  | Color.Packed of foreground, background, underline colour         |
/// | _meta      | 0-1   | width: 1, 2 (left half of a wide char), 0 (its right half)       |
/// |            | 2-7   | TextLength: chars of a grapheme in the pool, 0 for a code point  |
/// |            | 8-10  | UnderlineStyle                                                   |
/// |            | 16-31 | CellAttributes                                                   |
/// | Link       | 0-31  | hyperlink number in the client's link table, 0 for none          |
/// </code>
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ShadowCell
{
    public int Code;
    private uint _fg, _bg, _ul;
    private uint _meta;

    /// <summary>The hyperlink's number in the client's <see cref="ClientLinks"/>, 0 for none.</summary>
    public int Link;

    private const uint DefaultBlankMeta = 1; // width 1, no text, no attributes

    public int Width
    {
        readonly get => (int)(_meta & 3);
        set => _meta = (_meta & ~3u) | ((uint)value & 3);
    }

    public int TextLength
    {
        readonly get => (int)(_meta >> 2 & 0x3F);
        set => _meta = (_meta & ~(0x3Fu << 2)) | ((uint)value & 0x3F) << 2;
    }

    public Style Style
    {
        readonly get => new(new Color(_fg), new Color(_bg), new Color(_ul), (CellAttributes)(_meta >> 16), (UnderlineStyle)(_meta >> 8 & 7));
        set
        {
            _fg = value.Foreground.Packed;
            _bg = value.Background.Packed;
            _ul = value.UnderlineColor.Packed;
            _meta = (_meta & 0xFF) | ((uint)value.Underline & 7) << 8 | (uint)value.Attributes << 16;
        }
    }

    public readonly bool HasStyle(in Style style) =>
        _fg == style.Foreground.Packed && _bg == style.Background.Packed && _ul == style.UnderlineColor.Packed &&
        _meta >> 8 == ((uint)style.Underline & 7 | (uint)style.Attributes << 8);

    public static ShadowCell Blank(in Style style) => new() { Code = ' ', Width = 1, Style = style };

    /// <summary>A space in the default rendition: what erasing (ED, EL) leaves behind.</summary>
    public readonly bool IsDefaultBlank => Code == ' ' && _meta == DefaultBlankMeta && (_fg | _bg | _ul | (uint)Link) == 0;

    /// <summary>Same text field, width, rendition and link; for grapheme cells the pooled text is compared separately.</summary>
    public readonly bool SameFields(in ShadowCell other) =>
        Code == other.Code && _meta == other._meta && _fg == other._fg && _bg == other._bg && _ul == other._ul && Link == other.Link;

    public readonly uint HashFields(uint h)
    {
        h = (h ^ (uint)Code) * 16777619;
        h = (h ^ _meta) * 16777619;
        if ((_fg | _bg | _ul | (uint)Link) != 0) h = (h ^ _fg ^ _bg << 7 ^ _ul << 13 ^ (uint)Link << 19) * 16777619;
        return h;
    }
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
        ResetPool();
        ComputeHash();
    }

    /// <summary>
    /// Every cell is a space in the default rendition; set by <see cref="ComputeHash"/>. Kept rather than scanned
    /// for: every frame asks it of each row below the text, and a keystroke's frame would otherwise read both
    /// grids of a mostly empty screen (about 190 KB at 120x40, cold in the cache after the idle before the key).
    /// </summary>
    public bool IsBlank { get; private set; }

    /// <summary>Sets <see cref="Hash"/> and <see cref="IsBlank"/> from the cells; call after changing them.</summary>
    public void ComputeHash()
    {
        uint h = 2166136261;
        bool blank = true;
        foreach (ref readonly ShadowCell c in Cells.AsSpan())
        {
            blank &= c.IsDefaultBlank;
            if (c.TextLength == 0) h = c.HashFields(h);
            else
            {
                h = (h ^ (uint)c.Width ^ (uint)c.Link << 8) * 16777619;
                foreach (char ch in GetText(c)) h = (h ^ ch) * 16777619;
            }
        }
        Hash = (int)h;
        IsBlank = blank;
    }

    /// <summary>Same contents as <paramref name="other"/> (another row, possibly of another grid).</summary>
    public bool SameAs(ShadowRow other)
    {
        if (Hash != other.Hash) return false;
        if (_graphemes == 0 && other._graphemes == 0)
            return MemoryMarshal.AsBytes(Cells.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(other.Cells.AsSpan()));
        for (int x = 0; x < Cells.Length; x++)
            if (!SameCell(x, other)) return false;
        return true;
    }

    /// <summary>Forgets the pooled text; call before filling the row again.</summary>
    public void ResetPool()
    {
        _poolLength = 0;
        _graphemes = 0;
    }

    /// <summary>Grapheme cells committed since the pool was reset (an upper bound: some may be overwritten).</summary>
    private int _graphemes;

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
        cell.TextLength = length;
        _poolLength += length;
        _graphemes++;
    }

    public bool SameCell(int x, ShadowRow other)
    {
        ref readonly ShadowCell a = ref Cells[x];
        ref readonly ShadowCell b = ref other.Cells[x];
        if (a.TextLength == 0 || b.TextLength == 0) return a.SameFields(b);
        if (a.TextLength != b.TextLength || a.Width != b.Width || a.Link != b.Link || !a.HasStyle(b.Style)) return false;
        return GetText(a).SequenceEqual(other.GetText(b));
    }
}
