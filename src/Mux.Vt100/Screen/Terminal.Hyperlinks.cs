using System.Text;
using Mux.Vt100.Screen;

namespace Mux.Vt100;

// OSC 8 hyperlinks: the link is part of the current style, so cells carry it in their style index.
public sealed partial class Terminal
{
    /// <summary>Longest URI kept; a longer one is refused (the text still prints, without a link).</summary>
    public const int MaxHyperlinkUriLength = 2048;

    private readonly HyperlinkTable _links = new();

    /// <summary>OSC 8 links refused: a URI too long or not plain printable ASCII, or the link table full of links in use.</summary>
    public long RefusedHyperlinks { get; private set; }

    /// <summary>Links held in the table now (bounded by <see cref="HyperlinkTable.Capacity"/>).</summary>
    public int HyperlinkCount => _links.Count;

    /// <summary>The hyperlink a style belongs to, or null.</summary>
    public Hyperlink? GetHyperlink(in Style style) => GetHyperlink(style.Link);

    public Hyperlink? GetHyperlink(int number) => number == 0 ? null : _links[number];

    /// <summary>The hyperlink of visible cell (<paramref name="column"/>, <paramref name="row"/>), or null.</summary>
    public Hyperlink? GetHyperlinkAt(int column, int row) => GetHyperlink(GetStyle(GetCell(column, row).StyleId));

    /// <summary>The hyperlink of cell <paramref name="column"/> of history line <paramref name="index"/> (0 = oldest), or null.</summary>
    public Hyperlink? GetScrollbackHyperlinkAt(int index, int column)
    {
        var cells = new List<LooseCell>();
        _history.Decode(index, cells);
        return (uint)column < (uint)cells.Count ? GetHyperlink(GetStyle(cells[column].Cell.StyleId)) : null;
    }

    /// <summary>OSC 8 ; params ; URI: starts a link (an empty URI ends it). Params are key=value pairs split by ':'.</summary>
    private void SetHyperlink(ReadOnlySpan<byte> text)
    {
        int semi = text.IndexOf((byte)';');
        ushort number = 0;
        if (semi >= 0 && semi + 1 < text.Length) number = InternHyperlink(text[..semi], text[(semi + 1)..]);
        if (number != _style.Link) SetStyle(_style with { Link = number });
    }

    private ushort InternHyperlink(ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> uri)
    {
        // Checked on the bytes first: only ASCII becomes a string, and a long URI is never copied.
        if (uri.Length > MaxHyperlinkUriLength || uri.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0 ||
            parameters.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0)
        {
            RefusedHyperlinks++;
            return 0;
        }
        var link = new Hyperlink(Encoding.ASCII.GetString(uri), LinkId(parameters));
        if (!link.IsSafe)
        {
            RefusedHyperlinks++;
            return 0;
        }
        ushort number = _links.Add(link);
        if (number == 0)
        {
            FreeUnusedHyperlinks();
            number = _links.Add(link);
        }
        if (number == 0) RefusedHyperlinks++;
        return number;
    }

    private static string? LinkId(ReadOnlySpan<byte> parameters)
    {
        foreach (Range r in parameters.Split((byte)':'))
        {
            ReadOnlySpan<byte> kv = parameters[r];
            if (kv.StartsWith("id="u8)) return Encoding.ASCII.GetString(kv[3..]);
        }
        return null;
    }

    /// <summary>Drops unused styles (the style table knows every cell, history line and saved cursor) and frees the links none of the rest uses.</summary>
    private void FreeUnusedHyperlinks()
    {
        CompactStyles();
        var live = new bool[HyperlinkTable.Capacity + 1];
        for (int i = 0; i < _styles.Count; i++) live[_styles[i].Link] = true;
        live[_style.Link] = live[_savedMain.Style.Link] = live[_savedAlt.Style.Link] = true;
        _links.Retain(live);
    }
}
