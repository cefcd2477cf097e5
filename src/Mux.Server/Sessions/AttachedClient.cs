using System.Buffers;
using Mux.Protocol;
using Mux.Vt100.Rendering;

namespace Mux.Server.Sessions;

/// <summary>
/// A client showing the session. It renders by pulling: window output only marks it dirty, and the render loop
/// draws the next frame once the previous one has been written, to the client's terminal when the server could
/// open it (<see cref="ClientTerminal"/>), else to the socket. A client that stops reading therefore just stops
/// getting frames; it never slows a window or the other clients.
/// </summary>
public sealed class AttachedClient
{
    private readonly Session _session;
    private readonly Connection _connection;
    private readonly FrameRenderer _renderer;
    private readonly AutoResetEvent _dirty = new(false);
    private readonly ArrayBufferWriter<byte> _frame = new(64 * 1024);
    private readonly TaskCompletionSource<DetachReason> _detached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _message;
    private DateTime _messageExpires;

    public AttachedClient(Session session, Connection connection, int columns, int rows)
    {
        _session = session;
        _connection = connection;
        Columns = Math.Clamp(columns, 1, 1000);
        Rows = Math.Clamp(rows, 1, 1000);
        _renderer = new FrameRenderer(Columns, Rows);
        _socketSink = new SocketFrameSink(connection);
        Route = new InputRoute(connection, session.Sync, DirectInputTarget);
    }

    private readonly SocketFrameSink _socketSink;

    public int Columns { get; private set; }

    public int Rows { get; private set; }

    public Task<DetachReason> Detached => _detached.Task;

    /// <summary>Caller holds the session lock.</summary>
    internal void Resize(int columns, int rows)
    {
        Columns = Math.Clamp(columns, 1, 1000);
        Rows = Math.Clamp(rows, 1, 1000);
        _renderer.Resize(Columns, Rows);
        MarkDirty();
    }

    public void MarkDirty() => _dirty.Set();

    /// <summary>The next frame redraws everything (attach, resize, after an overlay).</summary>
    public void Invalidate()
    {
        lock (_session.Sync) _renderer.Invalidate();
        MarkDirty();
    }

    public void ShowMessage(string text)
    {
        lock (_session.Sync)
        {
            _message = text;
            _messageExpires = DateTime.UtcNow + _session.Settings.MessageDuration;
        }
        MarkDirty();
        _ = ClearMessageLaterAsync(_session.Settings.MessageDuration);
    }

    private Task ClearMessageLaterAsync(TimeSpan after) => RedrawLaterAsync(after);

    /// <summary>Rings the user's terminal bell with the next frame.</summary>
    public void Bell()
    {
        Volatile.Write(ref _bell, 1);
        MarkDirty();
    }

    private int _bell;

    internal void OnDetached(DetachReason reason)
    {
        _detached.TrySetResult(reason);
        Route.Abandon();
        // A render loop waiting for a terminal that stopped reading must not outlive the client.
        Volatile.Read(ref _terminal)?.Dispose();
        _dirty.Set();
    }

    /// <summary>Draws frames, on the caller's (dedicated) thread, until the client detaches or its connection goes.</summary>
    public void RenderLoop()
    {
        while (!_detached.Task.IsCompleted)
        {
            _dirty.WaitOne();
            if (_detached.Task.IsCompleted) return;
            // A fault drawing inline on a window's reader is this client's: it ends this client's loop, not the reader.
            if (Interlocked.Exchange(ref _inlineFault, null) is { } fault) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(fault);
            Route.Update();
            // Nothing the user could answer by typing is shown before the client has stopped writing elsewhere.
            Route.AwaitTaken();
            if (_detached.Task.IsCompleted) return;
            var wait = _pacer.Wait();
            if (wait > TimeSpan.Zero) Thread.Sleep(wait);
            var sink = Sink;
            if (!sink.Flush() && !GoesOnAfterLosing(sink)) return;
            lock (_session.Sync)
            {
                if (!_unsent)
                {
                    if (!Route.MayDraw(DirectInputTarget()))
                    {
                        MarkDirty();   // the route changed since: tell the client first
                        continue;
                    }
                    ComposeFrame();
                }
                _unsent = false;
                if (_frame.WrittenCount == 0) continue;
                _sending = true;
                _pacer.NoteFrame();
                sink = Sink;
            }
            // Blocks while this client is not reading: its frames stop, nothing else waits.
            bool goesOn = sink.Write(_frame.WrittenSpan) || GoesOnAfterLosing(sink);
            Volatile.Write(ref _sending, false);
            if (!goesOn) return;
        }
    }

