using Mux.Server.Events;

namespace Mux.Server.Tests.Events;

/// <summary>A session's event ring and its readers stay bounded whatever floods them, and say what they lost.</summary>
public sealed class EventLogTests
{
    private static void Add(EventLog log, int from, int to)
    {
        // One a second: a replay counts what fell out by the second.
        for (int t = from; t <= to; t++) log.Add(t * 1000L, $"e{t}", "{}");
    }

    [Fact]
    public void A_flood_keeps_only_the_ring_and_a_replay_says_how_many_fell_out()
    {
        var log = new EventLog(10, 10);
        Add(log, 1, 10_000);
        Assert.Equal(10, log.Count);
        Assert.Equal(9_990, log.FellOut);

        var reader = log.Subscribe(9_995_000, out var replay, out long lost, out bool more);
        Assert.NotNull(reader);
        Assert.Equal(["e9995", "e9996", "e9997", "e9998", "e9999", "e10000"], replay.Select(e => e.Text));
        Assert.Equal(0, lost);

        // Reaching back past the ring: as many as it remembers the times of, else "more than".
        log.Subscribe(9_985_000, out replay, out lost, out more);
        Assert.Equal(10, replay.Count);
        Assert.Equal(6, lost);   // 9985..9990 fell out
        // 9990 seconds fell out, more than the 4096 it remembers: "more than" is all it can say.
        log.Subscribe(0, out _, out lost, out more);
        Assert.True(more);
    }

    [Fact]
    public void A_flood_within_one_second_is_counted_exactly_and_beyond_the_remembered_seconds_is_said_so()
    {
        var log = new EventLog(10, 10);
        for (int i = 0; i < 5000; i++) log.Add(7_000 + i % 1000, "bell", "{}");
        log.Subscribe(7_000, out _, out long lost, out bool more);
        Assert.Equal(4_990, lost);
        Assert.False(more);

        var old = new EventLog(1, 1);
        for (long t = 0; t < 5000; t++) old.Add(t * 1000, "tick", "{}");
        old.Subscribe(0, out _, out lost, out more);
        Assert.True(more);
        Assert.Equal(4096, lost);
        old.Subscribe(4000 * 1000, out _, out lost, out more);
        Assert.Equal(999, lost);
        Assert.False(more);
    }

    [Fact]
    public void Everything_fell_out_that_is_remembered_is_counted_exactly()
    {
        var log = new EventLog(10, 10);
        Add(log, 1, 15);
        log.Subscribe(0, out var replay, out long lost, out bool more);
        Assert.Equal(10, replay.Count);
        Assert.Equal(5, lost);
    }

    [Fact]
    public void A_reader_that_falls_behind_is_told_how_many_it_missed_then_gets_the_latest_and_never_holds_more_than_its_backlog()
    {
        var log = new EventLog(100, 5);
        var reader = log.Subscribe(long.MaxValue, out var replay, out _, out _)!;
        Assert.Empty(replay);
        Add(log, 1, 1);
        Assert.Equal("e1", reader.Take(TimeSpan.Zero, out _, out _)!.Text);
        Add(log, 2, 10_000);
        Assert.Equal(5, reader.Queued);
        Assert.Null(reader.Take(TimeSpan.Zero, out long dropped, out bool finished));
        Assert.Equal(9_994, dropped);
        Assert.False(finished);
        var got = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            got.Add(reader.Take(TimeSpan.Zero, out dropped, out _)!.Text);
            Assert.Equal(0, dropped);
        }
        Assert.Equal(["e9996", "e9997", "e9998", "e9999", "e10000"], got);
        Assert.Null(reader.Take(TimeSpan.Zero, out dropped, out finished));
        Assert.Equal(0, dropped);
        Assert.False(finished);
    }

    [Fact]
    public void The_session_ending_finishes_its_readers_after_what_they_were_sent()
    {
        var log = new EventLog(10, 10);
        var reader = log.Subscribe(long.MaxValue, out _, out _, out _)!;
        log.Add(1, "last", "{}", ends: true);
        log.Add(2, "after the end", "{}");
        var e = reader.Take(TimeSpan.Zero, out _, out bool finished);
        Assert.True(e!.Ends);
        Assert.False(finished);
        Assert.Null(reader.Take(TimeSpan.Zero, out _, out finished));
        Assert.True(finished);
        Assert.Equal(1, log.Count);
        // A reader that comes after the end gets what was kept, and is finished at once.
        var late = log.Subscribe(0, out var replay, out _, out _)!;
        Assert.Single(replay);
        late.Take(TimeSpan.Zero, out _, out finished);
        Assert.True(finished);
    }

    [Fact]
    public void Readers_beyond_the_limit_are_refused_and_one_that_leaves_frees_its_place()
    {
        var log = new EventLog(10, 10, maxReaders: 2);
        var a = log.Subscribe(0, out _, out _, out _)!;
        Assert.NotNull(log.Subscribe(0, out _, out _, out _));
        Assert.Null(log.Subscribe(0, out _, out _, out _));
        a.Close();
        Assert.NotNull(log.Subscribe(0, out _, out _, out _));
    }

    [Fact]
    public void Sequences_count_up_so_a_replay_and_the_live_feed_never_repeat_an_event()
    {
        var log = new EventLog(10, 10);
        Add(log, 1, 3);
        var reader = log.Subscribe(0, out var replay, out _, out _)!;
        Add(log, 4, 4);
        Assert.Equal([1L, 2, 3], replay.Select(e => e.Sequence));
        Assert.Equal(4, reader.Take(TimeSpan.Zero, out _, out _)!.Sequence);
    }
}
