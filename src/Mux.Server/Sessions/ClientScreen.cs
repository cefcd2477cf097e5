using System.Buffers;
using System.Runtime.InteropServices;
using Mux.Server.Layout;
using Mux.Server.Status;
using Mux.Vt100;
using Mux.Vt100.Rendering;
using Mux.Vt100.Screen;

namespace Mux.Server.Sessions;

/// <summary>
/// What one client's screen shows, turned into a frame: the session's regions (the focused one first, as the
/// renderer takes its cursor and modes from it) with their captions and borders once split, copy mode's view in
/// place of its region's window, and the status line (or a message, or the exited window's notice). Called under
/// the session lock.
/// </summary>
internal sealed class ClientScreen(Session session, int columns, int rows)
{
    /// <summary>The focused region's caption stands out; the others' are underlined, like a tab bar.</summary>
    internal static readonly Style FocusedCaptionStyle = new(default, default, default, CellAttributes.Reverse | CellAttributes.Bold, UnderlineStyle.None);
    internal static readonly Style CaptionStyle = new(default, default, default, CellAttributes.None, UnderlineStyle.Single);
    internal const string BorderText = "│";

    private readonly FrameRenderer _renderer = new(columns, rows);
    private readonly List<Region> _regions = new(4);
    private readonly List<Decoration> _decorations = new(8);

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

    /// <summary>The rows below the windows' area that the status line and the caption take.</summary>
    private int StatusRows => session.ReservedRows;

    /// <summary>The client's command key as the status line's help hint names it.</summary>
    public string PrefixName { get; set; } = "Ctrl+A";

    // screen's hardstatus and caption strings, each drawn as a one-row region.
    private readonly StatusBar _hardstatus = new(), _caption = new();

    /// <summary>The size copy mode's view has in <paramref name="region"/>: the region's, else the client less the copy-mode status row.</summary>
    public (int Columns, int Rows) CopyViewSize(RegionNode region) => session.Layout.IsSplit
        ? (Math.Max(1, Math.Min(region.Content.Width, Columns - region.Content.Left)), Math.Max(1, Math.Min(region.Content.Height, Rows - 1 - region.Content.Top)))
        : (Columns, Math.Max(1, Rows - 1));

    /// <summary>Where a region's window (or copy view) is drawn on this client: its content, the whole client when unsplit.</summary>
    public Rect ContentOf(RegionNode region, bool copy) => session.Layout.IsSplit
        ? region.Content
        : new Rect(0, 0, Rows - (copy ? 1 : StatusRows), Columns);

    /// <summary>
    /// Composes the next frame into <paramref name="frame"/> (nothing when nothing changed). <paramref name="redrawLater"/>
    /// is called when a held frame must be drawn later.
    /// </summary>
    public void Compose(IBufferWriter<byte> frame, CopyMode? copy, RegionNode? copyRegion, string? message, Action<TimeSpan> redrawLater)
    {
        _renderer.CaptureMouse = session.Settings.Mouse;
        _renderer.MirrorTitle = session.Settings.SetTitle;
        _renderer.Hyperlinks = session.Settings.Hyperlinks;
        _renderer.Title = session.Settings.SetTitle ? OuterTitle(session.Current) : null;
        var layout = session.Layout;
        _regions.Clear();
        _decorations.Clear();
        if (copy != null && (!layout.IsSplit || copyRegion is null))
        {
            // The snapshot, one row short of the client for the copy-mode status line.
            var view = copy.Render(Columns, Math.Max(1, Rows - 1));
            _renderer.Render(frame, [new Region(view, 0, 0, view.Rows, view.Columns)], copy.Status);
            return;
        }
        var window = session.Current;
        if (copy is null && HoldForSynchronizedOutput(window, redrawLater)) return;
        var settings = session.Settings;
        string? status = null;
        Region? hardstatus = null;
        if (copy != null) status = copy.Status;
        else if (message == null && settings.StatusLine && window is not { IsRunning: false } && settings.HardstatusFormat is { } format)
            hardstatus = _hardstatus.Show(StatusFormat.Expand(format, session.StatusState(Columns)), Rows - 1, Columns);
        else if (settings.StatusLine || message != null || window is { IsRunning: false })
            status = message ?? (window is { IsRunning: false } done ? StatusText.Exited(done) : StatusLine(session));
        var first = copy != null && copyRegion != null && layout.Regions.Contains(copyRegion) ? copyRegion : layout.Focused;
        AddRegion(first, copy);
        var regions = layout.Regions;
        for (int i = 0; i < regions.Count; i++)
            if (regions[i] != first) AddRegion(regions[i], null);
        if (layout.IsSplit) AddDecorations(layout);
        // After the windows: the renderer takes the cursor from the first region.
        if (settings.Caption && !layout.IsSplit && Rows > StatusRows)
            _regions.Add(_caption.Show(StatusFormat.Expand(settings.CaptionFormat, session.StatusState(Columns)), Rows - StatusRows, Columns));
        if (hardstatus is { } line) _regions.Add(line);
        _renderer.Render(frame, CollectionsMarshal.AsSpan(_regions), CollectionsMarshal.AsSpan(_decorations), status);
    }

