namespace Mux.Server.Jobs;

/// <summary>
/// Reads what a session's windows cost from /proc: at once when someone asks (a listing), and every few seconds in
/// the background while a program runs, so that a peak between two listings is not missed. Per-process peaks come
/// from the kernel (VmHWM, and wait4's count at the end), so the slow background pace only matters for peaks of the
/// tree as a whole. Nothing runs while no program does. While a status line shows the costs
/// (<paramref name="costShown"/>) the pace is faster and each sample asks for a frame (<paramref name="costRead"/>);
/// <paramref name="sampled"/> hears of each background sample.
/// </summary>
public sealed class UsageSampler(Func<IReadOnlyList<(int Pid, JobUsage Usage)>> runningJobs, Func<string?> path, Func<IReadOnlyList<string>> environment,
    Func<bool>? costShown = null, Action? costRead = null, Action? sampled = null)
{
    /// <summary>How often the background sample runs while a program does.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    /// <summary>The pace while an attached client's status line shows the figures.</summary>
    public static readonly TimeSpan ShownPeriod = TimeSpan.FromSeconds(2);

    private TimeSpan _period = Period;

    /// <summary>nvidia-smi costs a process start and a driver query: the background pace asks it every sixth time only.</summary>
    private const int GpuEvery = 6;

    private readonly Lock _gate = new();
    private Timer? _timer;
    private int _ticks;

    /// <summary>Starts the background sampling if it is not running (a window started), at the pace now wanted
    /// (a client attached, a status string changed).</summary>
    public void EnsureRunning()
    {
        // Asked before taking the gate: the question takes the session's lock, which callers may hold already.
        var period = costShown?.Invoke() == true ? ShownPeriod : Period;
        lock (_gate)
        {
            if (_timer is null) _timer = new Timer(_ => Tick(), null, TimeSpan.FromSeconds(1), period);
            else if (period != _period) _timer.Change(TimeSpan.FromSeconds(1), period);
            _period = period;
        }
    }

    private void Tick()
    {
        if (!SampleNow(withGpu: Interlocked.Increment(ref _ticks) % GpuEvery == 1))
        {
            lock (_gate)
            {
                _timer?.Dispose();
                _timer = null;
            }
            return;
        }
        sampled?.Invoke();
        bool shown = costShown?.Invoke() == true;
        if (shown) costRead?.Invoke();
        var period = shown ? ShownPeriod : Period;
        lock (_gate)
        {
            if (period == _period || _timer is null) return;
            _period = period;
            _timer.Change(period, period);
        }
    }

    /// <summary>Samples every running window now; false when none runs. Call without the session lock.</summary>
    public bool SampleNow(bool withGpu = true)
    {
        var jobs = runningJobs();
        if (jobs.Count == 0) return false;
        ProcessTable table;
        try { table = ProcessTable.Read(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return true; }
        string? smi = withGpu ? GpuQuery.Find(path()) : null;
        var gpu = smi is null ? null : GpuQuery.Read(smi, environment());
        foreach (var (pid, usage) in jobs)
        {
            long ticks = 0, rss = 0, peak = 0, gpuBytes = 0;
            int gpuPercent = -1;
            bool onGpu = false;
            var tree = table.TreeOf(pid);
            foreach (var p in tree)
            {
                ticks += p.CpuTicks;
                rss += p.RssBytes;
                peak = Math.Max(peak, ProcessTable.PeakRss(p.Pid));
                if (gpu is not null && gpu.TryGetValue(p.Pid, out var g))
                {
                    onGpu = true;
                    gpuBytes += g.MemoryBytes;
                    if (g.UtilizationPercent >= 0) gpuPercent = Math.Max(0, gpuPercent) + g.UtilizationPercent;
                }
            }
            usage.Record(ticks, rss, peak, onGpu ? new GpuUse(gpuBytes, gpuPercent) : null, withGpu, [.. tree.Select(p => p.Pid)]);
        }
        return true;
    }
}
