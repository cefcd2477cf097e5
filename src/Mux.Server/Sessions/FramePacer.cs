namespace Mux.Server.Sessions;

/// <summary>
/// Decides when a client's next frame may be drawn. Frames are paced only while output floods: then at most one
/// frame per <see cref="MinFrameInterval"/>, so that drawing frames nobody can see does not take the CPU and the
/// session lock from the window's program. Anything else (a key's echo, a prompt, a progress bar, a clock) is drawn
/// at once, however soon after the previous frame, because a keystroke is not a flood.
/// </summary>
/// <remarks>
/// "Flood" is measured with a leaky bucket: every byte of output adds one, every frame adds
/// <see cref="FrameCost"/> (so a stream of tiny writes cannot ask for unbounded frames either), and the bucket
/// drains <see cref="FloodLevel"/> per <see cref="MinFrameInterval"/>. Output floods while the bucket holds more than
/// <see cref="FloodLevel"/>, that is while it comes faster than about 512 KB/s or 2,000 frames a second. The bucket
/// holds at most two intervals' worth, so pacing ends within one interval of the flood stopping: a key typed
/// just after a burst is not held back by the burst. Thread-safe.
/// </remarks>
public sealed class FramePacer(TimeProvider? time = null)
{
    /// <summary>At most about 120 frames a second while output floods.</summary>
    public static readonly TimeSpan MinFrameInterval = TimeSpan.FromMilliseconds(8);

    /// <summary>The bucket level above which output floods: 4 KiB per interval.</summary>
    public const long FloodLevel = 4096;

    /// <summary>What one frame weighs in the bucket, in bytes of output.</summary>
    public const long FrameCost = 256;

    /// <summary>The most the bucket holds: a flood is forgotten after one quiet interval.</summary>
    private const long Capacity = 2 * FloodLevel;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly object _gate = new();
    private long _level;
    private long _drainedAt;
    private long _lastFrame;
    private bool _anyFrame;

    /// <summary>Window output the client will show.</summary>
    public void NoteOutput(int bytes) => Add(bytes);

    /// <summary>A frame was composed now.</summary>
    public void NoteFrame()
    {
        lock (_gate)
        {
            _lastFrame = _time.GetTimestamp();
            _anyFrame = true;
        }
        Add(FrameCost);
    }

    /// <summary>How long to wait before the next frame; zero when it may be drawn now.</summary>
    public TimeSpan Wait()
    {
        lock (_gate)
        {
            if (!_anyFrame) return TimeSpan.Zero;
            Drain();
            if (_level <= FloodLevel) return TimeSpan.Zero;
            var wait = MinFrameInterval - _time.GetElapsedTime(_lastFrame);
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
    }

    /// <summary>True while output comes faster than the flood rate.</summary>
    public bool Flooding
    {
        get
        {
            lock (_gate)
            {
                Drain();
                return _level > FloodLevel;
            }
        }
    }

    private void Add(long amount)
    {
        lock (_gate)
        {
            Drain();
            _level = Math.Min(Capacity, _level + amount);
        }
    }

    /// <summary>Lets out what has leaked since the last look. Under <see cref="_gate"/>.</summary>
    private void Drain()
    {
        long now = _time.GetTimestamp();
        if (_level == 0)
        {
            _drainedAt = now;
            return;
        }
        var elapsed = _time.GetElapsedTime(_drainedAt, now);
        long leaked = (long)(elapsed.Ticks * (double)FloodLevel / MinFrameInterval.Ticks);
        if (leaked <= 0) return;   // keep _drainedAt, so that many short looks still add up
        _level = Math.Max(0, _level - leaked);
        _drainedAt = now;
    }
}
