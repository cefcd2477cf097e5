using System.Buffers;
using System.Net.Sockets;

namespace Mux.Server.Ipc;

/// <summary>
/// One end of a client–server socket, used with blocking calls from threads of its own. Keystroke echo crosses
/// this socket twice; measured here, every async hop through the thread pool cost 0.2–0.5 ms, so the hot paths
/// (a connection's receive loop, a client's render loop, the attached client) each own a thread and block.
/// A slow peer blocks only the thread that serves it. Closing a connection never affects any other.
/// </summary>
public sealed class Connection : IDisposable
{
    private const int InitialBuffer = 64 * 1024;

    private readonly Socket _socket;
    private readonly object _sendLock = new();
    private readonly ArrayBufferWriter<byte> _out = new(InitialBuffer);
    private byte[] _in = new byte[InitialBuffer];
    private int _start;
    private int _end;
    private int _closed;
    private int _receiveTimeoutMs;

    public Connection(Socket socket)
    {
        _socket = socket;
    }

    public Socket Socket => _socket;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>
    /// The next whole message; null when the peer has gone (or <paramref name="timeout"/> passed, which closes
    /// the connection). Garbage throws <see cref="ProtocolException"/>.
    /// </summary>
    public Message? Receive(TimeSpan? timeout = null)
    {
        try
        {
            int ms = timeout is { } t ? Math.Max(1, (int)t.TotalMilliseconds) : 0;
            if (ms != _receiveTimeoutMs)
            {
                _socket.ReceiveTimeout = ms;
                _receiveTimeoutMs = ms;
            }
            while (true)
            {
                var pending = new ReadOnlySequence<byte>(_in, _start, _end - _start);
                if (MessageFraming.TryParse(ref pending, out var message))
                {
                    _start = _end - (int)pending.Length;
                    return message;
                }
                MakeRoom();
                int n = _socket.Receive(_in, _end, _in.Length - _end, SocketFlags.None);
                if (n <= 0) return null;
                _end += n;
            }
        }
        catch (SocketException)
        {
            Close();
            return null;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>Keeps the unread bytes at the front and room behind them for a largest message.</summary>
    private void MakeRoom()
    {
        if (_start == _end) _start = _end = 0;
        if (_end < _in.Length) return;
        if (_start > 0)
        {
            Buffer.BlockCopy(_in, _start, _in, 0, _end - _start);
            _end -= _start;
            _start = 0;
            return;
        }
        // TryParse has already rejected lengths above the maximum, so this stops at one largest message.
        Array.Resize(ref _in, Math.Min(_in.Length * 2, Protocol.MaxMessageSize + Protocol.HeaderSize));
    }

    /// <summary>Sends one message; false when the peer has gone. Blocks while the peer is not reading.</summary>
    public bool Send(MessageType type, ReadOnlySpan<byte> payload)
    {
        lock (_sendLock)
        {
            _out.Clear();
            MessageFraming.Write(_out, type, payload);
            return Flush();
        }
    }

    /// <summary>Writes messages with <paramref name="write"/> and sends them as one write.</summary>
    public bool Send(WriteAction write)
    {
        lock (_sendLock)
        {
            _out.Clear();
            write(_out);
            return Flush();
        }
    }

    public delegate void WriteAction(IBufferWriter<byte> writer);

    private bool Flush()
    {
        if (IsClosed) return false;
        try
        {
            var data = _out.WrittenSpan;
            while (!data.IsEmpty)
            {
                int n = _socket.Send(data, SocketFlags.None);
                if (n <= 0) return false;
                data = data[n..];
            }
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Close();
            return false;
        }
    }

    /// <summary>True when the peer has closed its end (readable with nothing to read), without consuming input.</summary>
    public bool PeerHasClosed()
    {
        try { return IsClosed || (_socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { return true; }
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        _socket.Dispose();
    }

    public void Dispose() => Close();
}
