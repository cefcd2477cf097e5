using Mux.Vt100.Parsing;
using Mux.Vt100.Screen;

namespace Mux.Vt100;

// Rectangular area operations (VT420): DECCRA copy, DECFRA fill, DECERA/DECSERA erase, DECRQCRA checksum; and
// character protection, DEC (DECSCA) and ISO (SPA/EPA). Rectangles are given 1-based as top;left;bottom;right,
// relative to the margins in origin mode, and clipped to the screen.
public sealed partial class Terminal
{
    private bool _isoProtection;    // the protection in force came from SPA: ED, EL and ECH respect it too

    private readonly record struct Rect(int Top, int Left, int Bottom, int Right);

    /// <summary>The rectangle in parameters <paramref name="at"/>..+3, 0-based and clipped; false when empty.</summary>
    private bool TryGetRect(Params p, int at, out Rect rect)
    {
        int rowBase = OriginMode ? _top : 0, colBase = OriginMode ? _left : 0;
        int rowMax = OriginMode ? _bottom : Rows - 1, colMax = OriginMode ? _right : Columns - 1;
        int top = rowBase + p.Get(at, 1) - 1;
        int left = colBase + p.Get(at + 1, 1) - 1;
        int bottom = p.GetRaw(at + 2) == 0 ? rowMax : Math.Min(rowMax, rowBase + p.GetRaw(at + 2) - 1);
        int right = p.GetRaw(at + 3) == 0 ? colMax : Math.Min(colMax, colBase + p.GetRaw(at + 3) - 1);
        rect = new Rect(top, left, bottom, right);
        return top <= bottom && left <= right;
    }

    /// <summary>
    /// DECRQCRA: DCS Pid ! ~ XXXX ST, the checksum of the rectangle as a DEC terminal computes it: the 16-bit sum of
    /// the cells' characters, negated; a blank counts as a space. Attributes are not counted (xterm's default
    /// since patch 336 counts them; a program comparing text alone, the common use, wants them out).
    /// </summary>
    private void ReportChecksum(Params p)
    {
        int id = p.GetRaw(0);
        int sum = 0;
        if (TryGetRect(p, 2, out var r))
        {
            for (int y = r.Top; y <= r.Bottom; y++)
            {
                Row row = _grid[y];
                for (int x = r.Left; x <= r.Right; x++)
                {
                    Cell c = row.Cells[x];
                    if (c.IsSpacer) continue;
                    int cp = c.HasGrapheme ? char.ConvertToUtf32(row.GetGrapheme(c.GraphemeIndex), 0) : c.IsEmpty ? ' ' : c.CodePoint;
                    sum += cp;
                }
            }
        }
        Reply($"\eP{id}!~{-sum & 0xFFFF:X4}\e\\");
    }

    /// <summary>DECFRA: the rectangle filled with one character (printable ASCII or Latin-1) in the current rendition.</summary>
    private void FillRectangle(Params p)
    {
        int ch = p.GetRaw(0);
        if (ch is not ((>= 32 and <= 126) or (>= 160 and <= 255))) return;
        if (!TryGetRect(p, 1, out var r)) return;
        for (int y = r.Top; y <= r.Bottom; y++)
        {
            Row row = _grid[y];
            ClearOverlap(row, r.Left, r.Right + 1);
            row.Cells.AsSpan(r.Left, r.Right - r.Left + 1).Fill(new Cell((uint)ch, _styleId));
            row.Wrapped = false;
            row.Version = _version;
        }
    }

    /// <summary>DECERA (DECSERA when <paramref name="selective"/>: DECSCA-protected cells stay).</summary>
    private void EraseRectangle(Params p, bool selective)
    {
        if (!TryGetRect(p, 0, out var r)) return;
        for (int y = r.Top; y <= r.Bottom; y++)
        {
            if (selective) EraseUnprotectedCells(_grid[y], r.Left, r.Right + 1);
            else EraseCells(_grid[y], r.Left, r.Right + 1);
        }
    }

    /// <summary>DECCRA: copies the source rectangle (params 0-3; page 4 ignored) to top;left in params 5-6, clipped.</summary>
    private void CopyRectangle(Params p)
    {
        if (!TryGetRect(p, 0, out var src)) return;
        int rowBase = OriginMode ? _top : 0, colBase = OriginMode ? _left : 0;
        int rowMax = OriginMode ? _bottom : Rows - 1, colMax = OriginMode ? _right : Columns - 1;
        int dstTop = rowBase + p.Get(5, 1) - 1, dstLeft = colBase + p.Get(6, 1) - 1;
        if (dstTop > rowMax || dstLeft > colMax) return;
        int height = Math.Min(src.Bottom - src.Top, rowMax - dstTop) + 1;
        int width = Math.Min(src.Right - src.Left, colMax - dstLeft) + 1;
        // Through a copy of the source, as source and destination may overlap.
        var buffer = new Row[height];
        for (int i = 0; i < height; i++)
        {
            buffer[i] = new Row(width);
            CopyCells(_grid[src.Top + i], buffer[i], src.Left, src.Left + width - 1, 0);
        }
        for (int i = 0; i < height; i++)
        {
            Row dst = _grid[dstTop + i];
            CopyCells(buffer[i], dst, 0, width - 1, dstLeft);
            dst.Version = _version;
        }
    }

    private void SetProtected(bool on) => SetStyle(_style with
    {
        Attributes = on ? _style.Attributes | CellAttributes.Protected : _style.Attributes & ~CellAttributes.Protected,
    });

    /// <summary>SPA: characters written next are protected from every erase (ISO 6429 guarded area).</summary>
    private void StartProtectedArea()
    {
        _isoProtection = true;
        SetProtected(true);
    }

    /// <summary>EPA: ends the protected area; what was written inside it stays protected.</summary>
    private void EndProtectedArea() => SetProtected(false);
}
