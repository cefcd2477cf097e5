using System.Runtime.InteropServices;
using System.Text;
using Mux.Platform.Native;
using Mux.Vt100.Text;

namespace Mux.Server.Sessions;

/// <summary>
/// A window's log file (screen's <c>-L</c>, <c>log on</c>). Output is turned into text (or kept raw) on the
/// window's thread and queued for a writer thread of its own, so a slow, stalled or full disk never blocks the
/// program. The queue absorbs stalls of seconds (<see cref="BufferLimit"/>); past that, output is dropped, and
/// never silently: a marker line in the log says how many lines are missing at that place, and the count is
/// kept for listings and the next attach.
/// </summary>
public sealed class WindowLog
{
    /// <summary>
    /// How much output waits in memory for a slow disk: seconds of a fast job's output (the memory is taken only
    /// while the disk is behind, and given back when it catches up).
    /// </summary>
    public const int BufferLimit = 16 * 1024 * 1024;

    private const int BatchSize = 64 * 1024;
    private static readonly TimeSpan FullDiskRetry = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly Queue<byte[]> _pending = new();
    private readonly PlainTextRecorder? _text;
    private readonly Action<string> _report;
    private readonly FdHandle _file;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _pendingBytes;
    private long _queueGapLines;    // dropped at the queue's tail since the last marker
    private bool _queueGapOpen;
    private long _linesDropped;
    private bool _closed;
    private bool _stopped;
    private string? _problem;

    private WindowLog(string path, bool raw, FdHandle file, Action<string> report)
    {
        Path = path;
        Raw = raw;
        _file = file;
        _report = report;
        _text = raw ? null : new PlainTextRecorder();
        // A thread of its own: a write(2) stalled on a slow disk holds this thread, never the thread pool's.
        new Thread(WriteLoop, 256 * 1024) { IsBackground = true, Name = "log-writer" }.Start();
    }

    /// <summary>Opens the log (see <see cref="SecureFile.OpenForAppend"/>); throws an IOException with a plain reason.</summary>
    public static WindowLog Open(string path, bool raw, Action<string> report) =>
        new(path, raw, SecureFile.OpenForAppend(path), report);

    public string Path { get; }

    public bool Raw { get; }

    /// <summary>Lines of output that never reached the file (each gap is marked in the file).</summary>
    public long LinesDropped => Interlocked.Read(ref _linesDropped);

    /// <summary>What is wrong with the log now, in plain words; null while it keeps up.</summary>
    public string? Problem => Volatile.Read(ref _problem);

