using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Mux.Vt100.Screen;

namespace Mux.Vt100.Rendering;

/// <summary>
/// The one writer of a client's terminal: knows what it shows (a shadow grid of text, width and resolved style per
/// cell, the pen, the cursor, the modes and the title) and writes the bytes that bring it to a composed frame.
/// <para>
/// Compares the composed rows with the shadow and sends only the changed spans: cheap cursor moves, minimal SGR
/// changes, EL for blank row ends. When rows moved (output scrolling, a pager going back), the client's rows are
/// moved too (DL/IL inside DECSTBM margins, found by row hashes), so a new line at the bottom costs one line, not a
/// screen; DL/IL never push lines into the terminal's scrollback. A hyperlink (OSC 8) is an attribute like SGR: opened
/// when the drawn cells' link changes and closed before erases, scrolls and at the end of every frame, so it never
/// spreads to text drawn later. Modes the focused window's program set (cursor
/// keys, keypad, mouse, paste, focus, cursor shape and visibility) are mirrored when they change. A frame with
/// nothing to change writes nothing.
/// </para>
/// <para>
/// The bottom-right cell: writing the last column of the last row with autowrap on makes some terminals scroll (at
/// once, or at the next character). A full redraw therefore turns autowrap off (<c>CSI ?7l</c>) on the client, and
/// the writer never relies on wrapping: every row is reached by an explicit move. Whoever gives the terminal back
/// to the user restores it with <see cref="FrameRenderer.RestoreSequence"/> (or at least <c>CSI ?7h</c>). The one
/// exception: a cell with combining marks in the last column is written with autowrap briefly on, so the marks join it.
/// </para>
/// <para>
/// Frames that redraw more than one row are wrapped in synchronized output (<c>CSI ?2026h … l</c>) with the cursor
/// hidden while drawing; a one-row change (typing) goes out bare, as the few bytes it needs.
/// </para>
/// </summary>
internal sealed class TerminalWriter
{
    /// <summary>Rows that differ by at most this many equal cells are sent as one span (a move costs about as much).</summary>
    private const int MaxGap = 3;

    /// <summary>Scrolls are looked for only on screens up to this tall (the search is rows x dirty rows).</summary>
    private const int MaxScrollSearchRows = 512;

    /// <summary>Bands scrolled per frame (a horizontal split scrolls each region separately).</summary>
    private const int MaxScrollsPerFrame = 4;

    /// <summary>Scrolling the client pays off when it saves at least this many cells of text.</summary>
    private const int MinScrollSaving = 24;

    private ShadowRow[] _shown;     // what the client's terminal shows
    private ShadowRow[] _next = []; // this frame's composed rows (the compositor's; rows are swapped with _shown once sent)
    private bool[] _dirty;          // per row: _next differs from _shown
    private ShadowRow[] _spare;     // scratch for moving rows when the client scrolls
    private int[] _votes;           // per scroll distance, rows that would match after scrolling
    private readonly Scroll[] _scrolls = new Scroll[MaxScrollsPerFrame];
    private FrameCompositor _frame = null!;

    /// <summary>Rows [Top, Bottom] of the client move up by Distance (down when negative); blanks come in.</summary>
    private readonly record struct Scroll(int Top, int Bottom, int Distance);

    // The client's terminal state, as far as the writer has set it.
    private Style _pen;
    private int _penLink;             // the client's link number of the hyperlink open on the client, 0 for none
    private int _cursorX, _cursorY;   // -1: unknown (after writing the last column, the terminal decides)
    private bool _cursorVisible;
    private TerminalModes _modes;
    private CursorStyle _cursorStyle;
    private string? _title;

    public TerminalWriter(int columns, int rows)
    {
        Columns = Math.Max(1, columns);
        Rows = Math.Max(1, rows);
        AllocateGrids();
    }

    public int Columns { get; private set; }
    public int Rows { get; private set; }

    /// <summary>The client's screen is unknown: the next frame redraws everything.</summary>
    public bool NeedsFullRedraw { get; private set; } = true;

    public void Invalidate() => NeedsFullRedraw = true;

