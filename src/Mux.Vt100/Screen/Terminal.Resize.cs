using Mux.Vt100.Screen;

namespace Mux.Vt100;

// Resize (with reflow of soft-wrapped lines on the main screen) and style table upkeep.
public sealed partial class Terminal
{
    /// <summary>When the style table grows past this, unused styles are dropped and ids renumbered.</summary>
    private const int MaxStyles = 1 << 16;
    private int _compactStylesAt = MaxStyles;
    private long _styleCompactions;

    public void Resize(int columns, int rows)
    {
        columns = Math.Clamp(columns, 1, MaxDimension);
        rows = Math.Clamp(rows, 1, MaxDimension);
        if (columns == Columns && rows == Rows) return;
        _version++;

        bool alt = IsAlternateScreen;
        if (alt)
        {
            // The main screen's cursor is the one DECSC saved on the way to the alternate screen.
            int mx = _savedMain.X, my = _savedMain.Y;
            bool mp = false;
            Reflow(columns, rows, ref mx, ref my, ref mp);
            _savedMain.X = mx;
            _savedMain.Y = my;
            // No reflow here: a pending wrap becomes the column after the last one when that column now exists.
            if (_pendingWrap && columns > _alt!.Columns)
            {
                _x++;
                _pendingWrap = false;
            }
            _alt!.Crop(columns, rows, 0);
        }
        else
        {
            Reflow(columns, rows, ref _x, ref _y, ref _pendingWrap);
            if (_alt != null) _alt.Crop(columns, rows, 0);
        }

        var stops = new bool[columns];
        Array.Copy(_tabStops, stops, Math.Min(columns, _tabStops.Length));
        int oldColumns = _tabStops.Length;
        _tabStops = stops;
        if (columns > oldColumns) ResetTabStops(oldColumns);

        _top = 0;
        _bottom = rows - 1;
        _left = 0;
        _right = columns - 1;
        _x = Math.Clamp(_x, 0, columns - 1);
        _y = Math.Clamp(_y, 0, rows - 1);
        if (_x != columns - 1) _pendingWrap = false;
        ClampSaved(ref _savedMain, columns, rows);
        ClampSaved(ref _savedAlt, columns, rows);
        Touch(0, rows - 1);
    }

    private static void ClampSaved(ref SavedCursor s, int columns, int rows)
    {
        s.X = Math.Clamp(s.X, 0, columns - 1);
        s.Y = Math.Clamp(s.Y, 0, rows - 1);
    }

