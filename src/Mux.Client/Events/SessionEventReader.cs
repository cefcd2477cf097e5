using System.Collections.Concurrent;
using Mux.Client.Cli;
using Mux.Protocol;

namespace Mux.Client.Events;

/// <summary>What a session's reader hands the printer, in order.</summary>
internal enum FeedItemKind
{
    Event,
    /// <summary>The kept events asked for have all come.</summary>
    Replayed,
    /// <summary>A line for stderr (the session cannot be read).</summary>
    Problem,
    /// <summary>The reader is done with the session.</summary>
    Finished,
}

internal readonly record struct FeedItem(FeedItemKind Kind, string Session, StreamedEvent? Event = null, string Text = "")
{
    /// <summary>Written out: a record's generated ToString formats its enum by reflection, which Native AOT would link into mux.</summary>
    public override string ToString() => Session;
}

/// <summary>
/// Reads one session's events on a thread of its own: subscribes, then hands every event to the printer's queue.
/// A session that cannot stream (an older server, one that does not answer) is one line on stderr; one whose server
/// goes away without saying the session ended is an event of its own, so a reader of the stream is never left guessing.
/// </summary>
internal static class SessionEventReader
{
    private static readonly TimeSpan GreetLimit = TimeSpan.FromSeconds(2);

    public static void Start(SessionEntry entry, EventSubscription subscription, BlockingCollection<FeedItem> feed) =>
        Task.Factory.StartNew(() => Read(entry, subscription, feed), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static void Read(SessionEntry entry, EventSubscription subscription, BlockingCollection<FeedItem> feed)
    {
        string name = entry.Name.FileName;
        try
        {
            using var c = SessionConnection.OpenAnyVersion(entry.SocketPath, GreetLimit);
            ushort version = c.Welcome.Version;
            if (version != WireFormat.Version)
            {
                feed.Add(new FeedItem(FeedItemKind.Problem, name, Text: version < WireFormat.Version
                    ? $"session {name} is older (protocol {version}), cannot stream its events; '{Invocation.Name} -S {name} -X upgrade' brings it up to date"
                    : $"session {name} is newer (protocol {version}), cannot stream its events; use the mux that started it"));
                return;
            }
            c.Connection.Send(MessageType.Subscribe, subscription.Encode());
            bool replayed = false, ended = false;
            while (c.Connection.Receive() is { } m)
            {
                switch (m.Type)
                {
                    case MessageType.Event:
                        var e = StreamedEvent.Decode(m.Payload);
                        ended |= e.Ends;
                        feed.Add(new FeedItem(FeedItemKind.Event, name, e));
                        break;
                    case MessageType.EventsReplayed:
                        replayed = true;
                        feed.Add(new FeedItem(FeedItemKind.Replayed, name));
                        break;
                    case MessageType.Error:
                        feed.Add(new FeedItem(FeedItemKind.Problem, name, Text: $"session {name}: {new PayloadReader(m.Payload).String()}"));
                        return;
                }
            }
            if (subscription.Follow && replayed && !ended) feed.Add(new FeedItem(FeedItemKind.Event, name, Gone(entry)));
        }
        catch (Exception x) when (x is SessionUnreachableException or SessionErrorException or ProtocolException or IOException)
        {
            feed.Add(new FeedItem(FeedItemKind.Problem, name, Text: $"session {name} does not answer ({x.Message}); its events are not shown"));
        }
        finally
        {
            feed.Add(new FeedItem(FeedItemKind.Finished, name));
        }
    }

    /// <summary>The server went away without ending the session (killed, crashed).</summary>
    private static StreamedEvent Gone(SessionEntry entry)
    {
        var now = DateTimeOffset.UtcNow;
        string text = $"{entry.Name.Name}: its server went away without ending the session ({Invocation.Name} -ls -v says how it stands)";
        string json = new JsonText(indented: false).StartObject()
            .String("event", "session-lost")
            .String("time", TimeText.Iso8601(now.UtcDateTime))
            .String("session", entry.Name.Name)
            .Number("pid", entry.Name.Pid)
            .String("summary", text)
            .EndObject().ToString();
        return new StreamedEvent(0, now.ToUnixTimeMilliseconds(), text, json, Ends: true);
    }
}
