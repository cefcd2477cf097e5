namespace Mux.Vt100.Screen;

/// <summary>
/// A frozen copy of a terminal's lines, scrollback then screen (line 0 is the oldest), with their styles, as copy
/// mode shows them while the terminal goes on changing. Taking one copies bytes: history lines are copied as they
/// are stored (text and style runs), the screen's rows are encoded the same way, and the style and link tables are copied so
/// that the ids keep their meaning after the terminal compacts its own. Text and cells are decoded per line, when
/// asked for.
/// </summary>
public sealed class LineSnapshot
{
    private readonly Scrollback _lines;
    private readonly Style[] _styles;
    private readonly Hyperlink?[] _links;

    internal LineSnapshot(Scrollback lines, Style[] styles, Hyperlink?[] links)
    {
        _lines = lines;
        _styles = styles;
        _links = links;
    }

    public int Count => _lines.Count;

    /// <summary>A shell's prompt starts on line <paramref name="line"/> (OSC 133 A).</summary>
    public bool IsPromptStart(int line) => _lines.IsPromptStart(line);

    /// <summary>Line <paramref name="line"/> as text: a wide character once, combining marks after their base.</summary>
    public string GetText(int line) => _lines.GetText(line);

    internal void Decode(int line, List<LooseCell> into) => _lines.Decode(line, into);

    internal ref readonly Style GetStyle(int id) => ref _styles[(uint)id < (uint)_styles.Length ? id : 0];

    /// <summary>The hyperlink a style's link number stood for when the snapshot was taken, or null.</summary>
    internal Hyperlink? GetHyperlink(int number) => (uint)number < (uint)_links.Length ? _links[number] : null;

    /// <summary>
    /// The cell column where the character at UTF-16 index <paramref name="textIndex"/> of
    /// <see cref="GetText"/>'s string starts; past the end of the text, one column per index.
    /// </summary>
    public int ColumnOf(int line, int textIndex)
    {
        var cells = Cells(line);
        int index = 0;
        for (int x = 0; x < cells.Count; x++)
        {
            Cell c = cells[x].Cell;
            if (c.IsSpacer) continue;
            int length = TextLength(cells[x]);
            if (textIndex < index + length) return x;
            index += length;
        }
        return cells.Count + (textIndex - index);
    }

    private readonly List<LooseCell> _cells = [];

    /// <summary>Line <paramref name="line"/>'s cells, in a list reused by the next call.</summary>
    private List<LooseCell> Cells(int line)
    {
        _cells.Clear();
        _lines.Decode(line, _cells);
        return _cells;
    }

    /// <summary>UTF-16 characters a cell contributes to <see cref="GetText"/>'s string (a spacer none, checked by callers).</summary>
    private static int TextLength(LooseCell cell) =>
        cell.Grapheme?.Length ?? (cell.Cell.IsEmpty || cell.Cell.CodePoint < 0x10000 ? 1 : 2);

    /// <summary>The UTF-16 index in <see cref="GetText"/>'s string of the character shown at cell <paramref name="column"/>.</summary>
    public int TextIndexOf(int line, int column)
    {
        var cells = Cells(line);
        int index = 0;
        for (int x = 0; x < cells.Count; x++)
        {
            Cell c = cells[x].Cell;
            if (c.IsSpacer) continue;
            if (x == column || (c.IsWide && x + 1 == column)) return index;
            index += TextLength(cells[x]);
        }
        return index + Math.Max(0, column - cells.Count);
    }
}