    public void Resize(int columns, int rows)
    {
        columns = Math.Max(1, columns);
        rows = Math.Max(1, rows);
        if (columns != Columns || rows != Rows)
        {
            Columns = columns;
            Rows = rows;
            AllocateGrids();
        }
        NeedsFullRedraw = true;
    }

    [MemberNotNull(nameof(_shown), nameof(_dirty), nameof(_spare), nameof(_votes))]
    private void AllocateGrids()
    {
        _shown = new ShadowRow[Rows];
        for (int y = 0; y < Rows; y++) _shown[y] = new ShadowRow(Columns);
        _dirty = new bool[Rows];
        _spare = new ShadowRow[Rows];
        _votes = new int[2 * Rows];
    }

    /// <summary>What the client's terminal should end a frame with besides the cells.</summary>
    internal readonly record struct FrameState(TerminalModes Modes, CursorStyle CursorStyle, bool ShowCursor, int CursorX, int CursorY, bool MirrorTitle, string? Title);

    /// <summary>
    /// Writes the bytes that bring the client's terminal to <paramref name="frame"/> (of this writer's size) and
    /// <paramref name="state"/>; nothing when it already shows all that. With <c>MirrorTitle</c>, the state's title
    /// (when there is one) is sent when it changed, and the last one sent again after a full redraw.
    /// </summary>
    public void Write(IBufferWriter<byte> output, FrameCompositor frame, in FrameState state)
    {
        _frame = frame;
        _next = frame.Next;
        bool full = NeedsFullRedraw;
        if (full)
            foreach (var row in _shown) row.Clear();

        int dirtyCount = 0;
        for (int y = 0; y < Rows; y++)
        {
            _dirty[y] = frame.IsComposed(y) && !SameRow(y);
            if (_dirty[y]) dirtyCount++;
        }

        // Content that moved up or down (output scrolling, a pager) is moved on the client too.
        int scrollOps = 0;
        if (!full && dirtyCount >= 2 && Rows <= MaxScrollSearchRows)
        {
            for (int y = 0; y < Rows; y++) frame.EnsureComposed(y);
            while (scrollOps < MaxScrollsPerFrame && FindScroll(out _scrolls[scrollOps]))
            {
                ApplyScrollToShadow(_scrolls[scrollOps]);
                scrollOps++;
            }
            if (scrollOps > 0)
            {
                dirtyCount = 0;
                for (int y = 0; y < Rows; y++)
                {
                    _dirty[y] = !SameRow(y);
                    if (_dirty[y]) dirtyCount++;
                }
            }
        }
        int eraseBelow = full ? -1 : FindBlankBottom();
        if (eraseBelow >= 0)
        {
            dirtyCount = 0;
            for (int y = 0; y < Rows; y++)
            {
                if (y >= eraseBelow) _shown[y].Clear();
                _dirty[y] = frame.IsComposed(y) && !SameRow(y);
                if (_dirty[y]) dirtyCount++;
            }
        }

        TerminalModes modes = state.Modes;
        CursorStyle cursorStyle = state.CursorStyle;
        bool showCursor = state.ShowCursor;
        int targetX = state.CursorX, targetY = state.CursorY;
        string? title = state.MirrorTitle && state.Title != null ? state.Title : _title;
        bool titleChanged = state.MirrorTitle && state.Title != null && !string.Equals(title, _title, StringComparison.Ordinal);

        if (!full && dirtyCount == 0 && scrollOps == 0 && eraseBelow < 0 && modes == _modes && cursorStyle == _cursorStyle && !titleChanged &&
            showCursor == _cursorVisible && (!showCursor || (targetX == _cursorX && targetY == _cursorY)))
            return;

        // Should writing fail half-way, the shadow no longer matches the client: redraw fully next time.
        NeedsFullRedraw = true;
        var w = new VtWriter(output);
        bool synchronized = full || dirtyCount > 1 || scrollOps > 0;
        if (synchronized) w.Bytes("\e[?2026h"u8);
        if (synchronized && (_cursorVisible || full))
        {
            w.Bytes("\e[?25l"u8);
            _cursorVisible = false;
        }
        if (full)
        {
            // Attributes, margins, insert mode, charset and autowrap to known values, then a blank screen.
            if (_penLink != 0) CloseLink(ref w); // left open by a frame that failed half-way
            w.Bytes("\e[m\e[r\e[4l\e(B\e[?7l\e[H\e[2J"u8);
            _pen = default;
            _cursorX = _cursorY = 0;
        }

        WriteModes(ref w, modes, full);
        if (full || cursorStyle != _cursorStyle)
        {
            w.Csi();
            w.Number((int)cursorStyle);
            w.Bytes(" q"u8);
            _cursorStyle = cursorStyle;
        }
        if (titleChanged || (full && state.MirrorTitle && !string.IsNullOrEmpty(title)))
        {
            WriteTitle(ref w, title!);
            _title = title;
        }

        for (int i = 0; i < scrollOps; i++) WriteScroll(ref w, _scrolls[i]);
        if (eraseBelow >= 0)
        {
            ResetPen(ref w);
            MoveCursor(ref w, 0, eraseBelow);
            w.Bytes("\e[J"u8);
        }
        for (int y = 0; y < Rows; y++)
        {
            if (!_dirty[y]) continue;
            WriteRow(ref w, y);
            (_shown[y], _next[y]) = (_next[y], _shown[y]);
        }

        if (showCursor)
        {
            MoveCursor(ref w, targetX, targetY);
            if (!_cursorVisible) w.Bytes("\e[?25h"u8);
        }
        else if (_cursorVisible)
        {
            w.Bytes("\e[?25l"u8);
        }
        _cursorVisible = showCursor;
        // Leave the terminal's rendition plain and no link open between frames: the next frame (usually typing)
        // starts there, and nothing the user's terminal prints in between may take either.
        ResetPen(ref w);
        if (synchronized) w.Bytes("\e[?2026l"u8);
        w.Flush();
        NeedsFullRedraw = false;
    }

