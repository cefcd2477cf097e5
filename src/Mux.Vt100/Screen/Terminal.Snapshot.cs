using Mux.Vt100.Screen;

namespace Mux.Vt100;

/// <summary>Lines taken out of a terminal (copy mode's snapshot) and drawn back into another one.</summary>
public sealed partial class Terminal
{
    /// <summary>A frozen copy of the scrollback and the visible screen, with styles (see <see cref="LineSnapshot"/>).</summary>
    public LineSnapshot SnapshotLines()
    {
        var lines = new Scrollback(Math.Max(1, _history.Count + Rows));
        for (int i = 0; i < _history.Count; i++) lines.PushCopy(_history, i);
        for (int y = 0; y < Rows; y++) lines.Push(_grid[y]);
        var styles = new Style[_styles.Count];
        for (int i = 0; i < styles.Length; i++) styles[i] = _styles[i];
        return new LineSnapshot(lines, styles);
    }

    /// <summary>
    /// Replaces visible row <paramref name="row"/> with line <paramref name="line"/> of <paramref name="source"/>, its
    /// colours and attributes included; cells past the right edge are dropped.
    /// </summary>
    public void ShowLine(LineSnapshot source, int line, int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        var cells = new List<LooseCell>();
        source.Decode(line, cells);
        _version++;
        Row r = _grid[row];
        r.Clear(0);
        int columns = Math.Min(cells.Count, Columns);
        for (int x = 0; x < columns; x++)
        {
            LooseCell lc = cells[x];
            Cell c = lc.Cell;
            // Link numbers belong to the source's link table: meaningless here.
            int style = _styles.Intern(source.GetStyle(c.StyleId) with { Link = 0 });
            if (c.IsWide && x + 1 >= Columns) c = Cell.Blank(0); // a wide character cut by the edge
            else if (lc.Grapheme != null)
                c = new Cell((c.Data & Cell.WideFlag) | Cell.GraphemeFlag | (uint)r.AddGrapheme(lc.Grapheme), 0);
            r.Cells[x] = new Cell(c.Data, style);
        }
        r.Version = _version;
    }

    /// <summary>Turns reverse video on (off where it was on) for cells [<paramref name="from"/>, <paramref name="to"/>) of a visible row.</summary>
    public void InvertCells(int row, int from, int to)
    {
        if ((uint)row >= (uint)Rows) return;
        from = Math.Max(0, from);
        to = Math.Min(Columns, to);
        if (from >= to) return;
        _version++;
        Row r = _grid[row];
        for (int x = from; x < to; x++)
        {
            Cell c = r.Cells[x];
            Style s = _styles[c.StyleId];
            r.Cells[x] = new Cell(c.Data, _styles.Intern(s with { Attributes = s.Attributes ^ CellAttributes.Reverse }));
        }
        r.Version = _version;
    }
}