    /// <summary>Where frames go now: the client's terminal when the server has it open, else the socket.</summary>
    private IFrameSink Sink => (IFrameSink?)Volatile.Read(ref _terminal) ?? _socketSink;

    /// <summary>
    /// A sink stopped taking frames. The socket: the client has gone, and so does the render loop (false). The
    /// terminal: frames go back to the socket (true).
    /// </summary>
    private bool GoesOnAfterLosing(IFrameSink sink)
    {
        if (sink is not ClientTerminal terminal) return false;
        OnTerminalLost(terminal);
        return true;
    }

    /// <summary>The client's terminal when the server writes frames to it directly; null: frames go over the socket.</summary>
    private ClientTerminal? _terminal;

    /// <summary>
    /// Frames go to <paramref name="terminal"/> from now on (null: over the socket), starting with a full redraw.
    /// The previous terminal is closed before this returns, so nothing more is written to it. False when the
    /// client has already detached: the terminal is closed, not used.
    /// </summary>
    internal bool UseTerminal(ClientTerminal? terminal)
    {
        ClientTerminal? previous;
        lock (_session.Sync)
        {
            previous = _terminal;
            if (_detached.Task.IsCompleted)
            {
                // Too late: a detached client's terminal is its own again.
                terminal?.Dispose();
                terminal = null;
            }
            Volatile.Write(ref _terminal, terminal);
            _renderer.Invalidate();
        }
        previous?.Dispose();
        MarkDirty();
        return terminal is not null;
    }

    /// <summary>
    /// A write to the client's terminal did not happen: closed on purpose (whoever closed it has already chosen
    /// the way forward) or failed, when frames go back to the socket and the client is told so.
    /// </summary>
    private void OnTerminalLost(ClientTerminal terminal)
    {
        if (!terminal.Failed) return;
        lock (_session.Sync)
        {
            if (_terminal != terminal) return;
            Volatile.Write(ref _terminal, null);
            _renderer.Invalidate();
        }
        _connection.Send(MessageType.TtyClosed, []);
        MarkDirty();
    }

    /// <summary>Output up to this size is drawn on the window's reader thread when the client is idle.</summary>
    private const int InlineRenderLimit = 4096;

    /// <summary>
    /// The current window printed <paramref name="bytes"/> (fed into its terminal already): small output (typing, a
    /// prompt) is drawn right here, a flood is left to the paced render loop. Caller holds the session lock.
    /// </summary>
    internal void OnOutput(int bytes)
    {
        _pacer.NoteOutput(bytes);
        try
        {
            if (bytes > InlineRenderLimit || !TryRenderNow()) MarkDirty();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _inlineFault = e;
            MarkDirty();
        }
    }

    private Exception? _inlineFault;

    /// <summary>
    /// Draws the next frame at once on the calling thread (the window's reader, which holds the session lock),
    /// when that cannot block or reorder frames: the render loop is not sending, the sink has room and the frame
    /// pacing allows one. This saves keystroke echo the render thread's wake-up. False: the render loop
    /// must draw it.
    /// </summary>
    private bool TryRenderNow()
    {
        if (Volatile.Read(ref _sending) || _unsent || _detached.Task.IsCompleted) return false;
        if (_pacer.Wait() > TimeSpan.Zero || !Route.MayDraw(DirectInputTarget())) return false;
        ComposeFrame();
        if (_frame.WrittenCount == 0) return true;
        _pacer.NoteFrame();
        if (!Sink.TryWrite(_frame.WrittenSpan, out bool complete))
        {
            // Another write is under way: the composed frame is the render loop's to send.
            _unsent = true;
            MarkDirty();
            return true;
        }
        // The frame is composed: what the socket had no room for goes first with the render loop's next send.
        if (!complete) MarkDirty();
        return true;
    }

    /// <summary>The render loop has a composed frame it has not finished sending. Set under the session lock.</summary>
    private bool _sending;

    /// <summary>Holds frames back only while output floods.</summary>
    private readonly FramePacer _pacer = new();

