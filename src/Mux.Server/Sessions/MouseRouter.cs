using System.Buffers;
using Mux.Vt100;

namespace Mux.Server.Sessions;

/// <summary>
/// A client's input with <c>mouse on</c>: its terminal reports the mouse in SGR form whatever the window asked for,
/// so reports are taken out of the input here and routed like tmux does; the rest are keys. A report goes to the
/// program if it asked for the mouse; otherwise the wheel scrolls (arrow keys for a full-screen program, copy mode
/// for the rest) and a drag marks text in copy mode. Called under the session lock.
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

    private void Route(MouseEvent e)
    {
        if (client.Copy is { } copy)
        {
            client.FinishCopy(copy, copy.Mouse(e));
            return;
        }
        if (session.Current is not { } window) return;
        var terminal = window.Terminal;
        int statusRows = session.Settings.StatusLine ? 1 : 0;
        bool inside = e.X < Math.Min(terminal.Columns, client.Columns) && e.Y < Math.Min(terminal.Rows, client.Rows - statusRows);
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