    /// <summary>
    /// Rewraps history and the main screen to a new width, joining soft-wrapped rows into logical lines
    /// and splitting them again (as tmux does); keeps the cursor on the same character. Rows that no
    /// longer fit on the screen go to history; when the screen grows, history comes back.
    /// </summary>
    /// A pending wrap counts as the cursor standing just after the last column's character: after widening the
    /// next character goes beside it instead of overwriting it.
    private void Reflow(int columns, int rows, ref int cx, ref int cy, ref bool pendingWrap)
    {
        if (columns == _main.Columns)
        {
            ResizeHeight(rows, ref cy);
            return;
        }
        int cursorAdvance = pendingWrap ? 1 : 0;
        // Rewrapped rows not yet placed. While history is rewrapped only the last screenful is kept here: older
        // rows can only be history, so they go into the new history at once, compactly, instead of the whole
        // history being held as full rows for a moment (tens of MB for a long scrollback).
        var output = new List<Row>();
        var history = new Scrollback(ScrollbackLimit);
        int placed = 0;           // rows already pushed into the new history; output[0] is row number `placed`
        var spare = new Stack<Row>();   // rows already copied into history, reused: a long history allocates little

        Row NewRow()
        {
            if (!spare.TryPop(out var row)) return new Row(columns);
            Array.Clear(row.Cells);
            row.Wrapped = false;
            row.PromptStart = false;
            row.Version = 0;
            row.Graphemes?.Clear();
            return row;
        }
        var line = new List<LooseCell>();
        bool linePrompt = false;  // a prompt started on one of the logical line's rows: its first row keeps the mark
        int cursorOffset = -1;    // cell offset of the cursor within its logical line
        int cursorRow = -1, cursorCol = 0;

        void Emit()
        {
            bool hasCursor = cursorOffset >= 0 && cursorRow < 0;
            int rowNumber = placed;   // output[i] is row number placed + i
            Row r = NewRow();
            r.PromptStart = linePrompt;
            linePrompt = false;
            int x = 0;
            for (int i = 0; i < line.Count; i++)
            {
                LooseCell lc = line[i];
                if (lc.Cell.IsSpacer) continue;
                int w = lc.Cell.IsWide ? 2 : 1;
                if (w > columns) continue;
                if (x + w > columns)
                {
                    r.Wrapped = true;
                    output.Add(r);
                    r = NewRow();
                    x = 0;
                }
                if (hasCursor && cursorRow < 0 && i >= cursorOffset)
                {
                    cursorRow = rowNumber + output.Count;
                    cursorCol = x;
                }
                Cell c = lc.Cell;
                if (lc.Grapheme != null)
                    c = new Cell((c.Data & (Cell.WideFlag | Cell.GraphemeFlag)) | Cell.GraphemeFlag | (uint)r.AddGrapheme(lc.Grapheme), c.StyleId);
                r.Cells[x] = c;
                if (w == 2) r.Cells[x + 1] = new Cell(Cell.SpacerFlag, c.StyleId);
                x += w;
            }
            output.Add(r);
            if (hasCursor && cursorRow < 0)
            {
                // The cursor is past the text (trailing blanks): keep its distance from the text end.
                cursorRow = rowNumber + output.Count - 1;
                cursorCol = Math.Max(0, x + (cursorOffset - line.Count));
            }
            line.Clear();
        }

        for (int i = 0; i < _history.Count; i++)
        {
            _history.Decode(i, line);
            linePrompt |= _history.IsPromptStart(i);
            if (_history.IsWrapped(i)) continue;
            Emit();
            // The screen's top row is at most a screenful above the end of history (the cursor, below, must stay
            // on screen), so rows before that are history for sure.
            int surplus = output.Count - rows;
            if (surplus > 0)
            {
                for (int k = 0; k < surplus; k++)
                {
                    history.Push(output[k]);
                    spare.Push(output[k]);
                }
                output.RemoveRange(0, surplus);
                placed += surplus;
            }
        }

        int lastRow = cy;
        for (int y = _main.Rows - 1; y > cy; y--)
            if (_main[y].ContentLength(keepSpaces: false) > 0) { lastRow = y; break; }

        for (int y = 0; y <= lastRow && y < _main.Rows; y++)
        {
            Row src = _main[y];
            if (y == cy)
            {
                cursorOffset = line.Count + cx + cursorAdvance;
            }
            linePrompt |= src.PromptStart;
            int end = src.Wrapped ? src.ContentLength(keepSpaces: true) : src.ContentLength(keepSpaces: false);
            for (int x = 0; x < end; x++)
            {
                Cell c = src.Cells[x];
                line.Add(new LooseCell(c, c.HasGrapheme ? src.GetGrapheme(c.GraphemeIndex) : null));
            }
            if (!src.Wrapped || y == lastRow) Emit();
        }
        if (cursorRow < 0) cursorRow = placed + output.Count - 1;

        int screenTop = Math.Max(placed, placed + output.Count - rows);
        if (cursorRow < screenTop) screenTop = Math.Max(placed, cursorRow);

        for (int i = 0; i < screenTop - placed; i++) history.Push(output[i]);
        _history = history;

        var screen = new Row[rows];
        for (int y = 0; y < rows; y++)
        {
            int i = screenTop - placed + y;
            screen[y] = i < output.Count ? output[i] : new Row(columns);
        }
        _main.SetRows(columns, screen);
        // The cursor just after the last column of the new width is a pending wrap again.
        pendingWrap = cursorAdvance == 1 && cursorCol == columns;
        cx = Math.Clamp(cursorCol, 0, columns - 1);
        cy = Math.Clamp(cursorRow - screenTop, 0, rows - 1);
    }

