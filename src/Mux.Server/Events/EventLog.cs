using Mux.Protocol;

namespace Mux.Server.Events;

/// <summary>
/// A session's recent events (<c>mux events</c>): a ring of the last <see cref="Capacity"/>, and the readers that
/// stream them. Nothing here can grow without bound or hold up the session: the ring overwrites its oldest entry
/// (and counts, per second, those that fell out, so a replay says how many it lost), and a reader that falls behind
/// <see cref="Backlog"/> events has the newer ones dropped and counted, told when it catches up.
/// </summary>
public sealed class EventLog(int capacity, int backlog, int maxReaders = 32)
{
    public const int DefaultCapacity = 1000;

    /// <summary>Test-only: a smaller ring and backlog (<c>MUX_TEST_EVENT_RING=N</c>), so a test can overflow them quickly.</summary>
    public const string TestCapacityVariable = "MUX_TEST_EVENT_RING";

    private static readonly int Configured =
        int.TryParse(Environment.GetEnvironmentVariable(TestCapacityVariable), out int n) && n > 0 ? n : DefaultCapacity;

    public EventLog() : this(Configured, Configured) { }

    private readonly Lock _gate = new();
    private readonly StreamedEvent[] _ring = new StreamedEvent[capacity];
    /// <summary>Seconds remembered of the events that fell out of the ring (a flood takes few: they are counted per second).</summary>
    private const int FellOutSeconds = 4096;

    /// <summary>How many events fell out of the ring in each second (Unix), oldest first, the latest <see cref="FellOutSeconds"/>.</summary>
    private readonly (long Second, long Count)[] _fellOutBySecond = new (long, long)[FellOutSeconds];
    private int _secondsHead;
    private int _secondsCount;
    /// <summary>The latest second that was forgotten (its events are beyond counting by time); -1 while none was.</summary>
    private long _forgottenSecond = -1;
    private readonly List<EventReader> _readers = [];
    private int _head;
    private int _count;
    private long _fellOut;
    private long _sequence;
    private bool _ended;

    public int Capacity => capacity;

    public int Backlog => backlog;

    /// <summary>Events kept now (at most <see cref="Capacity"/>).</summary>
    public int Count
    {
        get { lock (_gate) return _count; }
    }

    /// <summary>Events no longer kept because newer ones took their place.</summary>
    public long FellOut
    {
        get { lock (_gate) return _fellOut; }
    }

    public int ReaderCount
    {
        get { lock (_gate) return _readers.Count; }
    }

    /// <summary>Keeps an event and hands it to every reader. <paramref name="ends"/>: the session ended; readers finish.</summary>
    public void Add(long unixMs, string text, string json, bool ends = false)
    {
        lock (_gate)
        {
            if (_ended) return;
            var e = new StreamedEvent(++_sequence, unixMs, text, json, ends);
            if (_count == capacity)
            {
                NoteFellOut(_ring[_head].UnixMs / 1000);
                _fellOut++;
                _ring[_head] = e;
                _head = (_head + 1) % capacity;
            }
            else _ring[(_head + _count++) % capacity] = e;
            foreach (var r in _readers) r.Offer(e);
            if (!ends) return;
            _ended = true;
            foreach (var r in _readers) r.Complete();
        }
    }

    /// <summary>
    /// A new reader: <paramref name="replay"/> gets the kept events since <paramref name="sinceUnixMs"/> and
    /// <paramref name="lost"/> how many it asked for that are no longer kept (<paramref name="more"/>: at least that many,
    /// older ones are beyond what the log remembers);
    /// the reader then gets every later one. Null when <c>maxReaders</c> already read this session.
    /// </summary>
    public EventReader? Subscribe(long sinceUnixMs, out List<StreamedEvent> replay, out long lost, out bool more)
    {
        lock (_gate)
        {
            replay = [];
            for (int i = 0; i < _count; i++)
                if (_ring[(_head + i) % capacity] is { } e && e.UnixMs >= sinceUnixMs) replay.Add(e);
            lost = LostSince(sinceUnixMs, out more);
            if (_readers.Count >= maxReaders) return null;
            var reader = new EventReader(this, backlog);
            if (_ended) reader.Complete();
            else _readers.Add(reader);
            return reader;
        }
    }

