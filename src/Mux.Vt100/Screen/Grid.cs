namespace Mux.Vt100.Screen;

/// <summary>
/// The visible rows as a ring: row y (0 = top of the screen) lives at <c>_rows[(_start + y) % Rows]</c>,
/// so scrolling the whole screen moves the start instead of copying rows, and the row that leaves the
/// top is cleared and reused as the new bottom row.
/// </summary>
internal sealed class Grid
{
    private Row[] _rows;
    private int _start;

    public Grid(int columns, int rows)
    {
        Columns = columns;
        Rows = rows;
        _rows = new Row[rows];
        for (int i = 0; i < rows; i++) _rows[i] = new Row(columns);
    }

    public int Columns { get; private set; }
    public int Rows { get; private set; }

    public Row this[int y]
    {
        get
        {
            int i = _start + y;
            if (i >= Rows) i -= Rows;
            return _rows[i];
        }
        set
        {
            int i = _start + y;
            if (i >= Rows) i -= Rows;
            _rows[i] = value;
        }
    }

    /// <summary>The whole screen moves up one row; the old top row becomes the bottom row (not cleared).</summary>
    public void RotateUp()
    {
        _start++;
        if (_start == Rows) _start = 0;
    }

    /// <summary>Rows top..bottom move up one; the row that was at top is now at bottom (not cleared).</summary>
    public void ShiftUp(int top, int bottom)
    {
        Row first = this[top];
        for (int y = top; y < bottom; y++) this[y] = this[y + 1];
        this[bottom] = first;
    }

    /// <summary>Rows top..bottom move down one; the row that was at bottom is now at top (not cleared).</summary>
    public void ShiftDown(int top, int bottom)
    {
        Row last = this[bottom];
        for (int y = bottom; y > top; y--) this[y] = this[y - 1];
        this[top] = last;
    }

    /// <summary>Replaces all rows (resize and reflow build them outside).</summary>
    public void SetRows(int columns, Row[] rows)
    {
        Columns = columns;
        Rows = rows.Length;
        _rows = rows;
        _start = 0;
    }

    /// <summary>Crops or pads to a new size without reflow (the alternate screen).</summary>
    public void Crop(int columns, int rows, int styleId)
    {
        var fresh = new Row[rows];
        for (int y = 0; y < rows; y++)
        {
            Row r = y < Rows ? this[y] : new Row(columns, styleId);
            r.Resize(columns);
            r.Wrapped = false;
            fresh[y] = r;
        }
        SetRows(columns, fresh);
    }
}