    /// <summary>
    /// Same width, so no line needs rewrapping: a shorter screen drops blank rows below the cursor, then
    /// pushes top rows to history; a taller one pulls the newest history lines back (as tmux does).
    /// </summary>
    private void ResizeHeight(int rows, ref int cy)
    {
        int old = _main.Rows;
        int columns = _main.Columns;
        var screen = new List<Row>(Math.Max(rows, old));
        for (int y = 0; y < old; y++) screen.Add(_main[y]);
        if (rows < old)
        {
            int surplus = old - rows;
            for (int y = old - 1; y > cy && surplus > 0 && screen[y].ContentLength(keepSpaces: false) == 0; y--)
            {
                screen.RemoveAt(y);
                surplus--;
            }
            for (int i = 0; i < surplus; i++) _history.Push(screen[i]);
            screen.RemoveRange(0, surplus);
            cy -= surplus;
        }
        else
        {
            var cells = new List<LooseCell>();
            int pull = Math.Min(rows - old, _history.Count);
            for (int i = 0; i < pull; i++)
            {
                cells.Clear();
                bool prompt = _history.IsPromptStart(_history.Count - 1);
                _history.PopNewest(cells, out bool wrapped);
                var r = new Row(columns) { Wrapped = wrapped, PromptStart = prompt };
                for (int x = 0; x < cells.Count && x < columns; x++)
                {
                    LooseCell lc = cells[x];
                    Cell c = lc.Cell;
                    if (lc.Grapheme != null)
                        c = new Cell((c.Data & Cell.WideFlag) | Cell.GraphemeFlag | (uint)r.AddGrapheme(lc.Grapheme), c.StyleId);
                    r.Cells[x] = c;
                }
                if (r.Cells[columns - 1].IsWide) r.Cells[columns - 1] = Cell.Blank(r.Cells[columns - 1].StyleId);
                screen.Insert(0, r);
            }
            cy += pull;
            while (screen.Count < rows) screen.Add(new Row(columns));
        }
        _main.SetRows(columns, screen.ToArray());
        cy = Math.Clamp(cy, 0, rows - 1);
    }

    /// <summary>Drops styles no cell, history line or saved cursor uses and renumbers the rest.</summary>
    private void CompactStyles()
    {
        var live = new bool[_styles.Count];
        live[0] = true;
        MarkGrid(_main, live);
        if (_alt != null) MarkGrid(_alt, live);
        _history.MarkStyles(live);
        int[] map = _styles.Compact(live);
        RemapGrid(_main, map);
        if (_alt != null) RemapGrid(_alt, map);
        _history.RemapStyles(map);
        _sgrMemo.Clear();
        _styleCompactions++;
        // Keep compaction rare even when most styles are in use.
        _compactStylesAt = Math.Max(MaxStyles, _styles.Count * 2);
        _styleId = _styles.Intern(_style);
        _eraseStyleId = _style.Background.IsDefault ? 0 : _styles.Intern(new Style { Background = _style.Background });
    }

    private static void MarkGrid(Grid g, bool[] live)
    {
        for (int y = 0; y < g.Rows; y++)
            foreach (Cell c in g[y].Cells) live[c.StyleId] = true;
    }

    private static void RemapGrid(Grid g, int[] map)
    {
        for (int y = 0; y < g.Rows; y++)
        {
            Cell[] cells = g[y].Cells;
            for (int x = 0; x < cells.Length; x++) cells[x] = new Cell(cells[x].Data, map[cells[x].StyleId]);
        }
    }
}
