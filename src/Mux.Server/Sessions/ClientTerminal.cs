using System.Buffers;
using Mux.Platform.Native;

namespace Mux.Server.Sessions;

/// <summary>
/// An attached client's own terminal, opened by the server so that frames are written to it directly, as screen
/// and tmux do. Relaying each frame through the client process cost keystroke echo a second process wake-up,
/// which on a two-core VM often lands on the idle core. Writes never block the caller: what the terminal has no
/// room for is kept, and only <see cref="Write"/> and <see cref="Flush"/> (the render loop's) wait for it.
/// Once <see cref="Dispose"/> has returned nothing more is written, which is what lets the client take its
/// terminal back (an overlay, a detach).
/// </summary>
public sealed unsafe class ClientTerminal : IFrameSink, IDisposable
{
    /// <summary>How long one wait for room lasts before checking whether the terminal was closed meanwhile.</summary>
    private const int WaitSliceMs = 100;

    private readonly object _lock = new();
    private readonly ArrayBufferWriter<byte> _backlog = new();
    private int _fd;

    private ClientTerminal(int fd) => _fd = fd;

    /// <summary>The client's terminal, or null when it cannot be opened as the same device.</summary>
    public static ClientTerminal? Open(TerminalDevice device)
    {
        int fd = device.OpenForWriting();
        return fd < 0 ? null : new ClientTerminal(fd);
    }

    /// <summary>A write failed for good (the terminal hung up): frames must go another way.</summary>
    public bool Failed { get; private set; }

    /// <inheritdoc/>
    public bool TryWrite(ReadOnlySpan<byte> data, out bool complete)
    {
        complete = false;
        if (!Monitor.TryEnter(_lock)) return false;
        try
        {
            if (_fd < 0 || _backlog.WrittenCount > 0) return false;
            int written = WriteNow(data);
            if (written < 0) return false;
            if (written < data.Length) _backlog.Write(data[written..]);
            complete = written == data.Length;
            return true;
        }
        finally
        {
            Monitor.Exit(_lock);
        }
    }

    /// <inheritdoc/>
    public bool Write(ReadOnlySpan<byte> data) => Flush() && WriteAll(data);

    /// <inheritdoc/>
    public bool Flush()
    {
        byte[]? pending = null;
        lock (_lock)
        {
            if (_fd < 0) return false;
            if (_backlog.WrittenCount == 0) return true;
            pending = _backlog.WrittenSpan.ToArray();
            _backlog.ResetWrittenCount();
        }
        return WriteAll(pending);
    }

    private bool WriteAll(ReadOnlySpan<byte> data)
    {
        while (true)
        {
            int fd;
            lock (_lock)
            {
                int written = WriteNow(data);
                if (written < 0) return false;
                data = data[written..];
                if (data.IsEmpty) return true;
                fd = _fd;
            }
            // Wait for room outside the lock, so that Dispose is never held up by a terminal that stopped reading.
            var pfd = new Libc.PollFd { Fd = fd, Events = Libc.POLLOUT };
            Libc.poll(&pfd, 1, WaitSliceMs);
        }
    }

    /// <summary>One non-blocking write under the lock: bytes written (0 when there is no room), -1 when closed or failed.</summary>
    private int WriteNow(ReadOnlySpan<byte> data)
    {
        if (_fd < 0) return -1;
        int written = NonBlockingWrite.Write(_fd, data, out int errno);
        if (errno is 0 or Libc.EAGAIN) return written;
        Failed = true;
        CloseUnderLock();
        return -1;
    }

    private void CloseUnderLock()
    {
        if (_fd < 0) return;
        Libc.close(_fd);
        _fd = -1;
        _backlog.ResetWrittenCount();
    }

    /// <summary>Closes the terminal; a write in progress finishes first, and none follows.</summary>
    public void Dispose()
    {
        lock (_lock) CloseUnderLock();
    }
}
