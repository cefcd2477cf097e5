using Mux.Server.Sessions;

namespace Mux.Server.Tests.Sessions;

/// <summary>The pacing decision, on a clock the test moves: pace floods, never a key's echo.</summary>
public sealed class FramePacerTests
{
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = TimeSpan.FromHours(1).Ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
        public void Advance(double milliseconds) => _ticks += (long)(milliseconds * TimeSpan.TicksPerMillisecond);
    }

    private readonly ManualClock _clock = new();
    private readonly FramePacer _pacer;

    public FramePacerTests() => _pacer = new FramePacer(_clock);

    /// <summary>One character of output, then its frame if the pacer allows it now; returns the wait asked for.</summary>
    private TimeSpan Echo()
    {
        _pacer.NoteOutput(1);
        var wait = _pacer.Wait();
        if (wait == TimeSpan.Zero) _pacer.NoteFrame();
        return wait;
    }

    [Fact]
    public void The_first_frame_is_drawn_at_once()
    {
        _pacer.NoteOutput(100_000);
        Assert.Equal(TimeSpan.Zero, _pacer.Wait());
    }

    [Fact]
    public void A_keys_echo_2_ms_after_the_previous_frame_is_not_held_back()
    {
        Assert.Equal(TimeSpan.Zero, Echo());   // the previous key's carriage return
        _clock.Advance(2);
        Assert.Equal(TimeSpan.Zero, Echo());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(30)]   // key repeat
    public void Typing_key_then_return_at_any_gap_is_never_paced(double gapMs)
    {
        for (int key = 0; key < 500; key++)
        {
            Assert.Equal(TimeSpan.Zero, Echo());   // the key
            _clock.Advance(0.3);
            Assert.Equal(TimeSpan.Zero, Echo());   // its carriage return
            _clock.Advance(gapMs);
        }
        Assert.False(_pacer.Flooding);
    }

    [Fact]
    public void A_trickle_of_lines_every_100_ms_while_typing_is_never_paced()
    {
        for (int ms = 0; ms < 2000; ms += 2)
        {
            if (ms % 100 == 0)
            {
                _pacer.NoteOutput(80);
                Assert.Equal(TimeSpan.Zero, _pacer.Wait());
                _pacer.NoteFrame();
            }
            Assert.Equal(TimeSpan.Zero, Echo());
            _clock.Advance(2);
        }
    }

    [Fact]
    public void A_flood_gets_at_most_one_frame_per_interval()
    {
        _pacer.NoteOutput(64 * 1024);
        Assert.Equal(TimeSpan.Zero, _pacer.Wait());
        _pacer.NoteFrame();
        _clock.Advance(1);
        _pacer.NoteOutput(64 * 1024);
        Assert.True(_pacer.Flooding);
        Assert.Equal(FramePacer.MinFrameInterval - TimeSpan.FromMilliseconds(1), _pacer.Wait());
        _clock.Advance(7);
        Assert.Equal(TimeSpan.Zero, _pacer.Wait());
    }

    [Fact]
    public void A_stream_of_small_writes_faster_than_the_flood_rate_is_a_flood()
    {
        // 64 bytes every 50 µs: 1.3 MB/s in reads too small for any one of them to look like a flood.
        for (int i = 0; i < 1000 && !_pacer.Flooding; i++)
        {
            _pacer.NoteOutput(64);
            _clock.Advance(0.05);
        }
        Assert.True(_pacer.Flooding);
        _pacer.NoteFrame();
        Assert.True(_pacer.Wait() > TimeSpan.Zero);
    }

    [Fact]
    public void Frames_with_almost_no_output_cannot_come_faster_than_the_frame_budget()
    {
        // A progress bar rewriting one character every 100 µs: 10,000 frames a second would be asked for.
        bool paced = false;
        for (int i = 0; i < 1000 && !paced; i++)
        {
            paced = Echo() > TimeSpan.Zero;
            _clock.Advance(0.1);
        }
        Assert.True(paced);
    }

    [Fact]
    public void A_key_typed_one_quiet_interval_after_a_flood_is_drawn_at_once()
    {
        for (int i = 0; i < 50; i++)
        {
            _pacer.NoteOutput(64 * 1024);
            if (_pacer.Wait() == TimeSpan.Zero) _pacer.NoteFrame();
            _clock.Advance(1);
        }
        // The flood's last frame, then quiet for one interval; the key comes 2 ms after a frame.
        _clock.Advance(FramePacer.MinFrameInterval.TotalMilliseconds);
        Assert.Equal(TimeSpan.Zero, Echo());
        _clock.Advance(2);
        Assert.Equal(TimeSpan.Zero, Echo());
    }
}
