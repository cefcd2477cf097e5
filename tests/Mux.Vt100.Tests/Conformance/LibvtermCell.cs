using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Mux.Vt100.Tests.Conformance;

/// <summary>
/// <c>?screen_cell r,c = {cps} width=W attrs={...} [dwl] [dhl-top|dhl-bottom] fg=rgb(..) bg=rgb(..)</c>:
/// the characters are checked through GetCellText; width, attributes and colours need the cell/style API.
/// </summary>
internal static partial class LibvtermCell
{
    // libvterm's default pen colours, as its harness prints them.
    private const string DefaultFg = "rgb(240,240,240)", DefaultBg = "rgb(0,0,0)";

    [GeneratedRegex(@"^\{(?<cps>[^}]*)\}\s+width=(?<w>\d)\s+attrs=\{(?<attrs>[^}]*)\}(?<lines>(\s+(dwl|dhl-top|dhl-bottom))*)\s+fg=(?<fg>\S+)\s+bg=(?<bg>\S+)$")]
    private static partial Regex CellPattern();

    public static void Check(Terminal t, string position, string value, string context)
    {
        var rc = LibvtermScript.Numbers(position);
        int row = rc[0], column = rc[1];
        var m = CellPattern().Match(value);
        Assert.True(m.Success, $"{context}\nunparsed cell expectation: {value}");

        var expected = new StringBuilder();
        foreach (var hex in m.Groups["cps"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            expected.Append(char.ConvertFromUtf32(int.Parse(hex.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
        string actual = t.GetCellText(column, row);
        // libvterm reports an empty cell as no code points; our API reads it as a space.
        string actualChars = actual == " " ? "" : actual;
        Assert.True(expected.ToString() == actualChars,
            $"{context}\ncell {row},{column}: expected chars |{expected}| actual |{actual}|");

        bool needsStyle = m.Groups["w"].Value != "1" || m.Groups["attrs"].Value.Length > 0
            || m.Groups["lines"].Value.Trim().Length > 0 || m.Groups["fg"].Value != DefaultFg || m.Groups["bg"].Value != DefaultBg;
        Assert.False(needsStyle, $"{context}\ncell {row},{column}: width/attributes/colours ({value}) need the cell style API, not mapped yet");
    }
}