    private void NoteFellOut(long second)
    {
        if (_secondsCount > 0)
        {
            ref var latest = ref _fellOutBySecond[(_secondsHead + _secondsCount - 1) % FellOutSeconds];
            if (latest.Second == second)
            {
                latest.Count++;
                return;
            }
        }
        if (_secondsCount == FellOutSeconds)
        {
            _forgottenSecond = _fellOutBySecond[_secondsHead].Second;
            _secondsHead = (_secondsHead + 1) % FellOutSeconds;
            _secondsCount--;
        }
        _fellOutBySecond[(_secondsHead + _secondsCount++) % FellOutSeconds] = (second, 1);
    }

    /// <summary>
    /// How many events since <paramref name="sinceUnixMs"/> fell out of the ring (those of its first second
    /// included whole); <paramref name="more"/> when some of them are beyond what it remembers.
    /// </summary>
    private long LostSince(long sinceUnixMs, out bool more)
    {
        more = false;
        long since = sinceUnixMs / 1000;
        long lost = 0;
        // The latest first: times only go back from there.
        for (int k = _secondsCount - 1; k >= 0; k--)
        {
            var (second, count) = _fellOutBySecond[(_secondsHead + k) % FellOutSeconds];
            if (second < since) return lost;
            lost += count;
        }
        more = _forgottenSecond >= since;
        return lost;
    }

    internal void Remove(EventReader reader)
    {
        lock (_gate) _readers.Remove(reader);
    }

    /// <summary>Waits (at most <paramref name="limit"/>) for readers to be sent what is left, so the last events reach them before the server goes.</summary>
    public void WaitForReaders(TimeSpan limit)
    {
        long deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        while (ReaderCount > 0 && Environment.TickCount64 < deadline) Thread.Sleep(10);
    }
}

/// <summary>
/// One reader of a session's events: a bounded queue between the session (which never waits for it) and the thread
/// that sends to it (which may wait as long as the reader does). When the queue is full its oldest event is dropped
/// and counted, as tmux throws away a slow client's queued output: a reader that catches up hears how many it
/// missed, then gets the latest events (a job's end among them).
/// </summary>
public sealed class EventReader
{
    private readonly EventLog _log;
    private readonly int _backlog;
    private readonly Queue<StreamedEvent> _queue = new();
    private readonly object _gate = new();
    /// <summary>Dropped since the reader last took one: all older than what is queued.</summary>
    private long _dropped;
    private bool _complete;

    internal EventReader(EventLog log, int backlog)
    {
        _log = log;
        _backlog = backlog;
    }

    /// <summary>Queued events (at most the backlog).</summary>
    public int Queued
    {
        get { lock (_gate) return _queue.Count; }
    }

    internal void Offer(StreamedEvent e)
    {
        lock (_gate)
        {
            if (_queue.Count >= _backlog)
            {
                _queue.Dequeue();
                _dropped++;
            }
            _queue.Enqueue(e);
            Monitor.Pulse(_gate);
        }
    }

    internal void Complete()
    {
        lock (_gate)
        {
            _complete = true;
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>
    /// The next event, waiting at most <paramref name="timeout"/>; first, null with <paramref name="dropped"/> &gt; 0
    /// when events before it were dropped; <paramref name="finished"/>: nothing more will come.
    /// </summary>
    public StreamedEvent? Take(TimeSpan timeout, out long dropped, out bool finished)
    {
        lock (_gate)
        {
            if (_queue.Count == 0 && _dropped == 0 && !_complete) Monitor.Wait(_gate, timeout);
            dropped = _dropped;
            _dropped = 0;
            finished = false;
            if (dropped > 0) return null;
            if (_queue.TryDequeue(out var e)) return e;
            finished = _complete;
            return null;
        }
    }

    /// <summary>The reader has gone: the session stops queueing for it.</summary>
    public void Close() => _log.Remove(this);
}