    private bool SameRow(int y) => _next[y].SameAs(_shown[y]);

    // ---- Scrolling --------------------------------------------------------------------------------

    /// <summary>
    /// Finds the band of rows that, moved by one distance, matches the most changed rows (votes by row
    /// hash), if moving it saves enough. Every row of <c>_next</c> must be composed.
    /// </summary>
    private bool FindScroll(out Scroll scroll)
    {
        scroll = default;
        int rows = Rows;
        Array.Clear(_votes);
        bool any = false;
        for (int y = 0; y < rows; y++)
        {
            ShadowRow row = _next[y];
            if (row.SameAs(_shown[y]) || row.IsBlank) continue;
            for (int y2 = 0; y2 < rows; y2++)
            {
                if (y2 != y && _shown[y2].Hash == row.Hash)
                {
                    _votes[y2 - y + rows]++;
                    any = true;
                }
            }
        }
        if (!any) return false;
        int best = 0;
        for (int i = 1; i < _votes.Length; i++)
            if (_votes[i] > _votes[best] || (_votes[i] == _votes[best] && Math.Abs(i - rows) < Math.Abs(best - rows))) best = i;
        int k = best - rows;

        // The longest run of rows matching at that distance, weighted by the text it saves sending.
        int bestStart = -1, bestEnd = -1, bestSaving = 0;
        int start = -1, saving = 0;
        int from = Math.Max(0, -k), to = Math.Min(rows, rows - k);
        for (int y = from; y <= to; y++)
        {
            bool match = y < to && _next[y].SameAs(_shown[y + k]);
            if (match)
            {
                if (start < 0) (start, saving) = (y, 0);
                if (!_next[y].SameAs(_shown[y])) saving += TextCells(_next[y]);
                continue;
            }
            if (start >= 0 && saving > bestSaving) (bestStart, bestEnd, bestSaving) = (start, y - 1, saving);
            start = -1;
        }
        if (bestSaving < MinScrollSaving) return false;
        scroll = k > 0 ? new Scroll(bestStart, bestEnd + k, k) : new Scroll(bestStart + k, bestEnd, k);
        return true;
    }

