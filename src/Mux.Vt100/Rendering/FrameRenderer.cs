using System.Buffers;
using System.Text;

namespace Mux.Vt100.Rendering;

/// <summary>A rectangle of the client's terminal showing one window.</summary>
public readonly record struct Region(Terminal Window, int Top, int Left, int Height, int Width);

/// <summary>
/// What one client's terminal shows, and the bytes that bring it to a new frame.
/// PLACEHOLDER: redraws everything every frame; the real one keeps a shadow grid and sends only differences
/// (changed spans, cursor moves, SGR changes, mode changes).
/// </summary>
public sealed class FrameRenderer
{
    public FrameRenderer(int columns, int rows) { Columns = columns; Rows = rows; }

    public int Columns { get; private set; }
    public int Rows { get; private set; }

    /// <summary>The client's terminal changed size: the next frame is a full redraw.</summary>
    public void Resize(int columns, int rows) { Columns = columns; Rows = rows; }

    /// <summary>The client's screen is unknown (attach, after an overlay): the next frame is a full redraw.</summary>
    public void Invalidate() { }

    /// <summary>
    /// Writes the bytes that make the client's terminal show <paramref name="regions"/> and, when not null,
    /// <paramref name="statusLine"/> in reverse video on the last row. The cursor ends where the first region's
    /// window has it.
    /// </summary>
    public void Render(IBufferWriter<byte> output, ReadOnlySpan<Region> regions, string? statusLine)
    {
        var sb = new StringBuilder("\x1b[?25l\x1b[H\x1b[0m");
        for (int row = 0; row < Rows; row++)
        {
            sb.Append("\x1b[").Append(row + 1).Append(";1H\x1b[K");
            foreach (var region in regions)
            {
                if (row < region.Top || row >= region.Top + region.Height) continue;
                int r = row - region.Top;
                if (r < region.Window.Rows) sb.Append(region.Window.GetRowText(r));
            }
            if (statusLine != null && row == Rows - 1) sb.Append("\x1b[7m").Append(statusLine).Append("\x1b[0m");
        }
        if (regions.Length > 0)
        {
            var w = regions[0].Window;
            sb.Append("\x1b[").Append(regions[0].Top + w.CursorRow + 1).Append(';').Append(regions[0].Left + w.CursorColumn + 1).Append('H');
            if (w.CursorVisible) sb.Append("\x1b[?25h");
        }
        output.Write(Encoding.UTF8.GetBytes(sb.ToString()));
    }
}
