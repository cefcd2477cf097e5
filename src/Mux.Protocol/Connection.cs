using System.Buffers;
using Mux.Platform.Native;

namespace Mux.Protocol;

/// <summary>
/// One end of a client–server socket, used with blocking calls from threads of its own. Measured here, every
/// async hop through the thread pool cost 0.2–0.5 ms, so the hot paths
/// (a connection's receive loop, a client's render loop, the attached client) each own a thread and block.
/// A slow peer blocks only the thread that serves it. Closing a connection never affects any other.
/// </summary>
public sealed class Connection : IDisposable
{
    /// <summary>Small to start with: most connections carry a command or two (`-ls`); buffers grow as frames need.</summary>
    private const int InitialBuffer = 4 * 1024;

    private readonly UnixSocket _socket;
    private readonly object _sendLock = new();
    private readonly ArrayBufferWriter<byte> _out = new(InitialBuffer);
    private byte[] _in = new byte[InitialBuffer];
    private int _start;
    private int _end;
    private int _closed;

    public Connection(UnixSocket socket, bool acceptsDescriptors = false)
    {
        _socket = socket;
        _descriptors = acceptsDescriptors ? new Queue<int>() : null;
    }

    /// <summary>
    /// Descriptors that came with received messages, in order (a client's only: a server receives with recv(2),
    /// which makes the kernel close any descriptor a peer tries to pass).
    /// </summary>
    private readonly Queue<int>? _descriptors;

    /// <summary>The next descriptor passed with a received message (the caller owns it); -1 when there is none.</summary>
    public int TakeDescriptor()
    {
        if (_descriptors is null) return -1;
        lock (_descriptors) return _descriptors.TryDequeue(out int fd) ? fd : -1;
    }

