using System.Buffers;
using System.Text;
using Mux.Vt100.Screen;

namespace Mux.Vt100.Rendering;

/// <summary>
/// Composes what a client's terminal should show: the regions' screens, decorations (captions, borders, blank
/// regions) over them, and the status line on the last row,
/// into rows of <see cref="ShadowCell"/>s. Rows whose regions did not change since the previous frame are left
/// uncomposed (their windows' row versions say so, as long as the layout is the same); the writer asks for them
/// only when it needs them. It knows nothing of what the client shows now (that is <see cref="TerminalWriter"/>'s).
/// </summary>
internal sealed class FrameCompositor
{
    /// <summary>Shown where no region or status line covers the client's screen.</summary>
    internal const int UnusedChar = '.';

    internal static readonly Style UnusedStyle = new(default, default, default, CellAttributes.Dim, UnderlineStyle.None);
    internal static readonly Style StatusStyle = new(default, default, default, CellAttributes.Reverse, UnderlineStyle.None);

    /// <summary>Longest grapheme a cell holds (the model caps combining marks), plus room.</summary>
    internal const int MaxCellChars = 40;

    private Region[] _regions = [];   // this frame's regions (copied: the caller's span does not outlive Compose)
    private int _regionCount;
    private string? _statusLine;
    private Decoration[] _decorations = [];
    private Decoration[] _lastDecorations = [];

    // The previous frame's layout, to know when rows can be skipped by version.
    private LayoutEntry[] _layout = new LayoutEntry[4];
    private int _layoutCount;
    private string? _status;

    private struct LayoutEntry
    {
        public Region Region;
        public int ViewColumns, ViewRows;
        public long Version;
    }

    public FrameCompositor(int columns, int rows) => Resize(columns, rows);

    /// <summary>The hyperlinks this client's cells carry, by number.</summary>
    public ClientLinks Links { get; } = new();

    /// <summary>Cells keep their windows' hyperlinks; off, every cell is composed without one.</summary>
    public bool Hyperlinks { get; set; } = true;

    public int Columns { get; private set; }
    public int Rows { get; private set; }

    /// <summary>The composed rows; a row's content is this frame's only where <see cref="IsComposed"/> says so.</summary>
    public ShadowRow[] Next { get; private set; } = [];

    private bool[] _composed = [];

    public bool IsComposed(int y) => _composed[y];

    /// <summary>The row of the status line, -1 without one.</summary>
    public int StatusRow => _statusLine != null ? Rows - 1 : -1;

    public void Resize(int columns, int rows)
    {
        Columns = Math.Max(1, columns);
        Rows = Math.Max(1, rows);
        Next = new ShadowRow[Rows];
        for (int y = 0; y < Rows; y++) Next[y] = new ShadowRow(Columns);
        _composed = new bool[Rows];
        _layoutCount = 0;
        Links.Limit = Math.Max(4096, 2 * Columns * Rows);
    }

    /// <summary>
    /// Starts a frame: composes every row that may differ from the previous frame (all of them when
    /// <paramref name="all"/>), the others only on demand (<see cref="EnsureComposed"/>).
    /// </summary>
    public void Begin(ReadOnlySpan<Region> regions, ReadOnlySpan<Decoration> decorations, string? statusLine, bool all)
    {
        if (!decorations.SequenceEqual(_lastDecorations))
        {
            // Captions change rarely (focus, a title): then the whole frame is composed again.
            all = true;
            _lastDecorations = decorations.ToArray();
        }
        _decorations = _lastDecorations;
        if (_regions.Length < regions.Length) _regions = new Region[regions.Length];
        regions.CopyTo(_regions);
        for (int i = regions.Length; i < _regionCount; i++) _regions[i] = default;
        _regionCount = regions.Length;
        _statusLine = statusLine;

        bool sameLayout = !all && SameLayout(regions, statusLine);
        int statusRow = StatusRow;
        for (int y = 0; y < Rows; y++)
        {
            bool compose = y == statusRow
                ? !sameLayout || !string.Equals(statusLine, _status, StringComparison.Ordinal)
                : !sameLayout || RowChanged(regions, y);
            _composed[y] = false;
            if (compose) EnsureComposed(y);
        }
        RememberLayout(regions, statusLine);
    }

