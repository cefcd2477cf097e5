using Mux.Server.Sessions;

namespace Mux.Server.Layout;

/// <summary>
/// A region: a leaf of the layout showing one window (or none: screen's blank region, until a window is selected
/// into it). Each region remembers the window it showed before, for <c>other</c> (Ctrl+A Ctrl+A).
/// </summary>
public sealed class RegionNode : LayoutNode
{
    public Window? Window { get; internal set; }

    /// <summary>The window this region showed before <see cref="Window"/>.</summary>
    public Window? Previous { get; internal set; }

    /// <summary>Where the window's screen is drawn: the area without the caption row.</summary>
    public Rect Content { get; internal set; }

    /// <summary>The row of the caption (window number and title), -1 when the region has none (the only region).</summary>
    public int CaptionRow { get; internal set; } = -1;

    /// <summary>Shows <paramref name="window"/>; the one shown before becomes <see cref="Previous"/>.</summary>
    internal void Show(Window? window)
    {
        if (Window == window) return;
        if (Window != null) Previous = Window;
        Window = window;
    }
}
