using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Mux.Vt100.Parsing;
using Mux.Vt100.Screen;

namespace Mux.Vt100;

// The cursor and every operation that writes into the grid: printing, scrolling, erasing, inserting.
public sealed partial class Terminal
{
    /// <summary>Combining marks beyond this many chars per cell are dropped (hostile input).</summary>
    private const int MaxGraphemeChars = 32;

    private TerminalModes _modes = TerminalModes.AutoWrap;
    private int _x, _y;
    private bool _pendingWrap;      // the last column was written: the next printable wraps first
    private Style _style;
    private int _styleId;
    private int _eraseStyleId;      // background colour erase: erased cells keep the current background
    private int _top, _bottom;      // scrolling region, inclusive
    private bool[] _tabStops;
    private Charset _g0, _g1;
    private bool _shiftOut;         // SO: GL is G1
    private int _lastPrinted = -1;  // for REP
    private SavedCursor _savedMain, _savedAlt;

    private struct SavedCursor
    {
        public bool IsSet;
        public int X, Y;
        public bool Origin;
        public Style Style;
        public Charset G0, G1;
        public bool ShiftOut;
    }

    private bool AutoWrap => (_modes & TerminalModes.AutoWrap) != 0;
    private bool OriginMode => (_modes & TerminalModes.Origin) != 0;

    void IParserHandler.PrintAscii(ReadOnlySpan<byte> run)
    {
        if ((_shiftOut ? _g1 : _g0) != Charset.Ascii || (_modes & TerminalModes.Insert) != 0)
        {
            foreach (byte b in run) PrintChar(b);
            return;
        }
        int style = _styleId;
        _lastPrinted = run[^1];
        while (!run.IsEmpty)
        {
            if (_pendingWrap) WrapLine();
            Row row = _grid[_y];
            int cols = RightLimit + 1;  // printing wraps at the right margin
            int n = Math.Min(cols - _x, run.Length);
            ClearOverlap(row, _x, _x + n);
            Span<Cell> dst = row.Cells.AsSpan(_x, n);
            WriteAscii(run[..n], dst, style);
            row.Version = _version;
            _x += n;
            if (_x >= cols)
            {
                _x = cols - 1;
                if (AutoWrap) _pendingWrap = true;
                else if (run.Length > n)
                {
                    // Without autowrap the rest overwrites the last column: only the final char stays.
                    dst[^1] = new Cell(run[^1], style);
                    n = run.Length;
                }
            }
            run = run[n..];
        }
    }