    public void EnsureComposed(int y)
    {
        if (_composed[y]) return;
        ReadOnlySpan<Region> regions = _regions.AsSpan(0, _regionCount);
        if (y == StatusRow) ComposeStatus(Next[y], _statusLine!);
        else ComposeRow(Next[y], regions, y);
        Next[y].ComputeHash();
        _composed[y] = true;
    }

    /// <summary>The view whose modes, cursor and title the client's terminal takes: the first region's.</summary>
    public IScreenView? Focus => _regionCount > 0 ? _regions[0].View : null;

    /// <summary>Where the client's cursor goes: the focused view's cursor, if visible and inside its region.</summary>
    public bool CursorTarget(out int x, out int y)
    {
        x = y = 0;
        if (_regionCount == 0 || _regions[0].View is not { } view || !view.CursorVisible) return false;
        Region r = _regions[0];
        int cx = view.CursorColumn, cy = view.CursorRow;
        if (cx >= r.Width || cy >= r.Height || cx >= view.Columns || cy >= view.Rows) return false;
        x = r.Left + cx;
        y = r.Top + cy;
        return x >= 0 && y >= 0 && x < Columns && y < Rows && y != StatusRow;
    }

    private bool SameLayout(ReadOnlySpan<Region> regions, string? statusLine)
    {
        if (regions.Length != _layoutCount || (statusLine == null) != (_status == null)) return false;
        for (int i = 0; i < regions.Length; i++)
        {
            ref readonly LayoutEntry e = ref _layout[i];
            Region r = regions[i];
            if (r != e.Region || r.View == null) return false;
            if (r.View.Columns != e.ViewColumns || r.View.Rows != e.ViewRows) return false;
        }
        return true;
    }

    private void RememberLayout(ReadOnlySpan<Region> regions, string? statusLine)
    {
        if (_layout.Length < regions.Length) _layout = new LayoutEntry[regions.Length];
        for (int i = 0; i < regions.Length; i++)
        {
            IScreenView? view = regions[i].View;
            _layout[i] = new LayoutEntry
            {
                Region = regions[i],
                ViewColumns = view?.Columns ?? 0,
                ViewRows = view?.Rows ?? 0,
                Version = view?.Version ?? 0,
            };
        }
        for (int i = regions.Length; i < _layoutCount; i++) _layout[i] = default; // drop references to old windows
        _layoutCount = regions.Length;
        _status = statusLine;
    }

    /// <summary>With the same layout as last frame: did a window change what row <paramref name="y"/> shows?</summary>
    private bool RowChanged(ReadOnlySpan<Region> regions, int y)
    {
        for (int i = 0; i < regions.Length; i++)
        {
            Region r = regions[i];
            if (y < r.Top || y >= r.Top + r.Height) continue;
            if (r.View.GetRowVersion(y - r.Top) > _layout[i].Version) return true;
        }
        return false;
    }

    private void ComposeRow(ShadowRow row, ReadOnlySpan<Region> regions, int y)
    {
        row.ResetPool();
        ShadowCell[] cells = row.Cells;
        cells.AsSpan().Fill(new ShadowCell { Code = UnusedChar, Width = 1, Style = UnusedStyle });
        foreach (Region region in regions) ComposeRegionRow(row, region, y);
        foreach (Decoration d in _decorations)
        {
            if (y < d.Top || y >= d.Top + d.Height) continue;
            int left = Math.Max(0, d.Left), end = Math.Min(Columns, d.Left + d.Width);
            if (left >= end) continue;
            cells.AsSpan(left, end - left).Fill(ShadowCell.Blank(d.Style));
            WriteText(row, left, end, d.Text, d.Style);
        }
        if (regions.Length > 1 || _decorations.Length > 0) RepairWideChars(cells);
    }

