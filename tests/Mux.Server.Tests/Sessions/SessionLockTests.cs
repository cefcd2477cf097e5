using Mux.Server.Sessions;

namespace Mux.Server.Tests.Sessions;

/// <summary>
/// The session's lock: windows' readers feed their screens side by side, and never while someone holds the session.
/// </summary>
public sealed class SessionLockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static Thread Start(Action action)
    {
        var t = new Thread(() => action()) { IsBackground = true };
        t.Start();
        return t;
    }

    /// <summary>A reader that enters its feed, says so on <paramref name="inside"/>, and stays until <paramref name="finish"/>.</summary>
    private static Thread HoldAFeed(SessionLock sync, ManualResetEventSlim inside, ManualResetEventSlim finish) => Start(() =>
    {
        using (sync.EnterFeed())
        {
            inside.Set();
            finish.Wait(Patience);
        }
    });

    [Fact]
    public void TwoReadersFeedAtTheSameTime()
    {
        var sync = SessionLock.Create();
        // Each feeder waits inside its feed for the other to be inside too: feeds taken one at a time never meet.
        var bothInside = new Barrier(2);
        bool[] met = new bool[2];
        var feeders = Enumerable.Range(0, 2).Select(i => Start(() =>
        {
            using (sync.EnterFeed()) met[i] = bothInside.SignalAndWait(Patience);
        })).ToArray();
        foreach (var f in feeders) Assert.True(f.Join(Patience));
        Assert.Equal([true, true], met);
    }

    [Fact]
    public void TheSessionWaitsForAFeedUnderWay()
    {
        var sync = SessionLock.Create();
        var inside = new ManualResetEventSlim();   // not disposed: a feeder may still wait on it when an assertion fails
        var finish = new ManualResetEventSlim();   // not disposed: a feeder may still wait on it when an assertion fails
        var feeder = HoldAFeed(sync, inside, finish);
        Assert.True(inside.Wait(Patience));
        Assert.False(sync.TryEnter(TimeSpan.Zero, out var refused));
        refused.Dispose();
        Assert.False(sync.IsHeldByCurrentThread);   // giving up let go of the monitor too
        finish.Set();
        Assert.True(sync.TryEnter(Patience, out var scope));
        scope.Dispose();
        Assert.True(feeder.Join(Patience));
    }

    [Fact]
    public void AFeedWaitsWhileTheSessionIsHeldEvenReentered()
    {
        var sync = SessionLock.Create();
        var fed = new ManualResetEventSlim();   // not disposed: a feeder may still wait on it when an assertion fails
        Thread feeder;
        using (sync.Enter())
        {
            using (sync.Enter()) { }
            // Still held by the outer scope: the feeder must be seen waiting, not inside.
            feeder = Start(() =>
            {
                using (sync.EnterFeed()) fed.Set();
            });
            Assert.True(SpinWait.SpinUntil(() => sync.WaitingFeeds == 1 || fed.IsSet, Patience));
            Assert.False(fed.IsSet);
        }
        Assert.True(fed.Wait(Patience));
        Assert.True(feeder.Join(Patience));
    }

    [Fact]
    public void AReaderAfterItsFeedLetsOtherReadersFeedUntilItNeedsEveryScreen()
    {
        var sync = SessionLock.Create();
        var fed = new ManualResetEventSlim();   // not disposed: a feeder may still wait on it when an assertion fails
        var finish = new ManualResetEventSlim();   // not disposed: a feeder may still wait on it when an assertion fails
        Thread feeder;
        using (sync.EnterBesideFeeds())
        {
            feeder = HoldAFeed(sync, fed, finish);
            // The other reader feeds while this one holds the session beside the feeds.
            Assert.True(fed.Wait(Patience));
            // Needing every screen: not while that feed is under way.
            Assert.False(sync.TryEnter(TimeSpan.Zero, out var refused));
            refused.Dispose();
            Assert.True(sync.IsHeldByCurrentThread);   // the outer scope still holds the session
            finish.Set();
            Assert.True(sync.TryEnter(Patience, out var all));
            all.Dispose();
        }
        Assert.False(sync.IsHeldByCurrentThread);
        Assert.True(feeder.Join(Patience));
    }
}
