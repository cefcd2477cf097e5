namespace Mux.Server.Sessions;

/// <summary>
/// screen's monitors over windows nobody is looking at: a bell, output in a window with <c>monitor on</c>, and
/// silence for a window's <c>silence</c> seconds are each told to every attached client (message and bell), marked
/// in the window list and handed to the session's hooks. Called under the session lock.
/// </summary>
internal sealed class WindowMonitors(Session session)
{
    private Timer? _silenceTimer;

    /// <summary>A window no region shows printed something (already fed to its terminal).</summary>
    public void OnHiddenOutput(Window window)
    {
        if (window.Terminal.BellCount != window.BellsSeen)
        {
            window.BellsSeen = window.Terminal.BellCount;
            window.Rang = true;
            session.Alert($"Bell in window {window.Number} ({window.Title})");
            session.FireHook(window, "bell");
        }
        if (window.MonitorActivity && !window.HadActivity)
        {
            window.HadActivity = true;
            session.Alert($"Activity in window {window.Number} ({window.Title})");
            session.OnMonitorEvent(window, "activity");
        }
    }

    /// <summary>Starts checking for silence once a second; only once some window is watched, so an idle server sleeps.</summary>
    public void EnsureSilenceTimer() =>
        _silenceTimer ??= new Timer(_ => CheckSilenceContained(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    /// <summary>A fault in a timer would end the process: it costs this one check instead.</summary>
    private void CheckSilenceContained()
    {
        try { CheckSilence(DateTime.UtcNow); }
        catch (Exception e) when (e is not OutOfMemoryException) { session.Notify($"mux could not check for silence: {Mux.Platform.Native.ErrorText.Describe(e)}"); }
    }

    /// <summary>Called about once a second: reports windows that went quiet (screen's silence monitor).</summary>
    public void CheckSilence(DateTime nowUtc)
    {
        using (session.Sync.Enter())
        {
            foreach (var w in session.Windows)
            {
                if (w.SilenceAfter <= TimeSpan.Zero || w.WentSilent || !w.IsRunning) continue;
                if (nowUtc - w.LastOutputUtc < w.SilenceAfter) continue;
                w.WentSilent = true;
                session.Alert($"Window {w.Number} ({w.Title}): silence for {(int)w.SilenceAfter.TotalSeconds} seconds");
                session.OnMonitorEvent(w, "silence");
                session.InvalidateClients();
            }
        }
    }
}
