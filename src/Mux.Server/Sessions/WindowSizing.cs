using Mux.Server.Layout;

namespace Mux.Server.Sessions;

/// <summary>
/// How big windows are. The area windows share is the smallest attached client's screen less the status line
/// (screen's and tmux's rule: every client sees all of a window). The layout shares that area among its regions,
/// and a window is as big as the region that shows it: when two show it, the one it was last focused or selected
/// in, as screen does (the other then shows its top-left part). A window no region shows has the whole area, ready to be selected unsplit.
/// </summary>
internal static class WindowSizing
{
    /// <summary>The area windows share: the smallest client's size, less the status line's and caption's rows.</summary>
    public static (int Columns, int Rows) Area(IReadOnlyList<AttachedClient> clients, int reservedRows)
    {
        int columns = clients.Min(c => c.Columns);
        int rows = clients.Min(c => c.Rows) - reservedRows;
        return (Math.Max(1, columns), Math.Max(1, rows));
    }

    /// <summary>Lays <paramref name="layout"/> out over the area and sizes each window to its region; true when one was resized.</summary>
    public static bool Apply(RegionLayout layout, IReadOnlyList<Window> windows, int columns, int rows)
    {
        layout.Arrange(new Rect(0, 0, rows, columns));
        bool resized = false;
        foreach (var w in windows)
        {
            var (c, r) = SizeOf(layout, w, columns, rows);
            resized |= w.Resize(c, r);
        }
        return resized;
    }

    /// <summary>The size <paramref name="window"/> should have in <paramref name="layout"/> (at least 1x1).</summary>
    public static (int Columns, int Rows) SizeOf(RegionLayout layout, Window window, int columns, int rows)
    {
        var region = layout.Focused.Window == window ? layout.Focused : layout.HomeOf(window);
        if (region is null || !layout.IsSplit) return (columns, rows);
        return (Math.Max(1, region.Content.Width), Math.Max(1, region.Content.Height));
    }
}
