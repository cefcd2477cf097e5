using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Mux.Client.Cli;
using Mux.Platform.Native;
using Mux.Protocol;

namespace Mux.Client.Events;

/// <summary>
/// <c>mux events [NAME] [--json] [--since D] [--no-follow]</c>: what happens in the user's sessions (or one), one
/// line per event. The kept events since D come first, in time order across sessions; then, following, each new one
/// as it happens, from sessions started later too (the socket directory is looked at once a second, and read again
/// only when it changed). Ctrl+C, or a reader that goes away (a closed pipe), end it with status 0.
/// </summary>
internal sealed class EventsCommand
{
    /// <summary>How often the socket directory is looked at for new sessions.</summary>
    private static readonly TimeSpan Rescan = TimeSpan.FromSeconds(1);

    /// <summary>The directory is read even though its time did not change, every this many looks.</summary>
    private const int FullScanEvery = 10;

    /// <summary>How long the first replay waits for a session that is slow to send what it kept.</summary>
    private static readonly TimeSpan ReplayLimit = TimeSpan.FromSeconds(3);

    private readonly string _dir;
    private readonly string? _target;
    private readonly bool _json;
    private readonly long? _since;
    private readonly bool _follow;
    private readonly BlockingCollection<FeedItem> _feed = new();
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();

    private EventsCommand(string dir, string? target, bool json, long? since, bool follow)
    {
        _dir = dir;
        _target = target;
        _json = json;
        _since = since;
        _follow = follow;
    }

    public static int Run(string dir, Options o)
    {
        long? since = null;
        if (o.EventsSince is { } text)
        {
            since = SinceOption.Parse(text, DateTimeOffset.Now, out string? problem);
            if (since is null) return StdIo.Fail(problem!, 2);
        }
        var command = new EventsCommand(dir, o.EventsTarget, o.EventsJson, since, !o.EventsNoFollow);
        var signals = new List<PosixSignalRegistration>();
        try
        {
            foreach (var s in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
                signals.Add(PosixSignalRegistration.Create(s, ctx => { ctx.Cancel = true; command._stop.Cancel(); }));
            return command.Stream();
        }
        catch (IOException)
        {
            return 0;   // whoever read the stream has gone (`mux events | head -1`)
        }
        finally
        {
            foreach (var s in signals) s.Dispose();
        }
    }

    private int Stream()
    {
        long started = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // Looked at before the scan: a session that comes between the two changes it again.
        var lastLook = DirectoryStamp();
        var first = Subscribe(Scan(), new EventSubscription(_since ?? long.MaxValue, _follow));
        if (!_follow && first.Count == 0 && _target is not null)
            return StdIo.Fail($"no session named {_target} ({Invocation.Name} -ls lists them)");
        if (!ReplayFirst(first)) return 0;
        if (!_follow) return 0;
        int quiet = 0;
        while (!_stop.IsCancellationRequested)
        {
            FeedItem item;
            try
            {
                if (!_feed.TryTake(out item, (int)Rescan.TotalMilliseconds, _stop.Token))
                {
                    // A change within the clock's tick of the last look leaves the time alone: now and then look anyway.
                    var stamp = DirectoryStamp();
                    if (stamp == lastLook && ++quiet < FullScanEvery) continue;
                    lastLook = stamp;
                    quiet = 0;
                    // A session started since: everything it has said (it is newer than this stream) comes first.
                    Subscribe(Scan(), new EventSubscription(Math.Min(_since ?? long.MaxValue, started - 2000), true));
                    continue;
                }
            }
            catch (OperationCanceledException) { break; }
            Print(item);
        }
        return 0;
    }

    /// <summary>The sessions to read that are not read yet: live sockets of the user's (links, other users' and dead ones left out).</summary>
    private List<SessionEntry> Scan()
    {
        var entries = SessionCatalog.Read(_dir);
        entries.RemoveAll(e => e.IsDead || _known.Contains(e.SocketPath));
        return _target is null ? entries : SessionCatalog.Filter(entries, _target);
    }

    private List<string> Subscribe(List<SessionEntry> entries, EventSubscription subscription)
    {
        var names = new List<string>();
        foreach (var e in entries)
        {
            _known.Add(e.SocketPath);
            names.Add(e.Name.FileName);
            SessionEventReader.Start(e, subscription, _feed);
        }
        return names;
    }

    /// <summary>What the sessions there at the start kept, merged in time order; false when stopped meanwhile.</summary>
    private bool ReplayFirst(List<string> sessions)
    {
        var waiting = new HashSet<string>(sessions, StringComparer.Ordinal);
        var kept = new List<FeedItem>();
        var later = new List<FeedItem>();
        var deadline = DateTime.UtcNow + ReplayLimit;
        while (waiting.Count > 0)
        {
            var left = deadline - DateTime.UtcNow;
            FeedItem item;
            try
            {
                if (left <= TimeSpan.Zero || !_feed.TryTake(out item, (int)Math.Ceiling(left.TotalMilliseconds), _stop.Token)) break;
            }
            catch (OperationCanceledException) { return false; }
            switch (item.Kind)
            {
                case FeedItemKind.Replayed or FeedItemKind.Finished:
                    waiting.Remove(item.Session);
                    break;
                case FeedItemKind.Event when waiting.Contains(item.Session):
                    kept.Add(item);
                    break;
                default:
                    later.Add(item);
                    break;
            }
        }
        // In time order; events of the same millisecond keep the order they came in (a stable sort).
        var order = new int[kept.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => kept[a].Event!.UnixMs != kept[b].Event!.UnixMs ? kept[a].Event!.UnixMs.CompareTo(kept[b].Event!.UnixMs) : a.CompareTo(b));
        foreach (int i in order) Print(kept[i]);
        foreach (var item in later) Print(item);
        return true;
    }

    private void Print(FeedItem item)
    {
        switch (item.Kind)
        {
            case FeedItemKind.Event:
                var e = item.Event!;
                StdIo.Out.WriteLine(_json ? e.Json : $"{Time(e.UnixMs)} {e.Text}");
                break;
            case FeedItemKind.Problem:
                StdIo.Fail(item.Text);
                break;
        }
    }

    /// <summary>12:03:04 today; with the date before that.</summary>
    private static string Time(long unixMs) => TimeText.LocalClock(unixMs);

    /// <summary>When the socket directory last changed (a session came or went): one statx a second while idle.</summary>
    private unsafe (long, uint) DirectoryStamp()
    {
        Libc.Statx st;
        return Libc.statx(Libc.AT_FDCWD, _dir, 0, Libc.STATX_MTIME, &st) == 0 ? (st.MtimeSeconds, st.MtimeNanoseconds) : (0, 0);
    }
}
