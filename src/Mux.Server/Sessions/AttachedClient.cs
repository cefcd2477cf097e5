using System.Buffers;
using Mux.Server.Ipc;
using Mux.Vt100.Rendering;

namespace Mux.Server.Sessions;

/// <summary>
/// A client showing the session. It renders by pulling: window output only marks it dirty, and the render loop
/// draws the next frame once the previous one has been written to the socket. A client that stops reading
/// therefore just stops getting frames; it never slows a window or the other clients.
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
    }

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
        _dirty.Set();
    }

    /// <summary>Draws frames, on the caller's (dedicated) thread, until the client detaches or its connection goes.</summary>
    public void RenderLoop()
    {
        while (!_detached.Task.IsCompleted)
        {
            _dirty.WaitOne();
            if (_detached.Task.IsCompleted) return;
            _frame.Clear();
            if (Interlocked.Exchange(ref _bell, 0) != 0) _frame.Write("\a"u8);
            lock (_session.Sync)
            {
                ComposeFrame();
            }
            if (_frame.WrittenCount == 0) continue;
            // Blocks while this client is not reading: its frames stop, nothing else waits.
            if (!_connection.Send(w => MessageFraming.WriteOutput(w, _frame.WrittenSpan))) return;
        }
    }

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

    private void ComposeFrame()
    {
        var window = _session.Current;
        if (HoldForSynchronizedOutput(window)) return;
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
