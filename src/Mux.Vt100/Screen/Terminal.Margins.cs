using System.Buffers;
using Mux.Vt100.Screen;

namespace Mux.Vt100;

// Left and right margins (DECLRMM, DECSLRM) and what moves cells sideways or inside the margin rectangle:
// scrolling a region narrower than the screen, DECBI/DECFI, DECIC/DECDC, reverse wraparound.
// Columns are 0-based and inclusive, like the top and bottom margins.
public sealed partial class Terminal
{
    private int _left, _right;          // left/right margins, the whole width unless DECLRMM set them
    private bool _leftRightMarginMode;  // DECLRMM (mode 69): CSI s is DECSLRM rather than SCOSC

    /// <summary>True while the margins are the screen's edges: scrolling moves whole rows.</summary>
    private bool FullWidthMargins => _left == 0 && _right == _grid.Columns - 1;

    /// <summary>True when the cursor is between the left and right margins, where margin-bound operations act.</summary>
    private bool CursorInsideLeftRight => _x >= _left && _x <= _right;

    /// <summary>The column where printing and forward moves stop: the right margin, unless the cursor is beyond it.</summary>
    private int RightLimit => _x <= _right ? _right : _grid.Columns - 1;

    /// <summary>The column where backward moves stop: the left margin, unless the cursor is before it.</summary>
    private int LeftLimit => _x >= _left ? _left : 0;

    /// <summary>DECSLRM: 1-based left and right margins; ignored unless left &lt; right. Homes the cursor.</summary>
    private void SetLeftRightMargins(int left, int right)
    {
        right = Math.Min(right, Columns);
        if (left >= right) return;
        _left = left - 1;
        _right = right - 1;
        MoveTo(0, 0);
    }

    private void SetLeftRightMarginMode(bool on)
    {
        _leftRightMarginMode = on;
        if (!on) ResetLeftRightMargins();
    }

    private void ResetLeftRightMargins()
    {
        _left = 0;
        _right = Columns - 1;
    }

    /// <summary>CR: to the left margin, or to column 0 from left of it (always the margin in origin mode).</summary>
    private void CarriageReturn()
    {
        _x = _x >= _left || OriginMode ? _left : 0;
        _pendingWrap = false;
    }

    /// <summary>
    /// BS and CUB: left <paramref name="n"/> columns, stopping at the left margin, or with reverse wraparound (mode 45,
    /// with DECAWM) continuing at the right margin of the row above, and from the top of the scrolling region (or
    /// screen) to its bottom, as xterm does. A pending wrap counts as one step.
    /// </summary>
    private void CursorBack(int n)
    {
        bool reverseWrap = _reverseWrap && AutoWrap;
        if (_pendingWrap && reverseWrap) n--;
        _pendingWrap = false;
        int leftLimit = LeftLimit;
        if (!reverseWrap)
        {
            _x = Math.Max(leftLimit, _x - n);
            return;
        }
        int top = _y >= _top && _y <= _bottom ? _top : 0;
        int bottom = _y >= _top && _y <= _bottom ? _bottom : Rows - 1;
        int right = _leftRightMarginMode ? _right : Columns - 1;
        int width = right - leftLimit + 1;
        if (width <= 0) return;
        // Linear position within the band of rows, wrapping from its top to its bottom.
        long span = (long)width * (bottom - top + 1);
        long pos = (long)(_y - top) * width + Math.Max(0, _x - leftLimit) - n;
        pos %= span;
        if (pos < 0) pos += span;
        _y = top + (int)(pos / width);
        _x = leftLimit + (int)(pos % width);
    }

    /// <summary>Cells [left, right] of rows [top, bottom] move up <paramref name="n"/> rows; blanks come in at the bottom.</summary>
    private void ScrollRectUp(int top, int bottom, int left, int right, int n)
    {
        n = Math.Min(n, bottom - top + 1);
        for (int y = top; y <= bottom; y++)
        {
            Row dst = _grid[y];
            if (y + n <= bottom) CopyCells(_grid[y + n], dst, left, right, left);
            else EraseCells(dst, left, right + 1);
            dst.Wrapped = false;
            dst.Version = _version;
        }
    }