    /// <summary><see cref="_frame"/> holds a composed frame that still has to be sent. Under the session lock.</summary>
    private bool _unsent;

    /// <summary>
    /// While a program draws a frame inside synchronized output (mode 2026) the client is shown the previous
    /// frame; after this long a program that never ends its frame is drawn anyway.
    /// </summary>
    private static readonly TimeSpan SynchronizedOutputLimit = TimeSpan.FromSeconds(1);

    private DateTime _holdingSince;

    /// <summary>True when the window is in the middle of a synchronized frame that should not be shown yet.</summary>
    private bool HoldForSynchronizedOutput(Window? window)
    {
        if (window is null || (window.Terminal.Modes & Mux.Vt100.TerminalModes.SynchronizedOutput) == 0)
        {
            _holdingSince = default;
            return false;
        }
        var now = DateTime.UtcNow;
        if (_holdingSince == default)
        {
            _holdingSince = now;
            _ = RedrawLaterAsync(SynchronizedOutputLimit);
        }
        return now - _holdingSince < SynchronizedOutputLimit;
    }

    private async Task RedrawLaterAsync(TimeSpan after)
    {
        await Task.Delay(after + TimeSpan.FromMilliseconds(10)).ConfigureAwait(false);
        MarkDirty();
    }

    /// <summary>This client's copy mode, null when it shows the live window. Under the session lock.</summary>
    internal CopyMode? Copy { get; private set; }

    /// <summary>Freezes this client's view on a snapshot of the window. Caller holds the session lock.</summary>
    internal void EnterCopyMode(Window window) => EnterCopyMode(window, byMouse: false);

    /// <summary>By the mouse: the lines stay where they were on the screen, and the wheel back to the bottom leaves.</summary>
    private void EnterCopyMode(Window window, bool byMouse)
    {
        Copy = new CopyMode(window.Terminal, Columns, Math.Max(1, Rows - 1)) { LeaveAtBottom = byMouse };
        if (byMouse) Copy.KeepScreenInPlace();
        MarkDirty();
    }

    /// <summary>Gives a key read in copy mode to it. Caller holds the session lock.</summary>
    internal void CopyModeInput(ReadOnlySpan<byte> input)
    {
        if (Copy is { } copy) Finish(copy, copy.Handle(input));
    }

    private void Finish(CopyMode copy, CopyMode.Outcome outcome)
    {
        switch (outcome)
        {
            case CopyMode.Outcome.Stay:
                MarkDirty();
                return;
            case CopyMode.Outcome.Copy:
                _session.PasteBuffer = copy.Copied;
                Copy = null;
                _renderer.Invalidate();
                _message = $"Copied {copy.Copied.Length} characters";
                _messageExpires = DateTime.UtcNow + _session.Settings.MessageDuration;
                _ = ClearMessageLaterAsync(_session.Settings.MessageDuration);
                MarkDirty();
                return;
            default:
                Copy = null;
                _renderer.Invalidate();
                MarkDirty();
                return;
        }
    }

    // ---- input ----

    /// <summary>Whether the client may write keys straight to the current window (see <see cref="InputRoute"/>).</summary>
    internal InputRoute Route { get; }

    /// <summary>Where the client's keys may go without the server. Under the session lock.</summary>
    private Window? DirectInputTarget()
    {
        if (_detached.Task.IsCompleted || Copy != null || _pendingMouse != null) return null;
        return _session.Current is { IsRunning: true } window && window.InputIdle ? window : null;
    }

    private byte[]? _pendingMouse;   // a mouse report cut by the end of a read, kept for the next one
    private bool _leftDown;          // the left button went down on a window that does not read the mouse
    private int _leftX, _leftY;

