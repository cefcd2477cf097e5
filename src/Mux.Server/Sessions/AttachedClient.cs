using System.Buffers;
using Mux.Protocol;
using Mux.Vt100;
using Mux.Vt100.Rendering;
using Mux.Vt100.Screen;

namespace Mux.Server.Sessions;

/// <summary>
/// A client showing the session. It renders by pulling: window output only marks it dirty, and the render loop
/// draws the next frame once the previous one has been written, to the client's terminal when the server could
/// open it (<see cref="ClientTerminal"/>), else to the socket. A client that stops reading therefore just stops
/// getting frames; it never slows a window or the other clients. What a frame shows is <see cref="ClientScreen"/>'s
/// to compose, the message line <see cref="ClientMessage"/>'s, and reading its input (mouse and focus reports) is <see cref="MouseRouter"/>'s.
/// </summary>
public sealed class AttachedClient
{
    private readonly Session _session;
    private readonly Connection _connection;
    private readonly ClientScreen _screen;
    private readonly ClientMessage _message;
    private readonly MouseRouter _mouse;
    private readonly AutoResetEvent _dirty = new(false);
    private ArrayBufferWriter<byte> _frame = new(FrameCapacity);

    /// <summary>What the frame buffer starts with; one grown far past it (a large clipboard set) is given back.</summary>
    private const int FrameCapacity = 64 * 1024, MaxKeptFrameCapacity = 1 << 20;
    private readonly TaskCompletionSource<DetachReason> _detached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AttachedClient(Session session, Connection connection, int columns, int rows)
    {
        _session = session;
        _connection = connection;
        Columns = Math.Clamp(columns, 1, 1000);
        Rows = Math.Clamp(rows, 1, 1000);
        _screen = new ClientScreen(session, Columns, Rows);
        _message = new ClientMessage(MarkDirty);
        _mouse = new MouseRouter(session, this);
        _socketSink = new SocketFrameSink(connection);
        Route = new InputRoute(connection, session.Sync, DirectInputTarget);
    }

    private readonly SocketFrameSink _socketSink;

    public int Columns { get; private set; }

    /// <summary>The colours the client's terminal answered its queries with (under the session lock); the rest are xterm's.</summary>
    internal LearnedColors Colors { get; } = new();

    /// <summary>Whether this client's terminal speaks the kitty keyboard protocol (it answered CSI ? u); under the lock.</summary>
    internal bool KittyKeys { get; set; }

    public int Rows { get; private set; }

    public Task<DetachReason> Detached => _detached.Task;

    /// <summary>Caller holds the session lock.</summary>
    internal void Resize(int columns, int rows)
    {
        Columns = Math.Clamp(columns, 1, 1000);
        Rows = Math.Clamp(rows, 1, 1000);
        _screen.Resize(Columns, Rows);
        MarkDirty();
    }

    public void MarkDirty() => _dirty.Set();

    /// <summary>The client's command key as the help hint names it (the client says so with <c>escape</c>).</summary>
    public string PrefixName
    {
        get => _screen.PrefixName;
        set => _screen.PrefixName = value;
    }

    /// <summary>The next frame redraws everything (attach, resize, after an overlay).</summary>
    public void Invalidate()
    {
        using (_session.Sync.Enter()) _screen.Invalidate();
        MarkDirty();
    }

    public void ShowMessage(string text)
    {
        using (_session.Sync.Enter())
        {
            _message.Show(text, _session.Settings.MessageDuration);
            MessagesShown++;
        }
        MarkDirty();
    }

    /// <summary>How many messages this client was shown; a command's answer does not cover one it put up itself.</summary>
    public int MessagesShown { get; private set; }

    /// <summary>Rings the user's terminal bell with the next frame.</summary>
    public void Bell()
    {
        // screen's vbell: the message that comes with the bell is all the user gets; the terminal does not ring.
        if (_session.Settings.VisualBell) return;
        Volatile.Write(ref _bell, 1);
        MarkDirty();
    }

    private int _bell;

    /// <summary>
    /// The clipboard set the next frame passes on to the client's terminal (OSC 52). Only the newest is kept: a
    /// clipboard holds one thing, so a program flooding sets costs one pending set per client, never a queue.
    /// Under the session lock.
    /// </summary>
    private Vt100.ClipboardSet? _clipboard;

    /// <summary>Puts <paramref name="set"/> on the client terminal's clipboard with the next frame. Caller holds the session lock.</summary>
    internal void SetClipboard(Vt100.ClipboardSet set)
    {
        _clipboard = set;
        MarkDirty();
    }

    /// <summary>Desktop notifications not yet written, at most a few: more push the oldest out, and the user is told.</summary>
    private readonly Mux.Vt100.Text.DropOldestQueue<Mux.Vt100.DesktopNotification> _notifications = new(8);

    /// <summary>Writes a desktop notification (OSC 9, 777 or 99) to the client's terminal before the next frame.</summary>
    public void DesktopNotify(Mux.Vt100.DesktopNotification notification)
    {
        using (_session.Sync.Enter()) _notifications.Enqueue(notification);
        MarkDirty();
    }