    private static int TextCells(ShadowRow row)
    {
        int n = 0;
        foreach (ref readonly ShadowCell c in row.Cells.AsSpan())
            if (!c.IsDefaultBlank) n++;
        return n;
    }

    /// <summary>Moves the shadow rows as the client's terminal will move them; the rows scrolled in are blank.</summary>
    private void ApplyScrollToShadow(Scroll s)
    {
        int t = s.Top, b = s.Bottom, k = Math.Abs(s.Distance);
        Array.Copy(_shown, t, _spare, t, b - t + 1);
        if (s.Distance > 0)
        {
            for (int y = t; y <= b - k; y++) _shown[y] = _spare[y + k];
            for (int i = 0; i < k; i++) (_shown[b - k + 1 + i] = _spare[t + i]).Clear();
        }
        else
        {
            for (int y = t + k; y <= b; y++) _shown[y] = _spare[y - k];
            for (int i = 0; i < k; i++) (_shown[t + i] = _spare[b - k + 1 + i]).Clear();
        }
        Array.Clear(_spare, t, b - t + 1);
    }

    /// <summary>
    /// DL (up) or IL (down) at the band's top, inside scrolling margins when the band is not the whole
    /// screen. Neither puts lines into the terminal's scrollback, unlike LF or SU at the top margin.
    /// </summary>
    private void WriteScroll(ref VtWriter w, Scroll s)
    {
        ResetPen(ref w); // the lines coming in take the current background
        bool margins = s.Top > 0 || s.Bottom < Rows - 1;
        if (margins)
        {
            w.Csi();
            w.Number(s.Top + 1);
            w.Byte((byte)';');
            w.Number(s.Bottom + 1);
            w.Byte((byte)'r');
            _cursorX = _cursorY = 0; // DECSTBM homes the cursor
        }
        MoveCursor(ref w, 0, s.Top);
        w.CsiCount(Math.Abs(s.Distance), s.Distance > 0 ? (byte)'M' : (byte)'L');
        _cursorX = 0;
        if (margins)
        {
            w.Bytes("\e[r"u8);
            _cursorX = _cursorY = 0;
        }
    }

    /// <summary>
    /// The first row from which the client should be blank to the bottom, when at least two of those
    /// rows show something now: one ED then replaces an EL per row (a <c>clear</c>). -1 otherwise.
    /// </summary>
    private int FindBlankBottom()
    {
        int from = Rows, clearing = 0;
        while (from > 0)
        {
            int y = from - 1;
            ShadowRow wanted = _frame.IsComposed(y) ? _next[y] : _shown[y];
            if (!wanted.IsBlank) break;
            if (_frame.IsComposed(y) && !_shown[y].IsBlank) clearing++;
            from = y;
        }
        return clearing >= 2 ? from : -1;
    }

    // ---- Output -----------------------------------------------------------------------------------

    /// <summary>Sends the changed spans of row <paramref name="y"/> (<c>_next</c> against <c>_shown</c>).</summary>
    private void WriteRow(ref VtWriter w, int y)
    {
        ShadowRow want = _next[y], have = _shown[y];
        ShadowCell[] wc = want.Cells, hc = have.Cells;
        int cols = Columns;

        // A blank end (default rendition) is erased with EL if the client shows anything there.
        int blankFrom = cols;
        while (blankFrom > 0 && wc[blankFrom - 1].IsDefaultBlank) blankFrom--;
        int eraseFrom = -1;
        for (int x = blankFrom; x < cols; x++)
        {
            if (!hc[x].IsDefaultBlank)
            {
                eraseFrom = x;
                break;
            }
        }
        int limit = eraseFrom >= 0 ? blankFrom : cols;

        int i = 0;
        while (i < limit)
        {
            if (want.SameCell(i, have))
            {
                i++;
                continue;
            }
            int start = i > 0 && wc[i].Width == 0 ? i - 1 : i;
            int end = i + 1;
            while (true)
            {
                while (end < limit && !want.SameCell(end, have)) end++;
                int next = end;
                while (next < limit && next - end <= MaxGap && want.SameCell(next, have)) next++;
                if (next < limit && next - end <= MaxGap && next > end)
                {
                    end = next;
                    continue;
                }
                break;
            }
            if (end < cols && wc[end - 1].Width == 2) end++;
            WriteCells(ref w, want, start, end, y);
            i = end;
        }

        if (eraseFrom >= 0)
        {
            bool reachable = _cursorY == y && _cursorX >= blankFrom && _cursorX <= eraseFrom;
            MoveCursor(ref w, reachable ? _cursorX : eraseFrom, y);
            ResetPen(ref w);
            w.Bytes("\e[K"u8);
        }
    }