    private readonly System.Text.StringBuilder _statusScratch = new(128);
    private string _status = "";

    /// <summary>The status line, built into a kept buffer every frame and a new string only when its text changed:
    /// typing echo makes a frame per key, and garbage per frame is page faults and zeroing on the echo's path.</summary>
    private string StatusLine(Session session)
    {
        _statusScratch.Clear();
        StatusText.AppendStatusLine(_statusScratch, session, Columns, PrefixName);
        if (!_statusScratch.Equals(_status.AsSpan())) _status = _statusScratch.ToString();
        return _status;
    }

    /// <summary>
    /// The client terminal's title, as tmux's <c>#S:#I #W</c>: the session's name, the focused window's number, and
    /// the title its program set (OSC 0/2), else the window's own. The writer leaves control characters out.
    /// </summary>
    private string? OuterTitle(Window? window)
    {
        if (window is null) return $"{session.Name}:-";
        string title = window.Terminal.Title is { Length: > 0 } set ? set : window.Title;
        if (title.Length > MaxTitleLength) title = title[..MaxTitleLength];
        if (_titleWindow == window && _titleNumber == window.Number && ReferenceEquals(_titleSession, session.Name) &&
            string.Equals(_titleSource, title, StringComparison.Ordinal)) return _title;
        (_titleWindow, _titleNumber, _titleSession, _titleSource) = (window, window.Number, session.Name, title);
        return _title = $"{session.Name}:{window.Number} {title}";
    }

    /// <summary>A program's title longer than this is cut: a terminal's title bar shows far less.</summary>
    private const int MaxTitleLength = 256;

    // The last title made, and what it was made from: a frame (a keystroke's) does not build it again.
    private Window? _titleWindow;
    private int _titleNumber;
    private string? _titleSession, _titleSource, _title;

    /// <summary>A region's window (or copy view) where the layout puts it, cut to what the window has and the client shows.</summary>
    private void AddRegion(RegionNode region, CopyMode? copy)
    {
        Rect content = ContentOf(region, copy != null);
        int bottom = Rows - (copy != null ? 1 : StatusRows);
        IScreenView? view = copy != null
            ? copy.Render(Math.Max(1, Math.Min(content.Width, Columns - content.Left)), Math.Max(1, Math.Min(content.Height, bottom - content.Top)))
            : region.Window?.Terminal;
        if (view is null)
        {
            // screen's blank window: nothing but blanks, and no cursor while it is focused.
            if (region == session.Layout.Focused) _regions.Add(new Region(EmptyView.Instance, content.Top, content.Left, 0, 0));
            _decorations.Add(new Decoration(content.Top, content.Left, content.Height, content.Width, "", default));
            return;
        }
        int height = Math.Min(Math.Min(content.Height, view.Rows), bottom - content.Top);
        int width = Math.Min(Math.Min(content.Width, view.Columns), Columns - content.Left);
        if (height <= 0 || width <= 0) return;
        _regions.Add(new Region(view, content.Top, content.Left, height, width));
    }

    /// <summary>Captions under every region (window number and title; the focused one highlighted), borders between side-by-side ones.</summary>
    private void AddDecorations(RegionLayout layout)
    {
        foreach (var region in layout.Regions)
        {
            if (region.CaptionRow < 0 || region.Area.Width <= 0) continue;
            // screen's caption string (by default "%3n %t"), its %n and %t naming the region's window.
            string text = region.Window is { } w
                ? StatusFormat.Expand(session.Settings.CaptionFormat, session.StatusState(region.Area.Width, w)).Text
                : " -- (blank: select a window)";
            _decorations.Add(new Decoration(region.CaptionRow, region.Area.Left, 1, region.Area.Width, text,
                region == layout.Focused ? FocusedCaptionStyle : CaptionStyle));
        }
        foreach (var border in layout.Borders)
            _decorations.Add(new Decoration(border.Top, border.Left, border.Height, 1, BorderText, default));
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
