using System.IO.Pipelines;
using System.Net.Sockets;

namespace Mux.Server.Ipc;

/// <summary>
/// One end of a client–server socket: a receive side that yields whole messages and a send side that
/// serialises writers. Closing it never affects any other connection.
/// </summary>
public sealed class Connection : IAsyncDisposable, IDisposable
{
    private readonly Socket _socket;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private int _closed;

    public Connection(Socket socket)
    {
        _socket = socket;
        var stream = new NetworkStream(socket, ownsSocket: false);
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024));
    }

    public Socket Socket => _socket;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>The next whole message, or null when the peer has gone. Garbage throws <see cref="ProtocolException"/>.</summary>
    public async ValueTask<Message?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            ReadResult result;
            try { result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false); }
            catch (IOException) { return null; }
            catch (SocketException) { return null; }
            catch (ObjectDisposedException) { return null; }
            var buffer = result.Buffer;
            if (MessageFraming.TryParse(ref buffer, out var message))
            {
                _reader.AdvanceTo(buffer.Start);
                return message;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled) return null;
        }
    }

    /// <summary>Sends one message; false when the peer has gone.</summary>
    public ValueTask<bool> SendAsync(MessageType type, byte[] payload, CancellationToken cancellationToken = default)
    {
        return SendAsync(w => MessageFraming.Write(w, type, payload), cancellationToken);
    }

    /// <summary>Writes messages with <paramref name="write"/> under the send lock, then flushes (waiting while the peer is slow).</summary>
    public async ValueTask<bool> SendAsync(WriteAction write, CancellationToken cancellationToken = default)
    {
        if (IsClosed) return false;
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            write(_writer);
            var flush = await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return !flush.IsCompleted;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public delegate void WriteAction(PipeWriter writer);

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
        _socket.Dispose();
    }

    public void Dispose() => Close();

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }
}