    private void WriteCells(ref VtWriter w, ShadowRow row, int start, int end, int y)
    {
        MoveCursor(ref w, start, y);
        ShadowCell[] cells = row.Cells;
        int x = _cursorX;
        for (int i = start; i < end; i++)
        {
            ref readonly ShadowCell c = ref cells[i];
            if (c.Width == 0) continue; // written with its left half
            if (!c.HasStyle(_pen))
            {
                Sgr.Write(ref w, _pen, c.Style);
                _pen = c.Style;
            }
            if (c.Link != _penLink) WriteLink(ref w, c.Link);
            if (c.TextLength == 0) w.CodePoint(c.Code);
            else if (i + c.Width < Columns) w.Text(row.GetText(c));
            else
            {
                // Combining marks after the last column: with autowrap off, terminals disagree on which
                // cell they join. With it on, the base leaves a pending wrap and the marks join it.
                w.Bytes("\e[?7h"u8);
                w.Text(row.GetText(c));
                w.Bytes("\e[?7l"u8);
            }
            x += c.Width;
        }
        // At the last column the terminal keeps the cursor there or wraps pending: do not guess.
        _cursorX = x >= Columns ? -1 : x;
    }

    /// <summary>The default rendition and no link, before erasing or scrolling (terminals fill with the pen) and between frames.</summary>
    private void ResetPen(ref VtWriter w)
    {
        if (!_pen.IsDefault)
        {
            Sgr.Write(ref w, _pen, default);
            _pen = default;
        }
        if (_penLink != 0) CloseLink(ref w);
    }

    /// <summary>
    /// OSC 8 with the link's <c>id</c> (so a link drawn in pieces, over rows or around a cursor move, stays one link),
    /// ended by ST; link 0 ends the open one. <see cref="ClientLinks"/> numbers only links safe to send as they are.
    /// </summary>
    private void WriteLink(ref VtWriter w, int link)
    {
        if (link == 0)
        {
            CloseLink(ref w);
            return;
        }
        Hyperlink h = _frame.Links[link];
        w.Bytes("\e]8;"u8);
        if (h.Id != null)
        {
            w.Bytes("id="u8);
            w.Text(h.Id);
        }
        w.Byte((byte)';');
        w.Text(h.Uri);
        w.Bytes("\e\\"u8);
        _penLink = link;
    }

    private void CloseLink(ref VtWriter w)
    {
        w.Bytes("\e]8;;\e\\"u8);
        _penLink = 0;
    }

    private void WriteModes(ref VtWriter w, TerminalModes want, bool full)
    {
        TerminalModes changed = full ? DecModes.Mirrored : want ^ _modes;
        if (changed == 0) return;
        WriteDecModes(ref w, changed & ~want, (byte)'l');   // off first: one mouse mode at a time
        WriteDecModes(ref w, changed & want, (byte)'h');
        if ((changed & TerminalModes.ApplicationKeypad) != 0)
            w.Bytes((want & TerminalModes.ApplicationKeypad) != 0 ? "\e="u8 : "\e>"u8);
        _modes = want;
    }

    private static void WriteDecModes(ref VtWriter w, TerminalModes modes, byte final)
    {
        modes &= ~TerminalModes.ApplicationKeypad;
        if (modes == 0) return;
        w.Csi();
        w.Byte((byte)'?');
        bool first = true;
        foreach (var mode in DecModes.All)
        {
            if (!mode.Mirrored || (modes & mode.Flag) == 0) continue;
            if (!first) w.Byte((byte)';');
            w.Number(mode.Number);
            first = false;
        }
        w.Byte(final);
    }