    /// <summary>The line written where output is missing.</summary>
    public static string Marker(long lines) =>
        $"[mux: {lines} line{(lines == 1 ? "" : "s")} not logged here: the disk did not keep up]";

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
        string? news = null;
        lock (_gate)
        {
            if (_closed) return;
            if (_stopped || _pendingBytes + chunk.Length > BufferLimit)
            {
                long lines = CountLines(chunk);
                if (!_queueGapOpen && !_stopped)
                {
                    news = "the disk is not keeping up; output is being dropped (each gap is marked in the log)";
                    _problem = "the disk is not keeping up";
                }
                _queueGapOpen = true;
                _queueGapLines += lines;
                _linesDropped += lines;
            }
            else
            {
                if (_queueGapOpen) news = CloseQueueGap();
                Enqueue(chunk);
            }
        }
        if (news != null) _report($"log {Path}: {news}");
    }

    /// <summary>Stops logging once what is queued has been written.</summary>
    public Task CloseAsync()
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _closed = true;
                if (_queueGapOpen) CloseQueueGap();
                Monitor.Pulse(_gate);
            }
        }
        return _finished.Task;
    }

    private string CloseQueueGap()
    {
        long lines = _queueGapLines;
        Enqueue(Encoding.UTF8.GetBytes(MarkerLine(lines)));
        _queueGapOpen = false;
        _queueGapLines = 0;
        if (!_stopped) _problem = null;
        return $"{lines} lines were not logged (the disk did not keep up); the gap is marked in the log";
    }

    private void Enqueue(byte[] chunk)
    {
        _pending.Enqueue(chunk);
        _pendingBytes += chunk.Length;
        Monitor.Pulse(_gate);
    }

    private string MarkerLine(long lines) => Raw ? $"\r\n{Marker(lines)}\r\n" : $"{Marker(lines)}\n";

    private static long CountLines(ReadOnlySpan<byte> bytes)
    {
        long n = bytes.Count((byte)'\n');
        // Raw output may stop mid-line: a dropped piece of a line still counts as one.
        return n == 0 && bytes.Length > 0 ? 1 : n;
    }

    private void WriteLoop()
    {
        var batch = new byte[BatchSize];
        long headGapLines = 0; // lines lost by failed writes, before everything still queued
        try
        {
            while (true)
            {
                int length = 0;
                byte[]? large = null;
                string? news = null;
                lock (_gate)
                {
                    while (_pending.Count == 0 && !_closed) Monitor.Wait(_gate);
                    if (_pending.Count == 0) break;
                    if (_pending.Peek().Length > BatchSize)
                    {
                        large = _pending.Dequeue();
                        _pendingBytes -= large.Length;
                    }
                    else
                    {
                        while (_pending.Count > 0 && length + _pending.Peek().Length <= BatchSize)
                        {
                            var chunk = _pending.Dequeue();
                            _pendingBytes -= chunk.Length;
                            chunk.CopyTo(batch, length);
                            length += chunk.Length;
                        }
                    }
                    // Caught up with a gap open and nothing after it: mark the gap now, not at the next output.
                    if (_pending.Count == 0 && _queueGapOpen) news = CloseQueueGap();
                }
                if (news != null) _report($"log {Path}: {news}");
                if (headGapLines > 0)
                {
                    if (TryWrite(Encoding.UTF8.GetBytes(MarkerLine(headGapLines)), out _, out _) is null)
                    {
                        _report($"log {Path}: writing again; {headGapLines} lines were not logged (the gap is marked in the log)");
                        ClearProblem();
                        headGapLines = 0;
                    }
                }
                ReadOnlySpan<byte> data = large ?? batch.AsSpan(0, length);
                if (TryWrite(data, out int written, out int errno) is not { } reason) continue;

                long lost = CountLines(data[written..]);
                Interlocked.Add(ref _linesDropped, lost);
                bool first = headGapLines == 0;
                headGapLines += lost;
                if (errno is Libc.ENOSPC or Libc.EDQUOT)
                {
                    // The disk may get room again: keep queueing (within the limit) and try again in a moment.
                    Volatile.Write(ref _problem, $"the disk is full ({reason})");
                    if (first) _report($"log {Path}: the disk is full ({reason}); output is being dropped until there is room");
                    lock (_gate) if (!_closed) Monitor.Wait(_gate, FullDiskRetry);
                    continue;
                }
                Stop($"writing stopped: {reason}", headGapLines);
                return;
            }
        }
        finally
        {
            _file.Dispose();
            _finished.TrySetResult();
        }
    }

    private void ClearProblem()
    {
        lock (_gate) if (!_queueGapOpen && !_stopped) _problem = null;
    }

    /// <summary>A write that failed for good: everything queued and to come is counted as not logged.</summary>
    private void Stop(string problem, long lostSoFar)
    {
        lock (_gate)
        {
            _stopped = true;
            _problem = problem;
            foreach (var chunk in _pending) _linesDropped += CountLines(chunk);
            _pending.Clear();
            _pendingBytes = 0;
        }
        _report($"log {Path}: {problem}; {lostSoFar} lines not logged so far");
    }

    /// <summary>Null when all was written; else the plain reason, with how much was written first.</summary>
    private unsafe string? TryWrite(ReadOnlySpan<byte> data, out int written, out int errno)
    {
        written = 0;
        errno = 0;
        fixed (byte* start = data)
        {
            while (written < data.Length)
            {
                nint n = Libc.write(_file.Fd, start + written, data.Length - written);
                if (n > 0) { written += (int)n; continue; }
                errno = n < 0 ? Marshal.GetLastPInvokeError() : Libc.EIO;
                if (errno == Libc.EINTR) continue;
                if (errno == Libc.EAGAIN)
                {
                    // A pipe whose reader is slow: wait for room (this thread is the only one that waits).
                    var poll = new Libc.PollFd { Fd = _file.Fd, Events = Libc.POLLOUT };
                    Libc.poll(&poll, 1, -1);
                    continue;
                }
                return ErrorText.Describe(SecureFile.Failure(errno));
            }
        }
        return null;
    }
}
