using System.Text;
using System.Threading.Channels;
using Mux.Vt100.Text;

namespace Mux.Server.Sessions;

/// <summary>
/// A window's log file (screen's <c>-L</c>, <c>log on</c>). Output is turned into text (or kept raw) on the
/// window's thread and handed to a writer task through a bounded queue, so a slow or full disk never blocks
/// the program: when the queue is full the chunk is dropped and the session says so.
/// </summary>
public sealed class WindowLog
{
    private const int QueueCapacity = 1024;

    private readonly Channel<byte[]> _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });
    private readonly PlainTextRecorder? _text;
    private readonly Action<string> _report;
    private readonly Task _writer;
    private long _dropped;

    public WindowLog(string path, bool raw, Action<string> report)
    {
        Path = path;
        Raw = raw;
        _report = report;
        _text = raw ? null : new PlainTextRecorder();
        _writer = Task.Run(WriteLoopAsync);
    }

    public string Path { get; }

    public bool Raw { get; }

    /// <summary>Takes a chunk of the window's output. Called under the session lock: never blocks.</summary>
    public void Append(ReadOnlySpan<byte> output)
    {
        byte[] chunk;
        if (_text is null)
        {
            chunk = output.ToArray();
        }
        else
        {
            _text.Feed(output);
            string lines = _text.TakeCompletedLines();
            if (lines.Length == 0) return;
            chunk = Encoding.UTF8.GetBytes(lines);
        }
        if (!_queue.Writer.TryWrite(chunk) && Interlocked.Increment(ref _dropped) == 1)
            _report($"log {Path}: the disk is not keeping up; some output was not logged");
    }

    /// <summary>Stops logging once what is queued has been written.</summary>
    public Task CloseAsync()
    {
        _queue.Writer.TryComplete();
        return _writer;
    }

    private async Task WriteLoopAsync()
    {
        FileStream file;
        try
        {
            file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 64 * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _report($"cannot open log {Path}: {e.Message}");
            _queue.Writer.TryComplete();
            return;
        }
        await using (file.ConfigureAwait(false))
        {
            var reader = _queue.Reader;
            try
            {
                while (await reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    while (reader.TryRead(out var chunk)) await file.WriteAsync(chunk).ConfigureAwait(false);
                    // Flushed as soon as the queue is drained, so `tail -f` follows the job live.
                    await file.FlushAsync().ConfigureAwait(false);
                }
            }
            catch (IOException e)
            {
                _report($"log {Path} stopped: {e.Message}");
                _queue.Writer.TryComplete();
                while (reader.TryRead(out _)) { }
            }
        }
    }
}