    /// <summary>OSC 2 with control characters left out, so a title cannot smuggle sequences.</summary>
    private static void WriteTitle(ref VtWriter w, string title)
    {
        w.Bytes("\e]2;"u8);
        ReadOnlySpan<char> s = title;
        while (!s.IsEmpty)
        {
            int bad = s.IndexOfAnyInRange('\0', '\x1f');
            int del = s.IndexOfAnyInRange('\x7f', '\x9f');
            int stop = bad < 0 ? del : del < 0 ? bad : Math.Min(bad, del);
            if (stop < 0)
            {
                w.Text(s);
                break;
            }
            w.Text(s[..stop]);
            s = s[(stop + 1)..];
        }
        // ST rather than BEL: a visual bell (vbell) promises the user's terminal never gets a BEL.
        w.Bytes("\e\\"u8);
    }

    /// <summary>Moves the client's cursor by the shortest of CUP, CR/LF/BS and relative moves.</summary>
    private void MoveCursor(ref VtWriter w, int x, int y)
    {
        if (_cursorX == x && _cursorY == y) return;
        Move best = Move.Absolute;
        int cost = x == 0 ? (y == 0 ? 3 : 3 + VtWriter.Digits(y + 1)) : 4 + VtWriter.Digits(y + 1) + VtWriter.Digits(x + 1);
        Move horizontal = Move.None;
        if (_cursorY >= 0)
        {
            int dy = y - _cursorY;
            int vertical = dy == 0 ? 0 : CountCost(Math.Abs(dy));
            int h = int.MaxValue;
            if (_cursorX >= 0)
            {
                int dx = x - _cursorX;
                if (dx == 0) (h, horizontal) = (0, Move.None);
                else if (dx < 0 && -dx <= 3) (h, horizontal) = (-dx, Move.Backspace);
                else (h, horizontal) = (CountCost(Math.Abs(dx)), Move.Relative);
            }
            int cr = x == 0 ? 1 : 1 + CountCost(x);
            if (cr < h) (h, horizontal) = (cr, Move.CarriageReturn);
            int cha = x == 0 ? 3 : 3 + VtWriter.Digits(x + 1);
            if (cha < h) (h, horizontal) = (cha, Move.Column);
            if (vertical + h < cost) (cost, best) = (vertical + h, Move.Relative);
            if (x == 0 && dy > 0 && 1 + dy < cost) (cost, best) = (1 + dy, Move.LineFeeds);
        }

        switch (best)
        {
            case Move.Absolute:
                w.Csi();
                if (y != 0 || x != 0) w.Number(y + 1);
                if (x != 0)
                {
                    w.Byte((byte)';');
                    w.Number(x + 1);
                }
                w.Byte((byte)'H');
                break;
            case Move.LineFeeds:
                w.Byte((byte)'\r');
                w.Repeat((byte)'\n', y - _cursorY);
                break;
            default:
                int dy = y - _cursorY;
                if (dy != 0) w.CsiCount(Math.Abs(dy), dy > 0 ? (byte)'B' : (byte)'A');
                switch (horizontal)
                {
                    case Move.Backspace: w.Repeat(0x08, _cursorX - x); break;
                    case Move.Relative:
                        int dx = x - _cursorX;
                        w.CsiCount(Math.Abs(dx), dx > 0 ? (byte)'C' : (byte)'D');
                        break;
                    case Move.CarriageReturn:
                        w.Byte((byte)'\r');
                        if (x > 0) w.CsiCount(x, (byte)'C');
                        break;
                    case Move.Column:
                        w.Csi();
                        if (x != 0) w.Number(x + 1);
                        w.Byte((byte)'G');
                        break;
                }
                break;
        }
        _cursorX = x;
        _cursorY = y;
    }

    /// <summary>Length of ESC [ n letter, n left out when 1.</summary>
    private static int CountCost(int n) => n == 1 ? 3 : 3 + VtWriter.Digits(n);

    private enum Move : byte
    {
        None,
        Absolute,
        Relative,
        LineFeeds,
        Backspace,
        CarriageReturn,
        Column,
    }
}
