namespace Mux.Vt100.Screen;

public enum ColorKind : byte
{
    Default,
    Indexed,
    Rgb,
}

/// <summary>A colour: the default, one of 256 palette entries, or 24-bit RGB, packed into 32 bits.</summary>
public readonly record struct Color(uint Packed)
{
    public static Color Default => default;
    public static Color FromIndex(int index) => new((uint)ColorKind.Indexed << 24 | (uint)(index & 0xFF));
    public static Color FromRgb(int r, int g, int b) =>
        new((uint)ColorKind.Rgb << 24 | (uint)(r & 0xFF) << 16 | (uint)(g & 0xFF) << 8 | (uint)(b & 0xFF));

    public ColorKind Kind => (ColorKind)(Packed >> 24);
    public byte Index => (byte)Packed;
    public byte R => (byte)(Packed >> 16);
    public byte G => (byte)(Packed >> 8);
    public byte B => (byte)Packed;
    public bool IsDefault => Packed == 0;
}

[Flags]
public enum CellAttributes : ushort
{
    None = 0,
    Bold = 1 << 0,
    Dim = 1 << 1,
    Italic = 1 << 2,
    Blink = 1 << 3,
    RapidBlink = 1 << 4,
    Reverse = 1 << 5,
    Hidden = 1 << 6,
    Strikethrough = 1 << 7,
    Overline = 1 << 8,

    /// <summary>Protected by DECSCA from selective erase (DECSED, DECSEL); not a visual attribute.</summary>
    Protected = 1 << 9,
}

public enum UnderlineStyle : byte
{
    None,
    Single,
    Double,
    Curly,
    Dotted,
    Dashed,
}

/// <summary>
/// Everything SGR sets, and the hyperlink (OSC 8) the text belongs to. Interned in a <see cref="StyleTable"/>; cells
/// keep only the index, so a link costs a cell nothing and follows it into history and through reflow.
/// </summary>
public readonly record struct Style(
    Color Foreground,
    Color Background,
    Color UnderlineColor,
    CellAttributes Attributes,
    UnderlineStyle Underline)
{
    public static Style Default => default;
    public bool IsDefault => this == default;

    /// <summary>The hyperlink's number in the terminal's link table (0: none); see <see cref="Terminal.GetHyperlink"/>.</summary>
    public ushort Link { get; init; }

    // Field-wise compare and hash of the packed values: hot in SGR-heavy output.
    public bool Equals(Style other) =>
        Foreground.Packed == other.Foreground.Packed && Background.Packed == other.Background.Packed &&
        UnderlineColor.Packed == other.UnderlineColor.Packed && Attributes == other.Attributes && Underline == other.Underline &&
        Link == other.Link;

    public override int GetHashCode()
    {
        uint h = Foreground.Packed * 0x9E3779B1u;
        h = (h ^ Background.Packed) * 0x85EBCA77u;
        h = (h ^ UnderlineColor.Packed) * 0xC2B2AE3Du;
        h ^= (uint)Link << 16 ^ (uint)Attributes << 8 | (uint)Underline;
        return (int)(h ^ h >> 15);
    }
}