    private void ComposeRegionRow(ShadowRow row, Region region, int y)
    {
        IScreenView? view = region.View;
        if (view == null || y < region.Top || y >= region.Top + region.Height) return;
        int r = y - region.Top;
        if (r >= view.Rows || region.Left < 0) return;
        ShadowCell[] cells = row.Cells;
        Span<char> text = stackalloc char[MaxCellChars];
        int left = region.Left;
        int width = Math.Min(Math.Min(region.Width, Columns - left), view.Columns);
        int styleId = -1;
        Style style = default;
        int link = 0;
        for (int c = 0; c < width; c++)
        {
            ref readonly Cell cell = ref view.GetCell(c, r);
            ref ShadowCell dst = ref cells[left + c];
            if (cell.StyleId != styleId)
            {
                styleId = cell.StyleId;
                style = view.GetStyle(styleId);
                link = style.Link == 0 || !Hyperlinks ? 0 : Links.NumberOf(view.GetHyperlink(style.Link));
            }
            dst.Style = style;
            dst.Link = link;
            dst.Width = 1;
            dst.TextLength = 0;
            if (cell.IsSpacer || (cell.IsWide && c + 1 >= width))
            {
                // A right half whose left half is not shown, or a wide char cut by the region's edge.
                dst.Code = ' ';
                continue;
            }
            if (cell.HasGrapheme)
            {
                int n = view.CopyCellText(c, r, text);
                if (n > 0) text[..n].CopyTo(row.ReserveText(n));
                if (n > 0) row.CommitText(ref dst, n);
                else dst.Code = ' ';
            }
            else
            {
                dst.Code = cell.IsEmpty ? ' ' : cell.CodePoint;
            }
            if (cell.IsWide)
            {
                dst.Width = 2;
                c++;
                cells[left + c] = new ShadowCell { Code = 0, Width = 0, Style = dst.Style, Link = link };
            }
        }
    }

    /// <summary>Overlapping regions may cut wide characters: blank any half without its other half.</summary>
    private static void RepairWideChars(ShadowCell[] cells)
    {
        for (int x = 0; x < cells.Length; x++)
        {
            ref ShadowCell c = ref cells[x];
            bool broken = c.Width == 2 ? x + 1 >= cells.Length || cells[x + 1].Width != 0
                : c.Width == 0 && (x == 0 || cells[x - 1].Width != 2);
            if (broken) c = ShadowCell.Blank(c.Style);
        }
    }

    private void ComposeStatus(ShadowRow row, string status)
    {
        row.ResetPool();
        ShadowCell[] cells = row.Cells;
        cells.AsSpan().Fill(ShadowCell.Blank(StatusStyle));
        WriteText(row, 0, Columns, status, StatusStyle);
    }

    /// <summary>Lays <paramref name="text"/> out in cells [<paramref name="left"/>, <paramref name="end"/>) of a row, control characters shown as '?'.</summary>
    private static void WriteText(ShadowRow row, int left, int end, string text, Style style)
    {
        ShadowCell[] cells = row.Cells;
        int x = left;
        int last = -1; // the cell combining marks join
        ReadOnlySpan<char> s = text;
        while (!s.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(s, out Rune rune, out int used) != OperationStatus.Done) rune = Rune.ReplacementChar;
            s = s[Math.Max(1, used)..];
            int cp = rune.Value;
            if (cp < 0x20 || cp is >= 0x7F and < 0xA0) cp = '?';
            int width = CharWidth.Of(cp);
            if (width == 0)
            {
                if (last >= 0) AddMark(row, ref cells[last], rune);
                continue;
            }
            if (x + width > end) break;
            cells[x] = new ShadowCell { Code = cp, Width = (byte)width, Style = style };
            if (width == 2) cells[x + 1] = new ShadowCell { Code = 0, Width = 0, Style = style };
            last = x;
            x += width;
        }
    }

    private static void AddMark(ShadowRow row, ref ShadowCell cell, Rune mark)
    {
        Span<char> buf = stackalloc char[MaxCellChars];
        int n;
        if (cell.TextLength == 0) n = new Rune(cell.Code).EncodeToUtf16(buf);
        else
        {
            row.GetText(cell).CopyTo(buf);
            n = cell.TextLength;
        }
        if (n + mark.Utf16SequenceLength > MaxCellChars - 8) return;
        n += mark.EncodeToUtf16(buf[n..]);
        buf[..n].CopyTo(row.ReserveText(n));
        row.CommitText(ref cell, n);
    }
}
