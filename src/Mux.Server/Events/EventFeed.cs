using System.Globalization;
using Mux.Protocol;

namespace Mux.Server.Events;

/// <summary>
/// Serves one <c>mux events</c> reader on its connection's own thread: the kept events it asked for, then (when it
/// follows) each new one. A reader that does not read blocks only this thread; the session never waits for it.
/// </summary>
public static class EventFeed
{
    /// <summary>How often an idle feed checks that its reader is still there.</summary>
    private static readonly TimeSpan PeerCheck = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The socket holds a few dozen events at most: the rest wait in the reader's bounded queue, where a gap is
    /// counted and told, rather than in the kernel's buffers where it could not be.
    /// </summary>
    private const int SocketBuffer = 16 * 1024;

    public static void Serve(EventLog log, Connection connection, EventSubscription subscription, string session, int pid)
    {
        try { connection.Socket.SetSendBuffer(SocketBuffer); }
        catch (ObjectDisposedException) { }
        var reader = log.Subscribe(subscription.SinceUnixMs, out var replay, out long lost, out bool more);
        if (reader is null)
        {
            connection.Send(MessageType.Error, new PayloadWriter().String($"{session} already has {log.ReaderCount} event readers; try again later").WrittenSpan);
            return;
        }
        try
        {
            // Dated as the first event kept, so that a merge of several sessions' replays puts it where the gap is.
            long gapAt = replay.Count > 0 ? replay[0].UnixMs : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            if (lost != 0 && !Send(connection, Gap(session, pid, lost, behind: false, log.Capacity, more, gapAt))) return;
            foreach (var e in replay)
                if (!Send(connection, e)) return;
            if (!connection.Send(MessageType.EventsReplayed, [])) return;
            if (!subscription.Follow) return;
            long last = replay.Count > 0 ? replay[^1].Sequence : 0;
            while (true)
            {
                var e = reader.Take(PeerCheck, out long dropped, out bool finished);
                if (dropped > 0 && !Send(connection, Gap(session, pid, dropped, behind: true, log.Capacity))) return;
                if (e is not null)
                {
                    // Subscribing and replaying happen at once: what the replay sent is not sent again.
                    if (e.Sequence > last && !Send(connection, e)) return;
                    continue;
                }
                if (finished) return;
                if (dropped == 0 && connection.PeerHasClosed()) return;
            }
        }
        finally
        {
            reader.Close();
        }
    }

    private static bool Send(Connection connection, StreamedEvent e) => connection.Send(MessageType.Event, e.Encode());

    /// <summary>Where a reader's events are missing: it fell behind, or they are no longer kept (<paramref name="more"/>: at least that many).</summary>
    private static StreamedEvent Gap(string session, int pid, long count, bool behind, int capacity, bool more = false, long? atUnixMs = null)
    {
        string n = (more ? "more than " : "") + count.ToString(CultureInfo.InvariantCulture);
        string text = behind
            ? $"{session}: {n} events dropped: this reader fell behind"
            : $"{session}: {n} earlier events are no longer kept (a session keeps its last {capacity.ToString(CultureInfo.InvariantCulture)})";
        var at = atUnixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.UtcNow;
        return new StreamedEvent(0, at.ToUnixTimeMilliseconds(), text, EventText.Json(EventText.Dropped, session, pid, at, count, text));
    }
}
