using System.Buffers;
using Mux.Server.Layout;
using Mux.Vt100;

namespace Mux.Server.Sessions;

/// <summary>
/// A client's input with <c>mouse on</c>: its terminal reports the mouse in SGR form whatever the window asked for,
/// so reports are taken out of the input here and routed like tmux does; the rest are keys. A report goes to the
/// program if it asked for the mouse; otherwise the wheel scrolls (arrow keys for a full-screen program, copy mode
/// for the rest) and a drag marks text in copy mode. Split, a click focuses the region under it, the wheel scrolls
/// the region under it, and dragging a border or a caption resizes. Called under the session lock.
/// </summary>
internal sealed class MouseRouter(Session session, AttachedClient client)
{
    private byte[]? _pending;   // a mouse report cut by the end of a read, kept for the next one
    private bool _leftDown;     // the left button went down on a window that does not read the mouse
    private int _leftX, _leftY;

    /// <summary>A report is half read: keys must wait for its end (the client may not write to the window directly).</summary>
    public bool HasPending => _pending != null;

    /// <summary>Splits <paramref name="input"/> into keys (to <paramref name="keys"/>) and mouse reports (routed here).</summary>
    public void Input(ReadOnlySpan<byte> input, KeySink keys)
    {
        if (!session.Settings.Mouse)
        {
            // The terminal mirrors the window's own mouse modes: its reports are already what the program asked for.
            _pending = null;
            keys(input);
            return;
        }
        if (_pending != null)
        {
            input = (byte[])[.. _pending, .. input];
            _pending = null;
        }
        int start = 0, i = 0;
        while (true)
        {
            int esc = input[i..].IndexOf((byte)0x1b);
            if (esc < 0) break;
            i += esc;
            switch (MouseEvent.TryParse(input[i..], out var mouse, out int length))
            {
                case MouseEvent.Parse.Done:
                    keys(input[start..i]);
                    Route(mouse);
                    start = i += length;
                    continue;
                case MouseEvent.Parse.Incomplete when input.Length - i >= 3:
                    // ESC [ < or ESC [ M begins a report, never a key: wait for its end. (A lone ESC or ESC [ at the
                    // end of a read is a key and goes on at once.)
                    keys(input[start..i]);
                    _pending = input[i..].ToArray();
                    return;
            }
            i++;
        }
        keys(input[start..]);
    }

    public delegate void KeySink(ReadOnlySpan<byte> keys);

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
                bool ss3 = (terminal.Modes & TerminalModes.ApplicationCursorKeys) != 0;
                ReadOnlySpan<byte> key = e.IsWheelUp ? (ss3 ? "\eOA"u8 : "\e[A"u8) : (ss3 ? "\eOB"u8 : "\e[B"u8);
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
