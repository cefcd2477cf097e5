using System.Diagnostics;
using System.Text;

using Mux.Protocol.Records;

namespace Mux.Server.Records;

/// <summary>What a <see cref="RecordWriter"/> needs of a session: all it reads goes through here, under the session's own lock.</summary>
public interface IRecordSource
{
    /// <summary>The record as it stands (cheap: a few strings per window).</summary>
    JobRecord Describe();

    /// <summary>A number that changes whenever some window's text may have changed.</summary>
    long ScreenStamp { get; }

    /// <summary>The text to save: each window's heading and its last <paramref name="maxLines"/> lines.</summary>
    string ScreenText(int maxLines);
}

/// <summary>
/// Keeps a session's record on disk, from a thread of its own so that no window's reader ever waits for the disk:
/// the record when it changes (a window opened or ended: at once, at most every <see cref="MinGap"/>), the last
/// screens at most once per interval and only when they changed, and a touch of the record each interval otherwise,
/// whose time says when the server was last seen alive.
/// A write that fails (a full disk, a file planted in the record's place) is skipped and counted, and the next one
/// tries again; a write that hangs (a stalled disk) holds up only this thread.
/// </summary>
public sealed class RecordWriter : IDisposable
{
    /// <summary>The shortest time between two writes, however often the record changes.</summary>
    public static readonly TimeSpan MinGap = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the screens may be refreshed, unless <c>MUX_RECORD_INTERVAL_MS</c> says otherwise.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    private readonly IRecordSource _source;
    private readonly IRecordSink _sink;
    private readonly string _id;
    private readonly TimeSpan _interval;
    private readonly AutoResetEvent _wake = new(false);
    private readonly ManualResetEventSlim _finished = new(false);
    private readonly Thread _thread;
    private volatile bool _ending;
    private string? _lastRecord;
    private long _lastStamp = long.MinValue;
    private long _lastScreensWrite = long.MinValue;
    private long _lastWrite = long.MinValue;

    public RecordWriter(IRecordSource source, IRecordSink sink, string id, TimeSpan interval)
    {
        _source = source;
        _sink = sink;
        _id = id;
        _interval = interval;
        _thread = new Thread(Run) { IsBackground = true, Name = "record-writer" };
    }

    /// <summary>Called on the writer's thread after each refresh while the session runs.</summary>
    public Action? Written { get; init; }

    /// <summary>The interval set by <c>MUX_RECORD_INTERVAL_MS</c>, or <see cref="DefaultInterval"/>.</summary>
    public static TimeSpan IntervalFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("MUX_RECORD_INTERVAL_MS"), out int ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms) : DefaultInterval;

    /// <summary>Writes done (record or screens).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Writes that failed and were skipped.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    public long BytesWritten => Interlocked.Read(ref _bytes);

    /// <summary>Why the last write failed; null once one succeeds again.</summary>
    public string? Problem { get; private set; }

    /// <summary>Called with the reason when a write fails after one succeeded (or the first time), to tell the user once.</summary>
    public Action<string>? ProblemStarted { get; set; }

    /// <summary>Time spent in the last screens refresh (reading the windows, compressing, writing).</summary>
    public TimeSpan LastRefreshCost { get; private set; }

    private long _writes, _skipped, _bytes;

    public void Start() => _thread.Start();

    /// <summary>The record may have changed (a window opened or ended): write it soon.</summary>
    public void Nudge() => _wake.Set();

    /// <summary>
    /// The last write, for a session that ends: waits for it at most <paramref name="timeout"/> (a stalled disk must
    /// not keep the server). True when it was written.
    /// </summary>
    public bool Finish(TimeSpan timeout)
    {
        _ending = true;
        _wake.Set();
        return _finished.Wait(timeout) && Problem is null;
    }

    private void Run()
    {
        try
        {
            WriteOnce(final: false);
            while (!_ending)
            {
                _wake.WaitOne(_interval);
                if (_ending) break;
                // However often it is nudged, at most one write per MinGap.
                var since = Stopwatch.GetElapsedTime(_lastWrite);
                if (_lastWrite != long.MinValue && since < MinGap) _wake.WaitOne(MinGap - since);
                if (_ending) break;
                WriteOnce(final: false);
                Written?.Invoke();
            }
            WriteOnce(final: true);
        }
        finally { _finished.Set(); }
    }

    private void WriteOnce(bool final)
    {
        // The record and the screens are written apart: one refused (a file planted in its place) costs only itself.
        string text = _source.Describe().Format();
        long stamp = _source.ScreenStamp;
        bool recordChanged = text != _lastRecord;
        bool screensDue = stamp != _lastStamp
            && (final || recordChanged || _lastScreensWrite == long.MinValue || Stopwatch.GetElapsedTime(_lastScreensWrite) >= _interval);
        string? screensProblem = null, recordProblem = null;
        if (screensDue)
        {
            screensProblem = Attempt(() =>
            {
                long start = Stopwatch.GetTimestamp();
                byte[] screens = SavedScreens.Compress(_source.ScreenText(SavedScreens.MaxLines));
                _sink.Replace(RecordStore.ScreensName(_id), screens);
                _lastStamp = stamp;
                _lastScreensWrite = Stopwatch.GetTimestamp();
                LastRefreshCost = Stopwatch.GetElapsedTime(start);
                Count(screens.Length);
            });
        }
        if (recordChanged)
        {
            recordProblem = Attempt(() =>
            {
                byte[] bytes = Encoding.UTF8.GetBytes(text);
                _sink.Replace(RecordStore.RecordName(_id), bytes);
                _lastRecord = text;
                Count(bytes.Length);
            });
        }
        else
        {
            // The record's own time says when the server was last seen alive.
            recordProblem = Attempt(() => _sink.Touch(RecordStore.RecordName(_id)));
        }
        _lastWrite = Stopwatch.GetTimestamp();
        string? problem = recordProblem ?? screensProblem;
        if (problem is null) { Problem = null; return; }
        bool first = Problem is null;
        Problem = problem;
        if (first) ProblemStarted?.Invoke(problem);
    }

    /// <summary>Runs one write; a failure is counted and returned as words.</summary>
    private string? Attempt(Action write)
    {
        try
        {
            write();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _skipped);
            return Mux.Platform.Native.ErrorText.Describe(e);
        }
    }

    private void Count(int bytes)
    {
        Interlocked.Increment(ref _writes);
        Interlocked.Add(ref _bytes, bytes);
    }

    public void Dispose()
    {
        _ending = true;
        _wake.Set();
    }
}