    public UnixSocket Socket => _socket;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>
    /// The next whole message; null when the peer has gone (or <paramref name="timeout"/> passed, which closes
    /// the connection). Garbage, or a message larger than <paramref name="maxSize"/>, throws <see cref="ProtocolException"/>.
    /// </summary>
    public Message? Receive(TimeSpan? timeout = null, int maxSize = WireFormat.MaxMessageSize)
    {
        try
        {
            long deadline = timeout is { } t ? Environment.TickCount64 + Math.Max(1, (long)t.TotalMilliseconds) : long.MaxValue;
            while (true)
            {
                var pending = new ReadOnlySequence<byte>(_in, _start, _end - _start);
                if (MessageFraming.TryParse(ref pending, out var message, maxSize))
                {
                    _start = _end - (int)pending.Length;
                    return message;
                }
                MakeRoom();
                // Wait in poll, not in a blocking recv: a thread blocked in recv on a Unix stream socket is woken
                // whenever the peer reads what this side sent (the socket has one wait queue for both directions),
                // and on this machine every such needless wake-up costs keystroke echo a context switch. poll's
                // wait is woken only for the events it asked for.
                int waitMs = deadline == long.MaxValue ? -1 : (int)Math.Clamp(deadline - Environment.TickCount64, 0, int.MaxValue);
                if (!_socket.WaitReadable(waitMs))
                {
                    Close();   // the time ran out
                    return null;
                }
                nint n = _descriptors is null ? _socket.Receive(_in.AsSpan(_end), out _) : ReceiveWithDescriptors();
                if (n <= 0)
                {
                    if (n < 0) Close();   // a broken connection, as the end of one
                    return null;
                }
                _end += (int)n;
            }
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    private nint ReceiveWithDescriptors()
    {
        while (true)
        {
            nint n;
            int errno;
            using (var socket = new UnixSocket.Lease(_socket))
            {
                lock (_descriptors!) n = DescriptorPassing.Receive(socket.Fd, _in.AsSpan(_end), _descriptors, out errno);
            }
            if (n < 0 && errno == Libc.EINTR) continue;
            return n;
        }
    }

    /// <summary>
    /// True when the next <see cref="Receive"/> need not wait: a whole message is already here, or bytes wait in
    /// the socket. A burst of messages of which only the last counts (resizes) can then be taken as one.
    /// </summary>
    public bool HasMoreInput
    {
        get
        {
            if (MessageFraming.HasWholeMessage(new ReadOnlySequence<byte>(_in, _start, _end - _start))) return true;
            try { return !IsClosed && _socket.Available > 0; }
            catch (ObjectDisposedException)
            {
                return true;   // the next Receive reports it
            }
        }
    }

    /// <summary>
    /// Keeps the unread bytes at the front and room behind them for a largest message. A buffer that grew for a
    /// large message goes back to its first size once it is empty: a connection holds a megabyte only while it
    /// needs one.
    /// </summary>
    private void MakeRoom()
    {
        if (_start == _end)
        {
            _start = _end = 0;
            if (_in.Length > InitialBuffer * 16) _in = new byte[InitialBuffer];
        }
        if (_end < _in.Length) return;
        if (_start > 0)
        {
            Buffer.BlockCopy(_in, _start, _in, 0, _end - _start);
            _end -= _start;
            _start = 0;
            return;
        }
        // TryParse has already rejected lengths above the maximum, so this stops at one largest message.
        Array.Resize(ref _in, Math.Min(_in.Length * 2, WireFormat.MaxMessageSize + WireFormat.HeaderSize));
    }

    /// <summary>Sends one message; false when the peer has gone. Blocks while the peer is not reading.</summary>
    public bool Send(MessageType type, ReadOnlySpan<byte> payload)
    {
        lock (_sendLock)
        {
            if (!FlushBacklog()) return false;
            _out.Clear();
            MessageFraming.Write(_out, type, payload);
            return Flush(_out.WrittenSpan);
        }
    }

    /// <summary>Sends one message with <paramref name="descriptor"/> attached; false when the peer has gone.</summary>
    public bool SendWithDescriptor(MessageType type, ReadOnlySpan<byte> payload, int descriptor)
    {
        lock (_sendLock)
        {
            if (!FlushBacklog()) return false;
            _out.Clear();
            MessageFraming.Write(_out, type, payload);
            var data = _out.WrittenSpan;
            nint n;
            try
            {
                using var socket = new UnixSocket.Lease(_socket);
                int errno;
                do n = DescriptorPassing.Send(socket.Fd, data, descriptor, Libc.MSG_NOSIGNAL, out errno);
                while (n < 0 && errno == Libc.EINTR);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
            if (n <= 0)
            {
                Close();
                return false;
            }
            return Flush(data[(int)n..]);
        }
    }

    /// <summary>Sends an Error message if the socket has room for it now, never waiting (to a peer about to be let go).</summary>
    public void TrySendError(string text)
    {
        lock (_sendLock)
        {
            _out.Clear();
            MessageFraming.Write(_out, MessageType.Error, new PayloadWriter().String(text).WrittenSpan);
            SendNow(_out.WrittenSpan, out _);
        }
    }

    /// <summary>Sends <paramref name="data"/> as Output messages in one write; false when the peer has gone.</summary>
    public bool SendOutput(ReadOnlySpan<byte> data)
    {
        lock (_sendLock)
        {
            if (!FlushBacklog()) return false;
            _out.Clear();
            MessageFraming.WriteOutput(_out, data);
            return Flush(_out.WrittenSpan);
        }
    }

    /// <summary>
    /// Sends <paramref name="data"/> as Output messages without ever blocking: false, having sent nothing, when
    /// another thread is sending or an earlier message is still only partly sent. What the socket has no room for
    /// now is kept and goes, ahead of anything else, with the next send or <see cref="SendBacklog"/>;
    /// <paramref name="complete"/> says whether that happened.
    /// </summary>
    public bool TrySendOutput(ReadOnlySpan<byte> data, out bool complete)
    {
        complete = false;
        if (IsClosed || !Monitor.TryEnter(_sendLock)) return false;
        try
        {
            if (_backlog.WrittenCount > 0) return false;
            _out.Clear();
            MessageFraming.WriteOutput(_out, data);
            var rest = _out.WrittenSpan;
            while (!rest.IsEmpty)
            {
                long n = SendNow(rest, out int errno);
                if (n < 0 && errno == Libc.EINTR) continue;
                if (n < 0 && errno == Libc.EAGAIN) break;
                if (n <= 0)
                {
                    Close();
                    return true;
                }
                rest = rest[(int)n..];
            }
            if (!rest.IsEmpty) _backlog.Write(rest);
            complete = rest.IsEmpty;
            return true;
        }
        finally
        {
            Monitor.Exit(_sendLock);
        }
    }

    /// <summary>One send(2) that never waits. -1 with errno on failure (EBADF once closed).</summary>
    private long SendNow(ReadOnlySpan<byte> data, out int errno)
    {
        try { return _socket.Send(data, Libc.MSG_DONTWAIT, out errno); }
        catch (ObjectDisposedException)
        {
            errno = Libc.EBADF;
            return -1;
        }
    }

    /// <summary>Sends, blocking, what <see cref="TrySendOutput"/> left; false when the peer has gone.</summary>
    public bool SendBacklog()
    {
        lock (_sendLock) return FlushBacklog();
    }

    /// <summary>What <see cref="TrySendOutput"/> could not send at once. Under the send lock.</summary>
    private readonly ArrayBufferWriter<byte> _backlog = new();

    private bool FlushBacklog()
    {
        if (_backlog.WrittenCount == 0) return !IsClosed;
        bool sent = Flush(_backlog.WrittenSpan);
        _backlog.ResetWrittenCount();
        return sent;
    }

    private bool Flush(ReadOnlySpan<byte> data)
    {
        if (IsClosed) return false;
        try
        {
            while (!data.IsEmpty)
            {
                nint n = _socket.Send(data, 0, out int errno);
                if (n < 0 && errno == Libc.EINTR) continue;
                if (n <= 0)
                {
                    Close();
                    return false;
                }
                data = data[(int)n..];
            }
            return true;
        }
        catch (ObjectDisposedException)
        {
            Close();
            return false;
        }
    }

    /// <summary>True when the peer has closed its end (readable with nothing to read), without consuming input.</summary>
    public bool PeerHasClosed()
    {
        try { return IsClosed || (_socket.WaitReadable(0) && _socket.Available == 0); }
        catch (ObjectDisposedException) { return true; }
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        if (_descriptors != null)
        {
            lock (_descriptors)
            {
                while (_descriptors.TryDequeue(out int fd)) Libc.close(fd);
            }
        }
        _socket.Shutdown();
        _socket.Dispose();
    }

    public void Dispose() => Close();
}
