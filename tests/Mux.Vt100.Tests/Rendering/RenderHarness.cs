using System.Buffers;
using System.Text;
using Mux.Vt100.Rendering;
using Mux.Vt100.Screen;

namespace Mux.Vt100.Tests.Rendering;

/// <summary>
/// A renderer driving a client emulator: every frame is fed to a second <see cref="Terminal"/> of the
/// client's size, which then shows what the user's terminal would. <see cref="AssertShows"/> compares it
/// with a reference composition written independently of the renderer.
/// </summary>
internal sealed class RenderHarness
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);

    public RenderHarness(int columns, int rows)
    {
        Renderer = new FrameRenderer(columns, rows);
        Client = new Terminal(columns, rows, scrollbackLimit: 1000);
    }

    public FrameRenderer Renderer { get; }
    public Terminal Client { get; private set; }
    public Region[] Regions { get; set; } = [];
    public string? Status { get; set; }
    public byte[] LastFrame { get; private set; } = [];

    public string LastFrameText => Encoding.UTF8.GetString(LastFrame).Replace("\e", "\\e");

    /// <summary>Renders one frame, feeds it to the client emulator and returns its size in bytes.</summary>
    public int Render()
    {
        _buffer.ResetWrittenCount();
        Renderer.Render(_buffer, Regions, Status);
        LastFrame = _buffer.WrittenSpan.ToArray();
        Client.Feed(LastFrame);
        return LastFrame.Length;
    }

    /// <summary>The client's terminal changed size: a new, blank client emulator of that size.</summary>
    public void ResizeClient(int columns, int rows)
    {
        Renderer.Resize(columns, rows);
        Client = new Terminal(columns, rows, scrollbackLimit: 1000);
    }

    public void AssertShows(string context = "")
    {
        int cols = Renderer.Columns, rows = Renderer.Rows;
        Assert.Equal(cols, Client.Columns);
        Assert.Equal(rows, Client.Rows);
        for (int y = 0; y < rows; y++)
        {
            for (int x = 0; x < cols; x++)
            {
                var want = Expected(x, y);
                ref readonly Cell got = ref Client.GetCell(x, y);
                string gotText = Client.GetCellText(x, y);
                int gotWidth = got.Width;
                Style gotStyle = Client.GetStyle(got.StyleId);
                Hyperlink? gotLink = Client.GetHyperlink(gotStyle);
                // Link numbers are each terminal's own: the links are compared by what they are.
                if (want.Text != gotText || want.Width != gotWidth || want.Style with { Link = 0 } != gotStyle with { Link = 0 } || want.Link != gotLink)
                {
                    Assert.Fail($"{context} cell ({x},{y}): want '{want.Text}' w{want.Width} {want.Style} {want.Link}, " +
                        $"got '{gotText}' w{gotWidth} {gotStyle} {gotLink}\nclient:\n{Terminal.Describe(Client)}\nframe: {LastFrameText}");
                }
            }
        }

        // The cursor, and the modes the client's terminal must share with the first window.
        bool visible = false;
        int cx = 0, cy = 0;
        if (Regions.Length > 0)
        {
            Region r = Regions[0];
            var w = (Terminal)r.View;
            cx = r.Left + w.CursorColumn;
            cy = r.Top + w.CursorRow;
            visible = w.CursorVisible && w.CursorColumn < r.Width && w.CursorRow < r.Height &&
                cx < cols && cy < rows && !(Status != null && cy == rows - 1);
            Assert.Equal(w.Modes & FrameRenderer.MirroredModes, Client.Modes & FrameRenderer.MirroredModes);
            Assert.Equal(w.CursorStyle, Client.CursorStyle);
        }
        Assert.True(visible == Client.CursorVisible, $"{context} cursor visible: want {visible}");
        if (visible) Assert.True((cx, cy) == (Client.CursorColumn, Client.CursorRow), $"{context} cursor: want ({cx},{cy}) got ({Client.CursorColumn},{Client.CursorRow})");
        Assert.Equal(0, Client.ScrollbackCount);
    }

    /// <summary>Reference composition: what cell (x, y) of the client should show.</summary>
    public (string Text, int Width, Style Style, Hyperlink? Link) Expected(int x, int y)
    {
        int cols = Renderer.Columns, rows = Renderer.Rows;
        if (Status != null && y == rows - 1) return StatusCell(Status, x, cols);
        var result = (Text: ".", Width: 1, Style: FrameRenderer.UnusedStyle, Link: (Hyperlink?)null);
        foreach (Region r in Regions)
        {
            if (y < r.Top || y >= r.Top + r.Height || x < r.Left || x >= r.Left + r.Width) continue;
            int c = x - r.Left, row = y - r.Top;
            var w = (Terminal)r.View;
            if (c >= w.Columns || row >= w.Rows) continue;
            ref readonly Cell cell = ref w.GetCell(c, row);
            Style style = w.GetStyle(cell.StyleId);
            Hyperlink? link = Renderer.Hyperlinks ? w.GetHyperlink(style) : null;
            int visibleWidth = Math.Min(Math.Min(r.Width, cols - r.Left), w.Columns);
            if (cell.IsWide && c + 1 >= visibleWidth) result = (" ", 1, style, link);
            else if (cell.IsWide) result = (w.GetCellText(c, row), 2, style, link);
            else if (cell.IsSpacer) result = ("", 0, style, link);
            else result = (w.GetCellText(c, row), 1, style, link);
        }
        return result;
    }

    private static (string, int, Style, Hyperlink?) StatusCell(string status, int x, int cols)
    {
        // Lay the status text out: width from the model's table, combining marks join the cell before.
        var cells = new List<(string Text, int Width)>();
        foreach (Rune rune in status.EnumerateRunes())
        {
            int w = CharWidth.Of(rune.Value);
            if (w == 0)
            {
                if (cells.Count > 0)
                {
                    int last = cells[^1].Width == 0 ? cells.Count - 2 : cells.Count - 1;
                    cells[last] = (cells[last].Text + rune, cells[last].Width);
                }
                continue;
            }
            if (cells.Count + w > cols) break;
            cells.Add((rune.ToString(), w));
            if (w == 2) cells.Add(("", 0));
        }
        return x < cells.Count ? (cells[x].Text, cells[x].Width, FrameRenderer.StatusStyle, null) : (" ", 1, FrameRenderer.StatusStyle, null);
    }
}