    /// <summary>Says that <paramref name="count"/> desktop notifications were left out (more came at once than are kept).</summary>
    internal void NotificationsDropped(int count)
    {
        if (count > 0) ShowMessage(DroppedNotificationsText(count));
    }

    private static string DroppedNotificationsText(int count) =>
        $"{count} desktop notification{(count == 1 ? " was" : "s were")} left out: more came at once than mux keeps";

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
            KeyEncoding? tellKeys = null;
            bool hasFrame;
            using (_session.Sync.Enter())
            {
                if (!_unsent)
                {
                    if (!Route.MayDraw(DirectInputTarget()))
                    {
                        MarkDirty();   // the route changed since: tell the client first
                        continue;
                    }
                    ComposeFrame();
                    tellKeys = _keysToTell;
                    _keysToTell = null;
                }
                _unsent = false;
                hasFrame = _frame.WrittenCount > 0;
                if (hasFrame)
                {
                    _sending = true;
                    _pacer.NoteFrame();
                    sink = Sink;
                }
            }
            // The client hears of the key encoding before the frame that sets it can reach its terminal (a change of
            // focus reporting alone may come with no frame at all).
            if (tellKeys is { } keys && !TellKeyModes(keys)) return;
            if (!hasFrame) continue;
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
        using (_session.Sync.Enter())
        {
            previous = _terminal;
            if (_detached.Task.IsCompleted)
            {
                // Too late: a detached client's terminal is its own again.
                terminal?.Dispose();
                terminal = null;
            }
            Volatile.Write(ref _terminal, terminal);
            _screen.Invalidate();
            // The client takes its key modes off before it hands its terminal over.
            if (terminal is not null) _keysOnTerminal = KeyEncoding.Legacy;
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
        using (_session.Sync.Enter())
        {
            if (_terminal != terminal) return;
            Volatile.Write(ref _terminal, null);
            _screen.Invalidate();
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
        if (_pacer.Wait() > TimeSpan.Zero) return false;
        // Every window's screen is read from here on (the reader may hold the session beside other readers' feeds):
        // the feeds under way finish first, and new ones wait.
        using (_session.Sync.Enter())
        {
            if (!Route.MayDraw(DirectInputTarget())) return false;
            // A change of key encoding is told to the client first, which the render loop does (not under the lock).
            if (WantedKeys() != _keysOnTerminal) return false;
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
    }

    /// <summary>The render loop has a composed frame it has not finished sending. Set under the session lock.</summary>
    private bool _sending;

    /// <summary>Holds frames back only while output floods.</summary>
    private readonly FramePacer _pacer = new();

    /// <summary><see cref="_frame"/> holds a composed frame that still has to be sent. Under the session lock.</summary>
    private bool _unsent;

    private async Task RedrawLaterAsync(TimeSpan after)
    {
        await Task.Delay(after + TimeSpan.FromMilliseconds(10)).ConfigureAwait(false);
        MarkDirty();
    }

    /// <summary>This client's copy mode, null when it shows the live window. Under the session lock.</summary>
    internal CopyMode? Copy { get; private set; }

    /// <summary>
    /// Freezes this client's view on a snapshot of the window. By the mouse: the lines stay where they were on the
    /// screen, and the wheel back to the bottom leaves. Caller holds the session lock.
    /// </summary>
    internal CopyMode EnterCopyMode(Window window, bool byMouse = false)
    {
        var (columns, rows) = _screen.CopyViewSize(_session.Layout.Focused);
        var copy = new CopyMode(window.Terminal, columns, rows) { LeaveAtBottom = byMouse };
        if (byMouse) copy.KeepScreenInPlace();
        Copy = copy;
        CopyRegion = _session.Layout.Focused;
        MarkDirty();
        return copy;
    }

    /// <summary>Where copy mode's view is on this client's screen (mouse positions are made relative to it).</summary>
    internal Layout.Rect CopyContent() => _screen.ContentOf(CopyRegion ?? _session.Layout.Focused, copy: true);

    /// <summary>Where a region's window is on this client's screen.</summary>
    internal Layout.Rect ContentOf(Layout.RegionNode region) => _screen.ContentOf(region, copy: false);

    /// <summary>The region copy mode was entered in (and is drawn in). Under the session lock.</summary>
    internal Layout.RegionNode? CopyRegion { get; private set; }

    /// <summary>The layout changed: copy mode ends when its region went or shows another window now. Under the session lock.</summary>
    internal void OnLayoutChanged()
    {
        if (Copy is null || CopyRegion is null) return;
        if (_session.Layout.Regions.Contains(CopyRegion) && CopyRegion.Window != null) return;
        Copy = null;
        CopyRegion = null;
        _screen.Invalidate();
        MarkDirty();
    }

    /// <summary>Gives a key read in copy mode to it. Caller holds the session lock.</summary>
    internal void CopyModeInput(ReadOnlySpan<byte> input)
    {
        if (Copy is { } copy) FinishCopy(copy, copy.Handle(input));
    }

    /// <summary>Acts on what copy mode made of a key or a mouse event: stay, leave, or leave with text copied.</summary>
    internal void FinishCopy(CopyMode copy, CopyMode.Outcome outcome)
    {
        switch (outcome)
        {
            case CopyMode.Outcome.Stay:
                MarkDirty();
                return;
            case CopyMode.Outcome.Copy:
                _session.PasteBuffer = copy.Copied;
                if (_session.Settings.Clipboard) SetClipboard(new Vt100.ClipboardSet("c", System.Text.Encoding.UTF8.GetBytes(copy.Copied)));
                Copy = null;
                _screen.Invalidate();
                _message.Show($"Copied {copy.Copied.Length} characters", _session.Settings.MessageDuration);
                MarkDirty();
                return;
            default:
                Copy = null;
                _screen.Invalidate();
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
        // With several displays only the active one writes directly: the others' keys come through the server, which
        // so learns who types (the windows' colour answers follow that display).
        if (_detached.Task.IsCompleted || ReadOnly || Copy != null || _mouse.HasPending || _session.ActiveClient != this) return null;
        return _session.Current is { IsRunning: true } window && window.InputIdle ? window : null;
    }

    /// <summary>
    /// A display that only watches (<c>--read-only</c>, <c>readonly on</c>): its keys, pastes and mouse reports never
    /// reach a window, whatever its client sends; copy mode and detaching still work. Never granted a direct route.
    /// </summary>
    public bool ReadOnly
    {
        get => Volatile.Read(ref _readOnly);
        set => Volatile.Write(ref _readOnly, value);
    }
    private bool _readOnly;

    /// <summary>What the client typed: read by the router (mouse and focus reports), keys to copy mode or the window. Caller holds the session lock.</summary>
    internal void Input(ReadOnlySpan<byte> input)
    {
        if (!ReadOnly) _mouse.Input(input, Keys);
        else if (Copy != null) CopyModeInput(input);
        // Said once while it shows: a watcher leaning on a key must not make a redraw (and a timer) per key.
        else if (_message.Text != ReadOnlyNotice) ShowMessage(ReadOnlyNotice);
    }

    private const string ReadOnlyNotice = "Read-only display: keys are not sent to the window (Ctrl+A d detaches)";

    private void Keys(ReadOnlySpan<byte> keys)
    {
        if (keys.IsEmpty) return;
        if (Copy != null) CopyModeInput(keys);
        // Any key on an exited window's final screen closes it.
        else if (_session.Current is { IsRunning: false } done) _session.Dismiss(done);
        else _session.Current?.Write(keys);
    }

    /// <summary>The key encoding this client's terminal is in, as far as frames went. Under the session lock.</summary>
    private KeyEncoding _keysOnTerminal;

    /// <summary>The encoding the frame being sent changes to, which the client has not been told yet. Under the session lock.</summary>
    private KeyEncoding? _keysToTell;

    /// <summary>
    /// The key encoding the client's terminal should be in: the shown window's program's, so extended keys reach it
    /// as it asked for them; legacy in copy mode (which reads legacy keys), on a read-only display (whose keys reach
    /// no window) and on an exited window. Under the session lock.
    /// </summary>
    private KeyEncoding WantedKeys() =>
        ReadOnly || Copy != null || _session.Current is not { IsRunning: true } window ? KeyEncoding.Legacy : KeyEncoding.Of(window.Terminal);

    private bool TellKeyModes(KeyEncoding keys)
    {
        return _connection.Send(MessageType.KeyModes, keys.Pack());
    }

    /// <summary>
    /// The client took its terminal back and gave it again without key modes (after an overlay, a suspend, a
    /// failed hand-over): the next frame redraws everything and sets the shown window's encoding again.
    /// </summary>
    internal void OnTerminalReset()
    {
        using (_session.Sync.Enter())
        {
            _keysOnTerminal = KeyEncoding.Legacy;
            _screen.Invalidate();
        }
        MarkDirty();
    }

    /// <summary>Composes the next frame into <see cref="_frame"/> (empty when nothing changed). Under the session lock.</summary>
    private void ComposeFrame()
    {
        Survival.FaultInjection.At(Survival.FaultSite.Render);
        if (_frame.Capacity > MaxKeptFrameCapacity) _frame = new ArrayBufferWriter<byte>(FrameCapacity);
        else _frame.Clear();
        if (Interlocked.Exchange(ref _bell, 0) != 0) _frame.Write("\a"u8);
        var keys = WantedKeys();
        if (keys != _keysOnTerminal)
        {
            KeyEncodings.Transition(_keysOnTerminal, keys, _frame);
            _keysOnTerminal = keys;
            _keysToTell = keys;
        }
        if (_clipboard is { } clipboard)
        {
            _clipboard = null;
            FrameRenderer.WriteClipboard(_frame, clipboard.Selections, clipboard.Data);
        }
        // Between frames, where no sequence of the screen's is open.
        foreach (var n in _notifications.TakeAll()) _frame.Write(n.Encode());
        int dropped = _notifications.TakeDropped();
        if (dropped > 0) _message.Show(DroppedNotificationsText(dropped), _session.Settings.MessageDuration);
        _screen.Compose(_frame, Copy, CopyRegion, _message.Text, after => _ = RedrawLaterAsync(after));
    }
}
