using System.Diagnostics;
using Mux.Platform.Pty;

namespace Mux.Server.Jobs;

/// <summary>
/// What a window's whole process tree costs: CPU time and current CPU %, current and peak resident memory, GPU memory
/// and utilisation. Written by <see cref="UsageSampler"/> and, once, from the kernel's own count when the program is
/// reaped; read by listings and the end record. Thread-safe.
/// </summary>
public sealed class JobUsage
{
    private readonly Lock _gate = new();
    private long _lastTicks = -1;
    private long _lastStamp;
    private readonly long _oomKillsAtStart;
    private readonly string? _cgroupEvents;

    private readonly int _pid;
    private readonly double _started = OomKernelLog.Now();
    /// <summary>The tree's processes at the last sample: the OOM killer may have picked any of them.</summary>
    private int[] _lastTree = [];

    public JobUsage(int pid)
    {
        _pid = pid;
        _cgroupEvents = OomEvidence.EventsFile(pid);
        _oomKillsAtStart = OomEvidence.Count(_cgroupEvents);
    }

    public double CpuSeconds { get { lock (_gate) return _cpuSeconds; } }
    public double CpuPercent { get { lock (_gate) return _cpuPercent; } }
    public long RssBytes { get { lock (_gate) return _rss; } }
    public long PeakRssBytes { get { lock (_gate) return _peakRss; } }
    /// <summary>-1 when no GPU use is known (no nvidia-smi, or the tree uses no GPU).</summary>
    public long GpuBytes { get { lock (_gate) return _gpu; } }
    public long PeakGpuBytes { get { lock (_gate) return _peakGpu; } }
    public int GpuPercent { get { lock (_gate) return _gpuPercent; } }

    /// <summary>True when the program's SIGKILL came from the kernel's OOM killer (its cgroup counted one more).</summary>
    public bool OomKilled { get; private set; }

    private double _cpuSeconds, _cpuPercent;
    private long _rss, _peakRss, _gpu = -1, _peakGpu = -1;
    private int _gpuPercent = -1;

    /// <summary>One sample of the tree: CPU ticks, resident bytes now, the largest VmHWM of any of its processes.</summary>
    /// <param name="gpuRead">False when GPUs were not asked this time: the last GPU figures stand.</param>
    internal void Record(long cpuTicks, long rssBytes, long processPeakBytes, GpuUse? gpu, bool gpuRead, int[]? tree = null)
    {
        long now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (tree is not null) _lastTree = tree;
            // A process that ended takes its CPU time with it unless its parent waited for it: never go backwards.
            _cpuSeconds = Math.Max(_cpuSeconds, cpuTicks / ProcessTable.TicksPerSecond);
            double elapsed = _lastTicks < 0 ? 0 : Stopwatch.GetElapsedTime(_lastStamp, now).TotalSeconds;
            // Samples close together say little about the rate: keep the last figure and measure from the older one.
            if (_lastTicks < 0 || elapsed >= 0.5)
            {
                if (_lastTicks >= 0) _cpuPercent = Math.Max(0, (cpuTicks - _lastTicks) / ProcessTable.TicksPerSecond / elapsed * 100);
                _lastTicks = cpuTicks;
                _lastStamp = now;
            }
            _rss = rssBytes;
            _peakRss = Math.Max(_peakRss, Math.Max(rssBytes, processPeakBytes));
            if (gpu is { } g)
            {
                _gpu = g.MemoryBytes;
                _gpuPercent = g.UtilizationPercent;
                _peakGpu = Math.Max(_peakGpu, g.MemoryBytes);
            }
            else if (gpuRead) { _gpu = -1; _gpuPercent = -1; }
        }
    }

    /// <summary>The program was reaped: fold in what the kernel counted for it and its waited-for descendants.</summary>
    internal void Finish(ExitStatus status)
    {
        lock (_gate)
        {
            _cpuSeconds = Math.Max(_cpuSeconds, status.CpuTime.TotalSeconds);
            _peakRss = Math.Max(_peakRss, status.PeakRssBytes);
            _rss = 0;
            _cpuPercent = 0;
            _gpu = -1;
            _gpuPercent = -1;
        }
        if (status.Signal != Libc9) return;
        // The cgroup's count first (cheap, exact when the job has its own cgroup); else the kernel log, if readable.
        OomKilled = OomEvidence.Count(_cgroupEvents) > _oomKillsAtStart;
        if (!OomKilled)
        {
            int[] tree;
            lock (_gate) tree = _lastTree;
            OomKilled = OomKernelLog.Names([_pid, .. tree], _started);
        }
    }

    private const int Libc9 = 9;
}
