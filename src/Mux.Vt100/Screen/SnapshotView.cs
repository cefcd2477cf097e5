using System.Text;

namespace Mux.Vt100.Screen;

/// <summary>
/// A screen-sized window onto a <see cref="LineSnapshot"/>: the lines copy mode shows, with spans drawn in reverse
/// video and a cursor of its own. It is a view, not a terminal: nothing parses, and it keeps only the rows shown.
/// Callers redraw it with <see cref="ShowLine"/>, <see cref="Invert"/> and <see cref="SetCursor"/>; each changed
/// row gets a new version, so a renderer sends only what moved.
/// </summary>
public sealed class SnapshotView : IScreenView
{
    private static readonly Cell s_outside = default;

    private readonly LineSnapshot _source;
    private readonly StyleTable _styles = new();
    private readonly List<LooseCell> _decoded = [];
    private Row[] _rows;
    private int[] _shownLine;   // per row: the snapshot line it shows, -1 blank
    private bool[] _inverted;   // per row: cells were inverted since the line was shown
    private long _version = 1;

    public SnapshotView(LineSnapshot source, int columns, int rows)
    {
        _source = source;
        Columns = Math.Clamp(columns, 1, Terminal.MaxDimension);
        Rows = Math.Clamp(rows, 1, Terminal.MaxDimension);
        _rows = NewRows(Columns, Rows);
        _shownLine = NewLines(Rows);
        _inverted = new bool[Rows];
    }

    public int Columns { get; private set; }
    public int Rows { get; private set; }
    public long Version => _version;
    public int CursorColumn { get; private set; }
    public int CursorRow { get; private set; }
    public bool CursorVisible => true;
    public CursorStyle CursorStyle => CursorStyle.Default;
    public TerminalModes Modes => TerminalModes.None;
    public string Title => "";

    public long GetRowVersion(int row) => (uint)row < (uint)Rows ? _rows[row].Version : 0;

    public ref readonly Cell GetCell(int column, int row)
    {
        if ((uint)column >= (uint)Columns || (uint)row >= (uint)Rows) return ref s_outside;
        return ref _rows[row].Cells[column];
    }

    public ref readonly Style GetStyle(int styleId) => ref _styles[styleId];

    public Hyperlink? GetHyperlink(int number) => _source.GetHyperlink(number);

    public int CopyCellText(int column, int row, Span<char> destination)
    {
        ref readonly Cell c = ref GetCell(column, row);
        if (c.IsSpacer) return 0;
        if (c.HasGrapheme)
        {
            string g = _rows[row].GetGrapheme(c.GraphemeIndex);
            return g.AsSpan().TryCopyTo(destination) ? g.Length : 0;
        }
        return new Rune(c.IsEmpty ? ' ' : c.CodePoint).EncodeToUtf16(destination);
    }

    /// <summary>The text of visible row <paramref name="row"/>, trailing blanks dropped.</summary>
    public string GetRowText(int row) => (uint)row < (uint)Rows ? _rows[row].GetText() : "";

    /// <summary>A new size: every row is blank until shown again.</summary>
    public void Resize(int columns, int rows)
    {
        columns = Math.Clamp(columns, 1, Terminal.MaxDimension);
        rows = Math.Clamp(rows, 1, Terminal.MaxDimension);
        if (columns == Columns && rows == Rows) return;
        (Columns, Rows) = (columns, rows);
        _rows = NewRows(columns, rows);
        _shownLine = NewLines(rows);
        _inverted = new bool[rows];
        _version++;
        foreach (var r in _rows) r.Version = _version;
    }

    /// <summary>
    /// Row <paramref name="row"/> shows line <paramref name="line"/> of the snapshot (-1: blank), colours included;
    /// cells past the right edge are dropped. Showing the line a row already shows changes nothing.
    /// </summary>
    public void ShowLine(int line, int row)
    {
        if ((uint)row >= (uint)Rows) return;
        if (_shownLine[row] == line && !_inverted[row]) return;
        _shownLine[row] = line;
        _inverted[row] = false;
        Row r = _rows[row];
        r.Clear(0);
        if (line >= 0 && line < _source.Count)
        {
            _decoded.Clear();
            _source.Decode(line, _decoded);
            int columns = Math.Min(_decoded.Count, Columns);
            for (int x = 0; x < columns; x++)
            {
                LooseCell lc = _decoded[x];
                Cell c = lc.Cell;
                int style = _styles.Intern(_source.GetStyle(c.StyleId));
                if (c.IsWide && x + 1 >= Columns) c = Cell.Blank(0); // a wide character cut by the edge
                else if (lc.Grapheme != null)
                    c = new Cell((c.Data & Cell.WideFlag) | Cell.GraphemeFlag | (uint)r.AddGrapheme(lc.Grapheme), 0);
                r.Cells[x] = new Cell(c.Data, style);
            }
        }
        r.Version = ++_version;
    }

    /// <summary>Turns reverse video on (off where it was on) for cells [<paramref name="from"/>, <paramref name="to"/>) of a row.</summary>
    public void Invert(int row, int from, int to)
    {
        if ((uint)row >= (uint)Rows) return;
        from = Math.Max(0, from);
        to = Math.Min(Columns, to);
        if (from >= to) return;
        _inverted[row] = true;
        Row r = _rows[row];
        for (int x = from; x < to; x++)
        {
            Cell c = r.Cells[x];
            Style s = _styles[c.StyleId];
            r.Cells[x] = new Cell(c.Data, _styles.Intern(s with { Attributes = s.Attributes ^ CellAttributes.Reverse }));
        }
        r.Version = ++_version;
    }

    /// <summary>Where the view's cursor is (clamped to the view).</summary>
    public void SetCursor(int column, int row)
    {
        CursorColumn = Math.Clamp(column, 0, Columns - 1);
        CursorRow = Math.Clamp(row, 0, Rows - 1);
    }

    private static Row[] NewRows(int columns, int rows)
    {
        var r = new Row[rows];
        for (int y = 0; y < rows; y++) r[y] = new Row(columns) { Version = 1 };
        return r;
    }

    private static int[] NewLines(int rows)
    {
        var lines = new int[rows];
        Array.Fill(lines, int.MinValue);
        return lines;
    }
}
