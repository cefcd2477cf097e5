using System.Globalization;
using System.Text.RegularExpressions;
using Mux.Vt100.Screen;

namespace Mux.Vt100.Tests.ControlFunctions;

/// <summary>
/// <c>style: row=R col=C = words</c>: the whole style of one cell, so anything not listed must be off.
/// Words: <c>default</c>, <c>bold dim italic blink rapid-blink reverse hidden strike overline</c>,
/// <c>underline</c> (single) or <c>underline=double|curly|dotted|dashed</c>, and colours
/// <c>fg= bg= ul=</c> each a palette index (<c>fg=1</c>) or <c>rgb(r,g,b)</c>.
/// </summary>
internal static class CellStyleCheck
{
    public static void Check(Terminal t, string spec, string where, string fed)
    {
        var m = Regex.Match(spec, @"^row=(\d+)\s+col=(\d+)\s+=\s*(.*)$");
        Assert.True(m.Success, $"{where}: style must be 'row=R col=C = words'");
        int row = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), col = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        var expected = Parse(m.Groups[3].Value, where);
        var actual = t.GetStyle(t.GetCell(col, row).StyleId);
        Assert.True(expected == actual, $"{where}: cell row={row} col={col} style\n  expected {expected}\n  actual   {actual}\nafter {fed}");
    }

    private static Style Parse(string words, string where)
    {
        var fg = Color.Default;
        var bg = Color.Default;
        var ul = Color.Default;
        var attributes = CellAttributes.None;
        var underline = UnderlineStyle.None;
        foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = word.IndexOf('=');
            string key = eq < 0 ? word : word[..eq], value = eq < 0 ? "" : word[(eq + 1)..];
            switch (key)
            {
                case "default": break;
                case "bold": attributes |= CellAttributes.Bold; break;
                case "dim": attributes |= CellAttributes.Dim; break;
                case "italic": attributes |= CellAttributes.Italic; break;
                case "blink": attributes |= CellAttributes.Blink; break;
                case "rapid-blink": attributes |= CellAttributes.RapidBlink; break;
                case "reverse": attributes |= CellAttributes.Reverse; break;
                case "hidden": attributes |= CellAttributes.Hidden; break;
                case "strike": attributes |= CellAttributes.Strikethrough; break;
                case "overline": attributes |= CellAttributes.Overline; break;
                case "underline": underline = value.Length == 0 ? UnderlineStyle.Single : Enum.Parse<UnderlineStyle>(value, ignoreCase: true); break;
                case "fg": fg = ParseColor(value); break;
                case "bg": bg = ParseColor(value); break;
                case "ul": ul = ParseColor(value); break;
                default: Assert.Fail($"{where}: unknown style word '{word}'"); break;
            }
        }
        return new Style(fg, bg, ul, attributes, underline);
    }

    private static Color ParseColor(string value)
    {
        if (value.StartsWith("rgb(", StringComparison.Ordinal))
        {
            var n = value[4..^1].Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            return Color.FromRgb(n[0], n[1], n[2]);
        }
        return value == "default" ? Color.Default : Color.FromIndex(int.Parse(value, CultureInfo.InvariantCulture));
    }
}
