using System.Buffers;
using Mux.Server.Layout;
using Mux.Vt100;
using Mux.Vt100.Rendering;

namespace Mux.Server.Sessions;

/// <summary>
/// What one client's screen shows, turned into a frame: the session's regions (the focused one first, as the
/// renderer takes its cursor and modes from it), copy mode's view in place of its window, and the status line (or
/// a message, or the exited window's notice). Called under the session lock.
/// </summary>
internal sealed class ClientScreen(Session session, int columns, int rows)
{
    private readonly FrameRenderer _renderer = new(columns, rows);
    private readonly List<Region> _regions = new(4);

    /// <summary>
    /// While a program draws a frame inside synchronized output (mode 2026) the client is shown the previous
    /// frame; after this long a program that never ends its frame is drawn anyway.
    /// </summary>
    private static readonly TimeSpan SynchronizedOutputLimit = TimeSpan.FromSeconds(1);

    private DateTime _holdingSince;

    public int Columns => _renderer.Columns;
    public int Rows => _renderer.Rows;

    public void Resize(int columns, int rows) => _renderer.Resize(columns, rows);

    public void Invalidate() => _renderer.Invalidate();

    /// <summary>The rows below the windows' area that the status line takes.</summary>
    private int StatusRows => session.Settings.StatusLine ? 1 : 0;

    /// <summary>
    /// Composes the next frame into <paramref name="frame"/> (nothing when nothing changed). <paramref name="redrawLater"/>
    /// is called when a held frame must be drawn later.
    /// </summary>
    public void Compose(IBufferWriter<byte> frame, CopyMode? copy, string? message, Action<TimeSpan> redrawLater)
    {
        _renderer.CaptureMouse = session.Settings.Mouse;
        if (copy != null)
        {
            // The snapshot, one row short of the client for the copy-mode status line.
            var view = copy.Render(Columns, Math.Max(1, Rows - 1));
            _renderer.Render(frame, [new Region(view, 0, 0, view.Rows, view.Columns)], copy.Status);
            return;
        }
        var window = session.Current;
        if (HoldForSynchronizedOutput(window, redrawLater)) return;
        string? status = null;
        if (session.Settings.StatusLine || message != null || window is { IsRunning: false })
            status = message ?? (window is { IsRunning: false } done ? StatusText.Exited(done) : StatusText.StatusLine(session, Columns));
        _regions.Clear();
        var layout = session.Layout;
        AddRegion(layout.Focused);
        foreach (var region in layout.Regions)
            if (region != layout.Focused) AddRegion(region);
        _renderer.Render(frame, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_regions), status);
    }

    /// <summary>A region's window where the layout puts it, cut to what the window has and the client shows.</summary>
    private void AddRegion(RegionNode region)
    {
        if (region.Window is not { } window) return;
        var terminal = window.Terminal;
        // Unsplit, the region is the whole client: a window set smaller or larger (width, height) shows as it is.
        Rect content = session.Layout.IsSplit ? region.Content : new Rect(0, 0, Rows - StatusRows, Columns);
        int height = Math.Min(Math.Min(content.Height, terminal.Rows), Rows - StatusRows - content.Top);
        int width = Math.Min(Math.Min(content.Width, terminal.Columns), Columns - content.Left);
        if (height <= 0 || width <= 0) return;
        _regions.Add(new Region(terminal, content.Top, content.Left, height, width));
    }

    /// <summary>True when the window is in the middle of a synchronized frame that should not be shown yet.</summary>
    private bool HoldForSynchronizedOutput(Window? window, Action<TimeSpan> redrawLater)
    {
        if (window is null || (window.Terminal.Modes & TerminalModes.SynchronizedOutput) == 0)
        {
            _holdingSince = default;
            return false;
        }
        var now = DateTime.UtcNow;
        if (_holdingSince == default)
        {
            _holdingSince = now;
            redrawLater(SynchronizedOutputLimit);
        }
        return now - _holdingSince < SynchronizedOutputLimit;
    }
}
