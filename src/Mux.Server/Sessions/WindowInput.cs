using System.Threading.Channels;
using Mux.Platform.Pty;

namespace Mux.Server.Sessions;

/// <summary>
/// What is typed into a window's program, and the terminal's replies to its queries: written at once while the
/// terminal's input has room, else queued for a writer task that drains the queue as the program reads. The queue
/// is bounded: a program that never reads its input while it asks the terminal questions (or a <c>cat</c> of a
/// file full of them) would otherwise grow the server without end. What does not fit is dropped and counted, and
/// the user is told.
/// </summary>
internal sealed class WindowInput(IPtyConnection pty, Action<string> tell)
{
    /// <summary>Most bytes that may wait: far more than anyone pastes into a program that is busy for a moment.</summary>
    public const int QueueLimit = 1 << 20;

    /// <summary>At most one message about dropped bytes in this long, however long the dropping goes on.</summary>
    private static readonly TimeSpan TellEvery = TimeSpan.FromSeconds(5);

    private readonly Channel<byte[]> _queue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _gate = new();
    private int _queuedChunks;
    private long _queuedBytes;
    private long? _toldAt;   // when the user was last told of dropped bytes

    /// <summary>Bytes of terminal replies dropped because the program was not reading its input.</summary>
    public long DroppedReplyBytes { get; private set; }

    /// <summary>Bytes of typed input dropped because the program was not reading its input.</summary>
    public long DroppedInputBytes { get; private set; }

    /// <summary>Nothing waits in the queue: a client writing keys directly overtakes nothing.</summary>
    public bool IsIdle
    {
        get { lock (_gate) return _queuedChunks == 0; }
    }

    /// <summary>Writes <paramref name="bytes"/>, queueing what the terminal has no room for; <paramref name="reply"/>: the terminal's answer to a query.</summary>
    public void Write(ReadOnlySpan<byte> bytes, bool reply, string windowName)
    {
        string? notice = null;
        lock (_gate)
        {
            if (_queuedChunks == 0)
            {
                int n;
                try { n = pty.TryWrite(bytes); }
                catch (IOException) { return; }   // the program has gone: there is no one left to read it
                bytes = bytes[n..];
                if (bytes.IsEmpty) return;
            }
            if (_queuedBytes + bytes.Length <= QueueLimit)
            {
                _queuedChunks++;
                _queuedBytes += bytes.Length;
                _queue.Writer.TryWrite(bytes.ToArray());
                return;
            }
            if (reply) DroppedReplyBytes += bytes.Length;
            else DroppedInputBytes += bytes.Length;
            long now = Environment.TickCount64;
            if (_toldAt is not { } told || now - told >= (long)TellEvery.TotalMilliseconds)
            {
                _toldAt = now;
                notice = $"{windowName} is not reading its input: dropped {Describe()}";
            }
        }
        if (notice != null) tell(notice);
            }

    private string Describe()
    {
        var parts = new List<string>(2);
        if (DroppedInputBytes > 0) parts.Add($"{DroppedInputBytes} bytes of input");
        if (DroppedReplyBytes > 0) parts.Add($"{DroppedReplyBytes} bytes of terminal replies");
        return string.Join(" and ", parts);
    }

    /// <summary>Drains the queue into the program as it reads; ends when the queue is completed or the terminal goes.</summary>
    public async Task WriteLoopAsync()
    {
        var stream = pty.WriterStream;
        await foreach (var chunk in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try { stream.Write(chunk, 0, chunk.Length); }
            catch (Exception e) when (e is IOException or ObjectDisposedException) { return; }
            lock (_gate)
            {
                _queuedChunks--;
                _queuedBytes -= chunk.Length;
            }
        }
    }

    /// <summary>No more input: the program has ended.</summary>
    public void Complete() => _queue.Writer.TryComplete();
}
