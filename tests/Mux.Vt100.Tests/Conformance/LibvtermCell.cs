using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Mux.Vt100.Screen;

namespace Mux.Vt100.Tests.Conformance;

/// <summary>
/// <c>?screen_cell r,c = {cps} width=W attrs={...} [dwl] [dhl-top|dhl-bottom] fg=rgb(..) bg=rgb(..)</c> checked
/// through our cell/style API. Colours are converted the way libvterm's harness prints them: the default colours
/// (changeable by SETDEFAULTCOL), palette indices through libvterm's palette, true colour as is.
/// </summary>
internal static partial class LibvtermCell
{
    [GeneratedRegex(@"^\{(?<cps>[^}]*)\}\s+width=(?<w>\d)\s+attrs=\{(?<attrs>[^}]*)\}(?<lines>(\s+(dwl|dhl-top|dhl-bottom))*)\s+fg=(?<fg>\S+)\s+bg=(?<bg>\S+)$")]
    private static partial Regex CellPattern();

    public static void Check(Terminal t, string position, string value, LibvtermColours colours, string context)
    {
        var rc = LibvtermScript.Numbers(position);
        int row = rc[0], column = rc[1];
        var m = CellPattern().Match(value);
        Assert.True(m.Success, $"{context}\nunparsed cell expectation: {value}");

        var expectedChars = new StringBuilder();
        foreach (var hex in m.Groups["cps"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            expectedChars.Append(char.ConvertFromUtf32(int.Parse(hex.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
        string text = t.GetCellText(column, row);
        // libvterm reports an empty cell as no code points; our API reads it as a space.
        string actualChars = text == " " ? "" : text;

        ref readonly Cell cell = ref t.GetCell(column, row);
        var style = t.GetStyle(cell.StyleId);
        // libvterm's screen_cell reports the reverse attribute as shown: the cell's own, flipped by DECSCNM (reverse
        // screen). We keep DECSCNM as a mode and leave the cells alone, so apply it here the way a renderer would.
        if (t.Modes.HasFlag(TerminalModes.ReverseScreen))
            style = style with { Attributes = style.Attributes ^ CellAttributes.Reverse };
        string actual = $"{{{string.Join(",", actualChars.EnumerateRunes().Select(r => $"0x{r.Value:x}"))}}} width={cell.Width} " +
                        $"attrs={{{Attributes(style)}}} fg={colours.Foreground(style.Foreground)} bg={colours.Background(style.Background)}";
        string expected = $"{{{string.Join(",", expectedChars.ToString().EnumerateRunes().Select(r => $"0x{r.Value:x}"))}}} width={m.Groups["w"].Value} " +
                          $"attrs={{{m.Groups["attrs"].Value}}}{m.Groups["lines"].Value} fg={m.Groups["fg"].Value} bg={m.Groups["bg"].Value}";
        // Double-width/height lines (dwl, dhl) are not part of our model, so such an expectation cannot match.
        Assert.True(expected == actual, $"{context}\ncell {row},{column}:\n  expected {expected}\n  actual   {actual}");
    }

    /// <summary>Attributes in libvterm's print order: B, U&lt;n&gt;, I, K, R (fonts and baseline shifts are not modelled).</summary>
    private static string Attributes(Style s)
    {
        var sb = new StringBuilder();
        if (s.Attributes.HasFlag(CellAttributes.Bold)) sb.Append('B');
        if (s.Underline != UnderlineStyle.None) sb.Append('U').Append(s.Underline switch
        {
            UnderlineStyle.Single => 1,
            UnderlineStyle.Double => 2,
            UnderlineStyle.Curly => 3,
            _ => (int)s.Underline,
        });
        if (s.Attributes.HasFlag(CellAttributes.Italic)) sb.Append('I');
        if (s.Attributes.HasFlag(CellAttributes.Blink)) sb.Append('K');
        if (s.Attributes.HasFlag(CellAttributes.Reverse)) sb.Append('R');
        return sb.ToString();
    }
}

/// <summary>libvterm's harness colours: its default pen colours and its 256-entry palette, printed as rgb(r,g,b).</summary>
internal sealed class LibvtermColours
{
    private static readonly (int R, int G, int B)[] Ansi =
    [
        (0, 0, 0), (224, 0, 0), (0, 224, 0), (224, 224, 0), (0, 0, 224), (224, 0, 224), (0, 224, 224), (224, 224, 224),
        (128, 128, 128), (255, 64, 64), (64, 255, 64), (255, 255, 64), (64, 64, 255), (255, 64, 255), (64, 255, 255), (255, 255, 255),
    ];

    private static readonly int[] CubeLevels = [0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff];

    public string DefaultForeground { get; set; } = "rgb(240,240,240)";
    public string DefaultBackground { get; set; } = "rgb(0,0,0)";

    public string Foreground(Color c) => c.IsDefault ? DefaultForeground : Rgb(c);
    public string Background(Color c) => c.IsDefault ? DefaultBackground : Rgb(c);

    private static string Rgb(Color c)
    {
        (int r, int g, int b) = c.Kind switch
        {
            ColorKind.Rgb => (c.R, c.G, c.B),
            _ when c.Index < 16 => Ansi[c.Index],
            _ when c.Index < 232 => (CubeLevels[(c.Index - 16) / 36], CubeLevels[(c.Index - 16) / 6 % 6], CubeLevels[(c.Index - 16) % 6]),
            _ => (8 + 10 * (c.Index - 232), 8 + 10 * (c.Index - 232), 8 + 10 * (c.Index - 232)),
        };
        return $"rgb({r},{g},{b})";
    }
}
