namespace Mux.Server.Sessions;

/// <summary>
/// The session's lock. <see cref="Enter"/> is the whole session to oneself: windows, clients, layout, and every
/// window's screen. <see cref="EnterFeed"/> is one window's screen while its program's output is fed in: its reader is
/// the only thread that writes it, so readers of different windows feed at the same time (two regions side by side
/// are two emulators on two cores), and never while someone has the whole session, who so never sees a screen half
/// fed. <see cref="EnterBesideFeeds"/> is the session without the screens, for a reader right after its feed. A value
/// type on purpose: <c>lock (session.Sync)</c> does not compile, so no caller can take the monitor alone and skip
/// the feeds.
/// </summary>
public readonly struct SessionLock
{
    private readonly Gate _gate;

    private SessionLock(Gate gate) => _gate = gate;

    public static SessionLock Create() => new(new Gate());

    /// <summary>The session to oneself (re-entrant): blocks until feeds under way have finished and holds new ones back.</summary>
    public Scope Enter()
    {
        Monitor.Enter(_gate);
        _gate.HoldFeeds();
        return new Scope(_gate);
    }

    /// <summary>
    /// The session, but not the screens: other windows' readers go on feeding meanwhile. Only for a reader right after
    /// its own feed, which touches its own screen (fed by no one else) and the session's state; whatever it calls that
    /// needs every screen (drawing a frame) enters fully, nested in this, and waits for the feeds under way then.
    /// Without this the reader would wait for the other readers' feeds at every read, and they for its.
    /// </summary>
    public Scope EnterBesideFeeds()
    {
        Monitor.Enter(_gate);
        return new Scope(_gate, holdsFeeds: false);
    }

    /// <summary><see cref="Enter"/> within <paramref name="timeout"/>, or false.</summary>
    public bool TryEnter(TimeSpan timeout, out Scope scope)
    {
        scope = default;
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        if (!Monitor.TryEnter(_gate, timeout)) return false;
        // A reader stuck inside a feed must not hold this up for longer either.
        if (!_gate.TryHoldFeeds(TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64))))
        {
            Monitor.Exit(_gate);
            return false;
        }
        scope = new Scope(_gate);
        return true;
    }

    /// <summary>Readers waiting to feed (tests: a feed is held back, not merely slow to start).</summary>
    internal int WaitingFeeds => _gate.Feeds.WaitingReadCount;

    /// <summary>True when the calling thread holds the session (<see cref="Enter"/>).</summary>
    public bool IsHeldByCurrentThread => Monitor.IsEntered(_gate);

    /// <summary>
    /// One window's screen, for its reader to feed output into; other readers may feed theirs meanwhile. Waits while
    /// another thread has the whole session; the caller must not enter the session while it holds this.
    /// </summary>
    public FeedScope EnterFeed()
    {
        _gate.Feeds.EnterReadLock();
        return new FeedScope(_gate);
    }

    public ref struct Scope
    {
        private Gate? _gate;
        private readonly bool _holdsFeeds;

        internal Scope(Gate gate, bool holdsFeeds = true)
        {
            _gate = gate;
            _holdsFeeds = holdsFeeds;
        }

        public void Dispose()
        {
            if (_gate is not { } gate) return;
            _gate = null;
            if (_holdsFeeds) gate.ReleaseFeeds();
            Monitor.Exit(gate);
        }
    }

    public ref struct FeedScope
    {
        private Gate? _gate;

        internal FeedScope(Gate gate) => _gate = gate;

        public void Dispose()
        {
            if (_gate is not { } gate) return;
            _gate = null;
            gate.Feeds.ExitReadLock();
        }
    }

    /// <summary>The monitor (the session) and the feeds it holds back; its depth counts re-entries of the holder.</summary>
    internal sealed class Gate
    {
        public readonly ReaderWriterLockSlim Feeds = new(LockRecursionPolicy.SupportsRecursion);
        private int _depth;   // changed only by the monitor's holder

        public void HoldFeeds()
        {
            if (_depth++ == 0) Feeds.EnterWriteLock();
        }

        public bool TryHoldFeeds(TimeSpan timeout)
        {
            if (_depth == 0 && !Feeds.TryEnterWriteLock(timeout)) return false;
            _depth++;
            return true;
        }

        public void ReleaseFeeds()
        {
            if (--_depth == 0) Feeds.ExitWriteLock();
        }
    }
}