    /// <summary>Cells [left, right] of rows [top, bottom] move down <paramref name="n"/> rows; blanks come in at the top.</summary>
    private void ScrollRectDown(int top, int bottom, int left, int right, int n)
    {
        n = Math.Min(n, bottom - top + 1);
        for (int y = bottom; y >= top; y--)
        {
            Row dst = _grid[y];
            if (y - n >= top) CopyCells(_grid[y - n], dst, left, right, left);
            else EraseCells(dst, left, right + 1);
            dst.Wrapped = false;
            dst.Version = _version;
        }
    }

    /// <summary>
    /// Copies cells [from, to] of <paramref name="src"/> into <paramref name="dst"/> at <paramref name="at"/> (the
    /// same row may be both, overlapping); combining marks travel with their cell. A wide character cut in half, in
    /// the source by the copy's edges or in the destination by the cells written over, loses its other half.
    /// </summary>
    private static void CopyCells(Row src, Row dst, int from, int to, int at)
    {
        int n = to - from + 1;
        if (n <= 0) return;
        Cell[] copy = ArrayPool<Cell>.Shared.Rent(n);
        try
        {
            Span<Cell> cells = copy.AsSpan(0, n);
            src.Cells.AsSpan(from, n).CopyTo(cells);
            if (cells[0].IsSpacer) cells[0] = Cell.Blank(cells[0].StyleId);
            if (cells[^1].IsWide) cells[^1] = Cell.Blank(cells[^1].StyleId);
            ClearOverlap(dst, at, at + n);
            for (int i = 0; i < n; i++)
            {
                Cell c = cells[i];
                // Another row's graphemes are added to this one's list (which may renumber it: cell by cell, after).
                if (c.HasGrapheme && src != dst)
                    c = new Cell(c.Data & ~Cell.CodeMask | (uint)dst.AddGrapheme(src.GetGrapheme(c.GraphemeIndex)), c.StyleId);
                dst.Cells[at + i] = c;
            }
        }
        finally
        {
            ArrayPool<Cell>.Shared.Return(copy);
        }
    }

    /// <summary>Cells [left, right] of rows [top, bottom] move right <paramref name="n"/> columns; blanks come in at the left.</summary>
    private void ShiftColumnsRight(int top, int bottom, int left, int right, int n)
    {
        n = Math.Min(n, right - left + 1);
        for (int y = top; y <= bottom; y++)
        {
            Row row = _grid[y];
            if (n <= right - left) CopyCells(row, row, left, right - n, left + n);
            EraseCells(row, left, left + n);
            row.Version = _version;
        }
    }

    /// <summary>Cells [left, right] of rows [top, bottom] move left <paramref name="n"/> columns; blanks come in at the right.</summary>
    private void ShiftColumnsLeft(int top, int bottom, int left, int right, int n)
    {
        n = Math.Min(n, right - left + 1);
        for (int y = top; y <= bottom; y++)
        {
            Row row = _grid[y];
            if (n <= right - left) CopyCells(row, row, left + n, right, left);
            EraseCells(row, right - n + 1, right + 1);
            row.Version = _version;
        }
    }

    /// <summary>DECBI: left one column, or at the left margin the margin rectangle's columns move right.</summary>
    private void BackIndex()
    {
        _pendingWrap = false;
        if (_x == _left)
        {
            if (_y >= _top && _y <= _bottom) ShiftColumnsRight(_top, _bottom, _left, _right, 1);
        }
        else if (_x > 0) _x--;
    }

    /// <summary>DECFI: right one column, or at the right margin the margin rectangle's columns move left.</summary>
    private void ForwardIndex()
    {
        _pendingWrap = false;
        if (_x == _right)
        {
            if (_y >= _top && _y <= _bottom) ShiftColumnsLeft(_top, _bottom, _left, _right, 1);
        }
        else if (_x < Columns - 1) _x++;
    }

    /// <summary>DECIC: blank columns inserted at the cursor, inside the margins; columns pushed past the right one are lost.</summary>
    private void InsertColumns(int n)
    {
        if (!CursorInsideLeftRight || _y < _top || _y > _bottom) return;
        ShiftColumnsRight(_top, _bottom, _x, _right, n);
    }

    /// <summary>DECDC: columns at the cursor deleted, inside the margins; blank columns come in at the right one.</summary>
    private void DeleteColumns(int n)
    {
        if (!CursorInsideLeftRight || _y < _top || _y > _bottom) return;
        ShiftColumnsLeft(_top, _bottom, _x, _right, n);
    }
}
