using Mux.Platform.Pty;
using Mux.Protocol;

namespace Mux.Server.Sessions;

/// <summary>What <c>-ls</c>, <c>info</c> and <c>-Q</c> queries are told about a session and its windows' programs.</summary>
public static class SessionReport
{
    public static SessionInfo Describe(Session session)
    {
        // Fresh figures for whoever asks, read from /proc outside the lock when the caller does not hold it.
        if (!session.Sync.IsHeldByCurrentThread) session.Usage.SampleNow();
        using (session.Sync.Enter())
        {
            var windows = session.Windows.Select(w => new WindowInfo(w.Number, w.Title, w.Command, w.Pid, w.IsRunning,
                w.IsRunning ? "running" : DescribeExit(w), w.Exit?.ShellCode ?? 0, w.Started.ToUnixTimeMilliseconds(),
                w.Ended?.ToUnixTimeMilliseconds() ?? 0, w.Log?.Path ?? "", w.LogFailure ?? w.Log?.Problem ?? "",
                w.Log?.LinesDropped ?? 0, w.Usage.CpuSeconds, w.Usage.CpuPercent, w.Usage.RssBytes, w.Usage.PeakRssBytes,
                w.Usage.GpuBytes, w.Usage.GpuPercent, w.Usage.PeakGpuBytes, w.IsRunning ? "" : EndRecordOf(w),
                w.HookProblem ?? "", w.DroppedInputBytes, w.DroppedReplyBytes)).ToArray();
            bool ended = session.AllExited || session.HasEnded;
            var first = session.FirstExit;
            return new SessionInfo(session.Pid, session.Name, session.Created.ToUnixTimeMilliseconds(), session.Clients.Count,
                session.ListingExit, ended, first?.ShellCode ?? 0, windows, session.Current?.Number ?? -1, session.FirstEndRecord,
                session.Clients.Count(c => c.ReadOnly));
        }
    }

    public static string DescribeExit(Window window) => window.Exit switch
    {
        null => "running",
        { } s => DescribeExit(s) + (window.ProgramKilledWith is { } k && !s.Signaled ? $" after {k}" : "") + window.KillAftermath,
    };

    public static string DescribeExit(ExitStatus status) =>
        status.Signaled ? $"killed by {ExitStatus.SignalName(status.Signal)}" : $"exited with status {status.Code}";

    internal static string EndRecordOf(Window w) =>
        EndRecord.Describe(w.Exit!.Value, w.Usage.OomKilled, (w.Ended ?? DateTimeOffset.UtcNow) - w.Started, w.Usage.PeakRssBytes, w.Usage.PeakGpuBytes);
}