    /// <summary>
    /// One cell per byte of <paramref name="text"/>, all in one style; 16 at a time where the CPU has vectors. A run
    /// that is not a multiple of 16 ends with its last 16 bytes, rewriting a few cells with the same values, rather
    /// than a loop a cell at a time (narrow windows leave such a tail on every row).
    /// </summary>
    private static void WriteAscii(ReadOnlySpan<byte> text, Span<Cell> dst, int style)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && text.Length >= 16)
        {
            // A cell is 8 bytes, code point then style id: as a ulong, the byte widened with the style in the high half.
            Span<ulong> raw = MemoryMarshal.Cast<Cell, ulong>(dst);
            var styleBits = Vector256.Create((ulong)(uint)style << 32);
            while (true)
            {
                var (low, high) = Vector128.Widen(Vector128.Create(text.Slice(i, 16)));
                var (a, b) = Vector128.Widen(low);
                var (c, d) = Vector128.Widen(high);
                var (q0, q1) = Vector256.Widen(Vector256.Create(a, b));
                var (q2, q3) = Vector256.Widen(Vector256.Create(c, d));
                (q0 | styleBits).CopyTo(raw[i..]);
                (q1 | styleBits).CopyTo(raw[(i + 4)..]);
                (q2 | styleBits).CopyTo(raw[(i + 8)..]);
                (q3 | styleBits).CopyTo(raw[(i + 12)..]);
                if (i + 16 == text.Length) return;
                i = Math.Min(i + 16, text.Length - 16);
            }
        }
        for (; i < text.Length; i++) dst[i] = new Cell(text[i], style);
    }

    void IParserHandler.Print(int codePoint) => PrintChar(codePoint);

    void IParserHandler.Print(ReadOnlySpan<int> text)
    {
        // Another character set or insert mode: rare, character by character.
        bool general = (_shiftOut ? _g1 : _g0) != Charset.Ascii || (_modes & TerminalModes.Insert) != 0;
        int i = 0;
        while (i < text.Length)
        {
            if (!general) i += WriteInRow(text[i..]);
            // What the row could not take (a wrap, a combining mark, a wide char at the margin) goes the general way.
            if (i < text.Length) PrintChar(text[i++]);
        }
    }

    /// <summary>
    /// Writes the longest prefix of <paramref name="text"/> that fits in the cursor's row, short of its last column,
    /// and holds only characters of width 1 or 2 already in the width cache; returns how many code points it wrote.
    /// The result is that of <see cref="PrintChar"/> for each (rows are well-formed: a spacer always follows its wide
    /// char), without its per-character checks and without a branch on the width: in text that mixes ASCII and wide
    /// characters such a branch is mispredicted at every change.
    /// </summary>
    private int WriteInRow(ReadOnlySpan<int> text)
    {
        if (_pendingWrap) return 0;
        Row row = _grid[_y];
        Cell[] cells = row.Cells;
        int start = _x;
        // Each character writes two cells, the second a spacer that a narrow character's successor overwrites.
        int last = RightLimit;
        if ((uint)start >= (uint)last) return 0;
        bool spacerAtStart = cells[start].IsSpacer;
        int style = _styleId;
        CachedWidths widths = CharWidth.Cached;
        int x = start, i = 0;
        Cell after = default;   // what was in cells[x + 1] before this character's spacer went there
        for (; i < text.Length && x < last; i++)
        {
            int cp = text[i];
            int w = widths.Of(cp);
            if ((uint)(w - 1) > 1) break;   // zero width (combining) or not cached: the general way
            after = cells[x + 1];
            cells[x] = new Cell((uint)cp | (uint)(w - 1) * Cell.WideFlag, style);
            cells[x + 1] = new Cell(Cell.SpacerFlag, style);
            x += w;
        }
        if (i == 0) return 0;
        if (!cells[x - 1].IsSpacer) cells[x] = after;   // the last character was narrow: its spacer goes
        // Wide characters the run cut in half at either end lose their other half, as ClearOverlap does.
        if (spacerAtStart && start > 0) cells[start - 1] = Cell.Blank(cells[start - 1].StyleId);
        if (x < cells.Length && cells[x].IsSpacer) cells[x] = Cell.Blank(cells[x].StyleId);
        row.Version = _version;
        _lastPrinted = text[i - 1];
        _x = x;
        if (x > last)
        {
            _x = last;
            _pendingWrap = AutoWrap;
        }
        return i;
    }

    private void PrintChar(int cp)
    {
        if (cp < 0x80) cp = Charsets.Map(_shiftOut ? _g1 : _g0, cp);
        int w = CharWidth.Of(cp);
        if (w == 0)
        {
            Combine(cp);
            return;
        }
        if (_pendingWrap) WrapLine();
        int cols = RightLimit + 1;  // printing wraps at the right margin
        if (w == 2 && _x == cols - 1)
        {
            if (cols - LeftLimit < 2) return; // a wide character cannot be shown in a one-column space
            if (AutoWrap) WrapLine();
            else _x = cols - 2;
        }
        Row row = _grid[_y];
        if ((_modes & TerminalModes.Insert) != 0) InsertCells(row, _x, w, cols);
        ClearOverlap(row, _x, _x + w);
        row.Cells[_x] = new Cell((uint)cp | (w == 2 ? Cell.WideFlag : 0), _styleId);
        if (w == 2) row.Cells[_x + 1] = new Cell(Cell.SpacerFlag, _styleId);
        row.Version = _version;
        _x += w;
        if (_x >= cols)
        {
            _x = cols - 1;
            _pendingWrap = AutoWrap;
        }
        _lastPrinted = cp;
    }

    /// <summary>A zero-width character joins the cell before the cursor.</summary>
    private void Combine(int cp)
    {
        int x = _pendingWrap ? _x : _x - 1;
        if (x < 0) return;
        Row row = _grid[_y];
        if (row.Cells[x].IsSpacer && x > 0) x--;
        Cell c = row.Cells[x];
        if (c.IsEmpty) return;
        string text = c.HasGrapheme ? row.GetGrapheme(c.GraphemeIndex) : char.ConvertFromUtf32(c.CodePoint);
        if (text.Length >= MaxGraphemeChars) return;
        int index = row.AddGrapheme(text + char.ConvertFromUtf32(cp));
        c = row.Cells[x]; // adding may have renumbered the row's graphemes
        row.Cells[x] = new Cell((c.Data & (Cell.WideFlag | Cell.SpacerFlag)) | Cell.GraphemeFlag | (uint)index, c.StyleId);
        row.Version = _version;
    }

    /// <summary>Before cells [from, to) are overwritten, blank the halves of wide chars they would split.</summary>
    private static void ClearOverlap(Row row, int from, int to)
    {
        Cell[] cells = row.Cells;
        if (from > 0 && from < cells.Length && cells[from].IsSpacer)
            cells[from - 1] = Cell.Blank(cells[from - 1].StyleId);
        if (to > 0 && to < cells.Length && cells[to - 1].IsWide)
            cells[to] = Cell.Blank(cells[to].StyleId);
    }

    private void WrapLine()
    {
        _grid[_y].Wrapped = true;
        _pendingWrap = false;
        _x = _left;
        Index();
    }

    /// <summary>IND / LF: down one row, scrolling the region at its bottom margin.</summary>
    private void Index()
    {
        _pendingWrap = false;
        if (_y == _bottom)
        {
            // Outside the left/right margins the bottom margin stops the cursor without scrolling.
            if (CursorInsideLeftRight) ScrollUp(1);
        }
        else if (_y < Rows - 1) _y++;
    }

    /// <summary>RI: up one row, scrolling the region down at its top margin.</summary>
    private void ReverseIndex()
    {
        _pendingWrap = false;
        if (_y == _top)
        {
            if (CursorInsideLeftRight) ScrollDown(1);
        }
        else if (_y > 0) _y--;
    }

    private void Touch(int top, int bottom)
    {
        // Scrolling only permutes rows that were already stamped during this Feed: stamping again is waste.
        if (_touchedVersion == _version && _touchedGrid == _grid && _touchedTop <= top && _touchedBottom >= bottom) return;
        for (int y = top; y <= bottom; y++) _grid[y].Version = _version;
        (_touchedVersion, _touchedGrid, _touchedTop, _touchedBottom) = (_version, _grid, top, bottom);
    }

    private long _touchedVersion;
    private Grid? _touchedGrid;
    private int _touchedTop, _touchedBottom;

    /// <summary>The scrolling region moves up <paramref name="n"/> rows; rows leaving the top of the main screen go to history.</summary>
    private void ScrollUp(int n)
    {
        if (!FullWidthMargins)
        {
            ScrollRectUp(_top, _bottom, _left, _right, n);
            return;
        }
        n = Math.Min(n, _bottom - _top + 1);
        bool toHistory = _grid == _main && _top == 0;
        bool wholeScreen = _top == 0 && _bottom == Rows - 1;
        for (int i = 0; i < n; i++)
        {
            Row r = _grid[_top];
            if (toHistory) _history.Push(r);
            if (wholeScreen) _grid.RotateUp();
            else _grid.ShiftUp(_top, _bottom);
            r.Clear(_eraseStyleId);
        }
        Touch(_top, _bottom);
    }

    private void ScrollDown(int n)
    {
        if (!FullWidthMargins)
        {
            ScrollRectDown(_top, _bottom, _left, _right, n);
            return;
        }
        n = Math.Min(n, _bottom - _top + 1);
        for (int i = 0; i < n; i++)
        {
            _grid.ShiftDown(_top, _bottom);
            _grid[_top].Clear(_eraseStyleId);
        }
        Touch(_top, _bottom);
    }

    private void InsertLines(int n)
    {
        if (_y < _top || _y > _bottom || !CursorInsideLeftRight) return;
        _pendingWrap = false;
        if (!FullWidthMargins)
        {
            ScrollRectDown(_y, _bottom, _left, _right, n);
            _x = _left;
            return;
        }
        n = Math.Min(n, _bottom - _y + 1);
        for (int i = 0; i < n; i++)
        {
            _grid.ShiftDown(_y, _bottom);
            _grid[_y].Clear(_eraseStyleId);
        }
        Touch(_y, _bottom);
        _x = 0;
        _pendingWrap = false;
    }

    private void DeleteLines(int n)
    {
        if (_y < _top || _y > _bottom || !CursorInsideLeftRight) return;
        _pendingWrap = false;
        if (!FullWidthMargins)
        {
            ScrollRectUp(_y, _bottom, _left, _right, n);
            _x = _left;
            return;
        }
        n = Math.Min(n, _bottom - _y + 1);
        for (int i = 0; i < n; i++)
        {
            _grid.ShiftUp(_y, _bottom);
            _grid[_bottom].Clear(_eraseStyleId);
        }
        Touch(_y, _bottom);
        _x = 0;
        _pendingWrap = false;
    }

    private void EraseCells(Row row, int from, int to)
    {
        from = Math.Max(0, from);
        to = Math.Min(row.Cells.Length, to);
        if (from >= to) return;
        ClearOverlap(row, from, to);
        row.Cells.AsSpan(from, to - from).Fill(Cell.Blank(_eraseStyleId));
        row.Version = _version;
    }

    /// <summary>DECSED/DECSEL: like <see cref="EraseCells"/>, but cells DECSCA protected keep their character.</summary>
    private void EraseUnprotectedCells(Row row, int from, int to)
    {
        from = Math.Max(0, from);
        to = Math.Min(row.Cells.Length, to);
        if (from >= to) return;
        Cell[] cells = row.Cells;
        for (int x = from; x < to; x++)
        {
            if ((_styles[cells[x].StyleId].Attributes & CellAttributes.Protected) != 0) continue;
            // A wide character half inside the range goes with its other half.
            if (cells[x].IsSpacer && x > 0) cells[x - 1] = Cell.Blank(_eraseStyleId);
            if (cells[x].IsWide && x + 1 < cells.Length) cells[x + 1] = Cell.Blank(_eraseStyleId);
            cells[x] = Cell.Blank(_eraseStyleId);
        }
        row.Version = _version;
    }

    private void EraseRows(int from, int to)
    {
        for (int y = from; y < to; y++)
        {
            Row r = _grid[y];
            r.Clear(_eraseStyleId);
            r.Version = _version;
        }
    }

    /// <summary>
    /// EL (DECSEL when <paramref name="selective"/>): 0 cursor to end, 1 start to cursor, 2 whole line.
    /// At a pending wrap "cursor to end" erases nothing: the character just written in the last column stays,
    /// as in tmux and alacritty (xterm erases it; see Conformance/KnownDifferences.cs, erase_in_line).
    /// </summary>
    private void EraseInLine(int mode, bool selective)
    {
        Row row = _grid[_y];
        int from = mode == 0 ? (_pendingWrap ? Columns : _x) : 0;
        int to = mode == 1 ? _x + 1 : Columns;
        if (mode > 2) return;
        if (selective) EraseUnprotectedCells(row, from, to);
        else EraseCells(row, from, to);
        if (mode != 1) row.Wrapped = false;
    }

    /// <summary>ED (DECSED when <paramref name="selective"/>): 0 cursor to end, 1 start to cursor, 2 whole screen, 3 scrollback.</summary>
    private void EraseInDisplay(int mode, bool selective)
    {
        int rowsFrom, rowsTo;
        switch (mode)
        {
            case 0: EraseInLine(0, selective); (rowsFrom, rowsTo) = (_y + 1, Rows); break;
            case 1: EraseInLine(1, selective); (rowsFrom, rowsTo) = (0, _y); break;
            case 2: (rowsFrom, rowsTo) = (0, Rows); break;
            case 3: if (!selective) _history.Clear(); return;
            default: return;
        }
        if (!selective)
        {
            EraseRows(rowsFrom, rowsTo);
            return;
        }
        for (int y = rowsFrom; y < rowsTo; y++) EraseUnprotectedCells(_grid[y], 0, Columns);
    }

    /// <summary>ICH: blanks pushed in at <paramref name="x"/>; cells shifted past <paramref name="end"/> (exclusive: the right margin + 1) are lost.</summary>
    private void InsertCells(Row row, int x, int n, int end)
    {
        Cell[] cells = row.Cells;
        n = Math.Min(n, end - x);
        if (n <= 0) return;
        if (cells[x].IsSpacer && x > 0)
        {
            cells[x - 1] = Cell.Blank(cells[x - 1].StyleId);
            cells[x] = Cell.Blank(cells[x].StyleId);
        }
        if (end < cells.Length && cells[end].IsSpacer)
        {
            cells[end - 1] = Cell.Blank(cells[end - 1].StyleId);
            cells[end] = Cell.Blank(cells[end].StyleId);
        }
        Array.Copy(cells, x, cells, x + n, end - x - n);
        cells.AsSpan(x, n).Fill(Cell.Blank(_eraseStyleId));
        if (cells[end - 1].IsWide) cells[end - 1] = Cell.Blank(cells[end - 1].StyleId);
        row.Version = _version;
    }

    /// <summary>DCH: cells right of the cursor move left; blanks fill in before <paramref name="end"/> (exclusive: the right margin + 1).</summary>
    private void DeleteCells(Row row, int x, int n, int end)
    {
        Cell[] cells = row.Cells;
        n = Math.Min(n, end - x);
        if (n <= 0) return;
        if (cells[x].IsSpacer && x > 0) cells[x - 1] = Cell.Blank(cells[x - 1].StyleId);
        if (x + n < end && cells[x + n].IsSpacer) cells[x + n] = Cell.Blank(cells[x + n].StyleId);
        if (end < cells.Length && cells[end].IsSpacer)
        {
            // A wide character across the right margin: the half inside moves away from the half outside.
            cells[end - 1] = Cell.Blank(cells[end - 1].StyleId);
            cells[end] = Cell.Blank(cells[end].StyleId);
        }
        Array.Copy(cells, x + n, cells, x, end - x - n);
        cells.AsSpan(end - n, n).Fill(Cell.Blank(_eraseStyleId));
        row.Version = _version;
    }

    /// <summary>REP: the last printed character again, at most a screenful.</summary>
    private void Repeat(int n)
    {
        if (_lastPrinted < 0) return;
        n = Math.Min(n, Columns * Rows);
        int cp = _lastPrinted;
        for (int i = 0; i < n; i++) PrintChar(cp);
    }

    private void SetCursor(int x, int y)
    {
        _x = Math.Clamp(x, 0, Columns - 1);
        _y = Math.Clamp(y, 0, Rows - 1);
        _pendingWrap = false;
    }

    /// <summary>CUP/HVP: 0-based position, relative to the scrolling region in origin mode.</summary>
    private void MoveTo(int x, int y)
    {
        if (OriginMode) SetCursor(Math.Clamp(_left + x, _left, _right), Math.Clamp(_top + y, _top, _bottom));
        else SetCursor(x, y);
    }

    private void CursorUp(int n)
    {
        int limit = _y >= _top ? _top : 0;
        SetCursor(_x, Math.Max(limit, _y - n));
    }

    private void CursorDown(int n)
    {
        int limit = _y <= _bottom ? _bottom : Rows - 1;
        SetCursor(_x, Math.Min(limit, _y + n));
    }

    private void ResetTabStops(int from)
    {
        for (int x = from; x < _tabStops.Length; x++) _tabStops[x] = x % 8 == 0 && x > 0;
    }

    private void TabForward(int n)
    {
        // xterm's "more(1) fix" (mode 41): a tab right after the last column wraps first, then tabs on the next line.
        if (_pendingWrap && IsInertDecModeSet(MoreFixMode)) WrapLine();
        int x = _x;
        int limit = RightLimit;
        for (int i = 0; i < n && x < limit; i++)
        {
            x++;
            while (x < limit && !_tabStops[x]) x++;
        }
        // A tab that cannot move (at the last column) keeps a pending wrap, as in xterm.
        if (x != _x) _pendingWrap = false;
        _x = x;
    }

    private void TabBackward(int n)
    {
        int x = _x;
        int limit = 0;  // CBT is not stopped by the left margin (xterm; esctest2 cbt.py), unlike HT by the right one
        for (int i = 0; i < n && x > limit; i++)
        {
            x--;
            while (x > limit && !_tabStops[x]) x--;
        }
        _x = x;
        _pendingWrap = false;
    }

    private void SaveCursor()
    {
        ref SavedCursor s = ref IsAlternateScreen ? ref _savedAlt : ref _savedMain;
        s = new SavedCursor
        {
            IsSet = true,
            X = _x,
            Y = _y,
            Origin = OriginMode,
            Style = _style,
            G0 = _g0,
            G1 = _g1,
            ShiftOut = _shiftOut,
        };
    }

    private void RestoreCursor()
    {
        ref SavedCursor s = ref IsAlternateScreen ? ref _savedAlt : ref _savedMain;
        if (!s.IsSet)
        {
            // Nothing saved: DECRC homes the cursor and resets what DECSC would have saved.
            s = new SavedCursor { IsSet = false };
        }
        // The pending wrap is not restored: the next character is written at the restored column (xterm).
        SetCursor(s.X, s.Y);
        _modes = s.Origin ? _modes | TerminalModes.Origin : _modes & ~TerminalModes.Origin;
        SetStyle(s.Style);
        _g0 = s.G0;
        _g1 = s.G1;
        _shiftOut = s.ShiftOut;
    }

    private void SetStyle(in Style style)
    {
        _style = style;
        _styleId = _styles.Intern(style);
        _eraseStyleId = style.Background.IsDefault ? 0 : _styles.Intern(new Style { Background = style.Background });
        if (_styles.Count > _compactStylesAt) CompactStyles();
    }

    private void SwitchToAlternate(bool clear)
    {
        if (_grid != _main)
        {
            if (clear) EraseRows(0, Rows);
            return;
        }
        if (_alt == null || _alt.Columns != Columns || _alt.Rows != Rows) _alt = new Grid(Columns, Rows);
        _grid = _alt;
        _modes |= TerminalModes.AlternateScreen;
        if (clear) EraseRows(0, Rows);
        Touch(0, Rows - 1);
    }

    private void SwitchToMain()
    {
        if (_grid == _main) return;
        _grid = _main;
        _modes &= ~TerminalModes.AlternateScreen;
        Touch(0, Rows - 1);
    }

    /// <summary>DECALN: fill the screen with 'E', reset margins, home the cursor.</summary>
    private void ScreenAlignment()
    {
        _top = 0;
        _bottom = Rows - 1;
        ResetLeftRightMargins();
        for (int y = 0; y < Rows; y++)
        {
            Row r = _grid[y];
            r.Clear(0);
            r.Cells.AsSpan().Fill(new Cell('E', 0));
            r.Version = _version;
        }
        SetCursor(0, 0);
    }

    /// <summary>
    /// DECCOLM set or reset: xterm clears the screen, resets the margins and homes the cursor even when it does
    /// not change the width (we never do: the window size belongs to the client).
    /// </summary>
    private void ColumnModeReset()
    {
        _top = 0;
        _bottom = Rows - 1;
        ResetLeftRightMargins();
        EraseRows(0, Rows);
        SetCursor(0, 0);
    }

    /// <summary>DECSTR: soft reset of modes, margins, charsets and rendition; the screen is kept.</summary>
    private void SoftReset()
    {
        CursorVisible = true;
        _modes &= ~(TerminalModes.Insert | TerminalModes.Origin | TerminalModes.ApplicationCursorKeys | TerminalModes.ApplicationKeypad);
        _modes |= TerminalModes.AutoWrap;
        _top = 0;
        _bottom = Rows - 1;
        SetLeftRightMarginMode(false);  // DEC STD 070: DECSTR resets DECLRMM and the margins
        _g0 = _g1 = Charset.Ascii;
        _shiftOut = false;
        SetStyle(default);
        _savedMain = default;
        _savedAlt = default;
        _pendingWrap = false;
        _isoProtection = false;
        _reverseWrap = false;
    }

    /// <summary>RIS: everything back to power-on state except the scrollback and the title.</summary>
    private void FullReset()
    {
        // The alternate screen's contents go too: a program switching to it after RIS finds it blank.
        if (IsAlternateScreen) EraseRows(0, Rows);
        else if (_alt != null) _alt = null;
        SwitchToMain();
        SoftReset();
        SetLeftRightMarginMode(false);
        _inertDecModes = 0;
        _inertAnsiModes = 0;
        _savedDecModes = null;
        _colorOverrides = null;
        _titleStack = null;
        _iconified = false;
        ResetKeyboardModes();
        _linesPerPage = _linesPerScreen = 0;
        _conformanceLevel = 65;
        _modes = TerminalModes.AutoWrap;
        CursorStyle = CursorStyle.Default;
        EraseRows(0, Rows);
        ResetTabStops(0);
        SetCursor(0, 0);
        _lastPrinted = -1;
    }
}
