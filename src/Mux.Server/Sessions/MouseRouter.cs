using System.Buffers;
using Mux.Server.Layout;
using Mux.Vt100;
using Mux.Vt100.Input;

namespace Mux.Server.Sessions;

/// <summary>
/// A client's input as it reaches the server, read by the one input tokenizer. Focus reports go on only to a window
/// that asked for them (mode 1004): the user's terminal reports for whatever window it was last set up for, and only
/// the server knows which one is shown now; bytes that merely look like one inside a paste are the paste's.
/// With <c>mouse on</c> the terminal reports the mouse in SGR form whatever the window asked for, so reports are taken
/// out of the input here and routed like tmux does; the rest are keys. A report goes to the
/// program if it asked for the mouse; otherwise the wheel scrolls (arrow keys for a full-screen program, copy mode
/// for the rest) and a drag marks text in copy mode. Split, a click focuses the region under it, the wheel scrolls
/// the region under it, and dragging a border or a caption resizes. Called under the session lock.
/// </summary>
internal sealed class MouseRouter(Session session, AttachedClient client) : IInputSink
{
    private readonly InputTokenizer _input = new();
    private readonly ArrayBufferWriter<byte> _keys = new();
    private KeySink? _keySink;  // where the keys of the read being split go
    private bool _routeMouse;   // mouse on, as it was when this read came
    private bool _leftDown;     // the left button went down on a window that does not read the mouse
    private int _leftX, _leftY;

    /// <summary>A report is half read: keys must wait for its end (the client may not write to the window directly).</summary>
    public bool HasPending => _input.HasPending;

    /// <summary>
    /// Splits <paramref name="input"/> into keys (to <paramref name="keys"/>, in order) and mouse reports (routed
    /// here). A report cut by the end of a read waits for the next one.
    /// </summary>
    public void Input(ReadOnlySpan<byte> input, KeySink keys)
    {
        _routeMouse = session.Settings.Mouse;
        _keySink = keys;
        try
        {
            _input.Feed(input, this);
            _input.EndOfRead(this, giveOutPartial: true);
            FlushKeys();
        }
        finally
        {
            _keys.ResetWrittenCount();
            _keySink = null;
        }
    }

    public delegate void KeySink(ReadOnlySpan<byte> keys);

    void IInputSink.Token(InputToken token)
    {
        switch (token.Kind)
        {
            case InputKind.Mouse when _routeMouse:
                FlushKeys();
                Route(token.Mouse);
                break;
            case InputKind.Focus when !ShownWindowReadsFocus:
                break;
            default:
                // Without mouse on, the terminal mirrors the window's own mouse modes: its reports are what the program asked for.
                _keys.Write(token.Raw);
                break;
        }
    }

    private bool ShownWindowReadsFocus =>
        client.Copy is null && session.Current is { } window && (window.Terminal.Modes & TerminalModes.FocusEvents) != 0;

    private void FlushKeys()
    {
        if (_keys.WrittenCount == 0) return;
        _keySink?.Invoke(_keys.WrittenSpan);
        _keys.ResetWrittenCount();
    }

    private LayoutNode? _dragging;   // a border or caption being dragged to resize

    private void Route(MouseEvent e)
    {
        var layout = session.Layout;
        if (_dragging != null)
        {
            if (e.Release || !e.IsMotion) _dragging = null;
            else session.ChangeLayout(l => l.DragBoundary(_dragging, e.X, e.Y));
            return;
        }
        if (client.Copy is { } copy)
        {
            var content = client.CopyContent();
            client.FinishCopy(copy, copy.Mouse(e with { X = e.X - content.Left, Y = e.Y - content.Top }));
            return;
        }
        var region = layout.Focused;
        if (layout.IsSplit)
        {
            // A press on a border or a caption starts a resize; on another region, focuses it (and goes no further).
            if (e.IsLeft && !e.IsMotion && layout.BoundaryAt(e.X, e.Y) is { } boundary)
            {
                _dragging = boundary;
                return;
            }
            var under = layout.Regions.FirstOrDefault(r => r.Content.Contains(e.X, e.Y));
            if (under is null) return;
            if (under != region)
            {
                if (e.IsWheel) region = under;   // the wheel scrolls the region under it
                else
                {
                    if (!e.Release && !e.IsMotion) session.ChangeLayout(l => { l.Focus(under); return true; });
                    return;
                }
            }
            e = e with { X = e.X - region.Content.Left, Y = e.Y - region.Content.Top };
        }
        if (region.Window is not { } window) return;
        var terminal = window.Terminal;
        var area = client.ContentOf(region);
        bool inside = e.X >= 0 && e.Y >= 0 && e.X < Math.Min(terminal.Columns, area.Width) && e.Y < Math.Min(terminal.Rows, area.Height);
        if (window.IsRunning && MouseEvent.Tracking(terminal.Modes))
        {
            if (!inside || !e.WantedBy(terminal.Modes)) return;
            var report = new ArrayBufferWriter<byte>(16);
            if (e.Encode(terminal.Modes, report)) window.Write(report.WrittenSpan);
            return;
        }
        if (e.IsWheel)
        {
            if (window.IsRunning && terminal.IsAlternateScreen)
            {
                // A full-screen program that does not read the mouse (less, man): the wheel is the arrow keys.
                var key = KeyEncoder.Cursor(e.IsWheelUp ? CursorKey.Up : CursorKey.Down, terminal.Modes);
                for (int n = 0; n < CopyMode.WheelLines; n++) window.Write(key);
                return;
            }
            if (e.IsWheelUp)
            {
                if (region != layout.Focused) session.ChangeLayout(l => { l.Focus(region); return true; });
                var entered = client.EnterCopyMode(window, byMouse: true);
                client.FinishCopy(entered, entered.Mouse(e));
            }
            return;
        }
        // A drag with the left button marks text, in copy mode (tmux's MouseDrag1Pane).
        if (e.IsLeft && !e.IsMotion)
        {
            (_leftDown, _leftX, _leftY) = (inside, e.X, e.Y);
            return;
        }
        if (e.IsLeft && e.IsMotion && _leftDown && inside)
        {
            _leftDown = false;
            var entered = client.EnterCopyMode(window, byMouse: true);
            entered.Mouse(new MouseEvent(0, _leftX, _leftY, false));
            client.FinishCopy(entered, entered.Mouse(e));
            return;
        }
        if (e.Release) _leftDown = false;
        // Anything else is swallowed: a program that did not ask for the mouse must not get reports as keys.
    }
}
