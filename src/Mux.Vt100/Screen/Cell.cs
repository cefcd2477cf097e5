using System.Runtime.InteropServices;

namespace Mux.Vt100.Screen;

/// <summary>
/// One cell of the visible grid, 8 bytes. Layout (after xterm.js BufferLine):
/// <code>
/// | field   | bits  | meaning                                                              |
/// |---------|-------|----------------------------------------------------------------------|
/// | _data   | 0-20  | code point (0 = never written, shows as a blank), or, when bit 23 is   |
/// |         |       | set, an index into the row's grapheme list (base + combining marks)  |
/// | _data   | 21    | wide: the left half of a two-column character                        |
/// | _data   | 22    | spacer: the right half of a wide character (holds no text)          |
/// | _data   | 23    | grapheme: bits 0-20 index the row's grapheme list                    |
/// | _data   | 24-31 | unused                                                               |
/// | StyleId | 32    | index into the terminal's style table (0 = default style)            |
/// </code>
/// Width is 1 unless wide (2) or spacer (0). Rare data (combining marks) lives in side tables so the
/// common cell stays small.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Cell : IEquatable<Cell>
{
    internal const uint CodeMask = 0x1F_FFFF;
    internal const uint WideFlag = 1u << 21;
    internal const uint SpacerFlag = 1u << 22;
    internal const uint GraphemeFlag = 1u << 23;

    internal readonly uint Data;

    /// <summary>Index of this cell's style; resolve it with <see cref="Terminal.GetStyle"/>.</summary>
    public readonly int StyleId;

    internal Cell(uint data, int styleId)
    {
        Data = data;
        StyleId = styleId;
    }

    internal static Cell Blank(int styleId) => new(0, styleId);

    /// <summary>Columns this cell occupies: 1, 2 for a wide character, 0 for the spacer after one.</summary>
    public int Width => (Data & SpacerFlag) != 0 ? 0 : (Data & WideFlag) != 0 ? 2 : 1;

    public bool IsWide => (Data & WideFlag) != 0;
    public bool IsSpacer => (Data & SpacerFlag) != 0;

    /// <summary>True when the cell holds combining marks; its text comes from the row's side table.</summary>
    public bool HasGrapheme => (Data & GraphemeFlag) != 0;

    /// <summary>Nothing was written here (or it was erased): it shows as a blank.</summary>
    public bool IsEmpty => (Data & (CodeMask | GraphemeFlag)) == 0;

    /// <summary>The code point, 0 for an empty cell; for a grapheme cell use the terminal's text accessors.</summary>
    public int CodePoint => HasGrapheme ? 0 : (int)(Data & CodeMask);

    internal int GraphemeIndex => (int)(Data & CodeMask);

    public bool Equals(Cell other) => Data == other.Data && StyleId == other.StyleId;
    public override bool Equals(object? obj) => obj is Cell c && Equals(c);
    public override int GetHashCode() => HashCode.Combine(Data, StyleId);
    public static bool operator ==(Cell a, Cell b) => a.Equals(b);
    public static bool operator !=(Cell a, Cell b) => !a.Equals(b);
}
