namespace Mux.Server.Sessions;

/// <summary>
/// The session's lock, one reader-writer lock in its three modes. <see cref="Enter"/> (write) is the whole session to
/// oneself: windows, clients, layout, and every window's screen. <see cref="EnterFeed"/> (read) is one window's screen
/// while its program's output is fed in: its reader is the only thread that writes it, so readers of different
/// windows feed at the same time (two regions side by side are two emulators on two cores), and never while someone
/// has the whole session, who so never sees a screen half fed. <see cref="EnterBesideFeeds"/> (upgradeable) is the
/// session without the screens, for a reader right after its feed. Re-entrant. A value type on purpose:
/// <c>lock (session.Sync)</c> does not compile, so no caller can take some other lock and skip the feeds.
/// </summary>
public readonly struct SessionLock
{
    private readonly ReaderWriterLockSlim _lock;

    private SessionLock(ReaderWriterLockSlim rw) => _lock = rw;

    public static SessionLock Create() => new(new ReaderWriterLockSlim(LockRecursionPolicy.SupportsRecursion));

    /// <summary>The session to oneself: blocks until feeds under way have finished and holds new ones back.</summary>
    public Scope Enter()
    {
        _lock.EnterWriteLock();
        return new Scope(_lock, Mode.Whole);
    }

    /// <summary>
    /// The session, but not the screens: other windows' readers go on feeding meanwhile. Only for a reader right after
    /// its own feed, which touches its own screen (fed by no one else) and the session's state; whatever it calls that
    /// needs every screen (drawing a frame) enters fully, nested in this, and waits for the feeds under way then.
    /// Without this the reader would wait for the other readers' feeds at every read, and they for its.
    /// </summary>
    public Scope EnterBesideFeeds()
    {
        _lock.EnterUpgradeableReadLock();
        return new Scope(_lock, Mode.BesideFeeds);
    }

    /// <summary><see cref="Enter"/> within <paramref name="timeout"/> (a reader stuck inside a feed included), or false.</summary>
    public bool TryEnter(TimeSpan timeout, out Scope scope)
    {
        bool entered = _lock.TryEnterWriteLock(timeout);
        scope = entered ? new Scope(_lock, Mode.Whole) : default;
        return entered;
    }

    /// <summary>Readers waiting to feed (tests: a feed is held back, not merely slow to start).</summary>
    internal int WaitingFeeds => _lock.WaitingReadCount;

    /// <summary>True when the calling thread holds the session, whole or beside the feeds.</summary>
    public bool IsHeldByCurrentThread => _lock.IsWriteLockHeld || _lock.IsUpgradeableReadLockHeld;

    /// <summary>
    /// One window's screen, for its reader to feed output into; other readers may feed theirs meanwhile. Waits while
    /// another thread has the whole session; the caller must not enter the session while it holds this.
    /// </summary>
    public Scope EnterFeed()
    {
        _lock.EnterReadLock();
        return new Scope(_lock, Mode.Feed);
    }

    internal enum Mode : byte { Whole, BesideFeeds, Feed }

    public ref struct Scope
    {
        private ReaderWriterLockSlim? _lock;
        private readonly Mode _mode;

        internal Scope(ReaderWriterLockSlim rw, Mode mode)
        {
            _lock = rw;
            _mode = mode;
        }

        public void Dispose()
        {
            if (_lock is not { } rw) return;
            _lock = null;
            switch (_mode)
            {
                case Mode.Whole: rw.ExitWriteLock(); break;
                case Mode.BesideFeeds: rw.ExitUpgradeableReadLock(); break;
                default: rw.ExitReadLock(); break;
            }
        }
    }
}