    /// <summary>
    /// What the client typed. With <c>mouse on</c> its terminal reports the mouse in SGR form whatever the window
    /// asked for, so reports are taken out of the input here and go where they belong (<see cref="Mouse"/>); the
    /// rest goes to copy mode or the window. Caller holds the session lock.
    /// </summary>
    internal void Input(ReadOnlySpan<byte> input)
    {
        if (!_session.Settings.Mouse)
        {
            // The terminal mirrors the window's own mouse modes: its reports are already what the program asked for.
            _pendingMouse = null;
            Keys(input);
            return;
        }
        if (_pendingMouse != null)
        {
            input = (byte[])[.. _pendingMouse, .. input];
            _pendingMouse = null;
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
                    Keys(input[start..i]);
                    Mouse(mouse);
                    start = i += length;
                    continue;
                case MouseEvent.Parse.Incomplete when input.Length - i >= 3:
                    // ESC [ < or ESC [ M begins a report, never a key: wait for its end. (A lone ESC or ESC [ at the
                    // end of a read is a key and goes on at once.)
                    Keys(input[start..i]);
                    _pendingMouse = input[i..].ToArray();
                    return;
            }
            i++;
        }
        Keys(input[start..]);
    }

    private void Keys(ReadOnlySpan<byte> keys)
    {
        if (keys.IsEmpty) return;
        if (Copy != null) CopyModeInput(keys);
        // Any key on an exited window's final screen closes it.
        else if (_session.Current is { IsRunning: false } done) _session.Dismiss(done);
        else _session.Current?.Write(keys);
    }

    /// <summary>
    /// A mouse report, like tmux with <c>mouse on</c>: to the program if it asked for the mouse; otherwise the wheel
    /// scrolls (arrow keys for a full-screen program, copy mode for the rest) and a drag marks text in copy mode.
    /// </summary>
    private void Mouse(MouseEvent e)
    {
        if (Copy is { } copy)
        {
            Finish(copy, copy.Mouse(e));
            return;
        }
        if (_session.Current is not { } window) return;
        var terminal = window.Terminal;
        int statusRows = _session.Settings.StatusLine ? 1 : 0;
        bool inside = e.X < Math.Min(terminal.Columns, Columns) && e.Y < Math.Min(terminal.Rows, Rows - statusRows);
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
                bool ss3 = (terminal.Modes & Mux.Vt100.TerminalModes.ApplicationCursorKeys) != 0;
                ReadOnlySpan<byte> key = e.IsWheelUp ? (ss3 ? "\eOA"u8 : "\e[A"u8) : (ss3 ? "\eOB"u8 : "\e[B"u8);
                for (int n = 0; n < CopyMode.WheelLines; n++) window.Write(key);
                return;
            }
            if (e.IsWheelUp)
            {
                EnterCopyMode(window, byMouse: true);
                Finish(Copy!, Copy!.Mouse(e));
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
            EnterCopyMode(window, byMouse: true);
            Copy!.Mouse(new MouseEvent(0, _leftX, _leftY, false));
            Finish(Copy, Copy.Mouse(e));
            return;
        }
        if (e.Release) _leftDown = false;
        // Anything else is swallowed: a program that did not ask for the mouse must not get reports as keys.
    }

    /// <summary>Composes the next frame into <see cref="_frame"/> (empty when nothing changed). Under the session lock.</summary>
    private void ComposeFrame()
    {
        Survival.FaultInjection.At(Survival.FaultSite.Render);
        _frame.Clear();
        if (Interlocked.Exchange(ref _bell, 0) != 0) _frame.Write("\a"u8);
        if (Copy is { } copy)
        {
            // The snapshot, one row short of the client for the copy-mode status line.
            var view = copy.Render(Columns, Math.Max(1, Rows - 1));
            _renderer.CaptureMouse = _session.Settings.Mouse;
            _renderer.Render(_frame, [new Region(view, 0, 0, view.Rows, view.Columns)], copy.Status);
            return;
        }
        var window = _session.Current;
        if (HoldForSynchronizedOutput(window)) return;
        _renderer.CaptureMouse = _session.Settings.Mouse;
        string? status = null;
        if (_message != null && DateTime.UtcNow >= _messageExpires) _message = null;
        if (_session.Settings.StatusLine || _message != null || window is { IsRunning: false })
            status = _message ?? (window is { IsRunning: false } done
                ? $"Window {done.Number} ({done.Title}) {Session.DescribeExit(done)}. Press any key to close it."
                : _session.StatusLine(Columns));
        if (window is null)
        {
            _renderer.Render(_frame, ReadOnlySpan<Region>.Empty, status);
            return;
        }
        int statusRows = _session.Settings.StatusLine ? 1 : 0;
        var region = new Region(window.Terminal, 0, 0,
            Math.Min(window.Terminal.Rows, Rows - statusRows), Math.Min(window.Terminal.Columns, Columns));
        _renderer.Render(_frame, [region], status);
    }
}
