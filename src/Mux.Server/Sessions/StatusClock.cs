using Mux.Server.Status;

namespace Mux.Server.Sessions;

/// <summary>
/// Redraws the hardstatus and captions when a clock in them moves (<c>%c</c>, <c>%s</c>, <c>%l</c>…), though no
/// window printed anything. Ticks only while a client is attached, so an idle, detached server sleeps.
/// </summary>
internal sealed class StatusClock(Session session)
{
    private Timer? _timer;
    private long _shown;   // the clock period's number the displays were last drawn in

    /// <summary>Called under the session lock whenever the number of attached clients changes.</summary>
    public void ClientsChanged(int attached)
    {
        if (attached > 0 && _timer is null)
        {
            _shown = Slot(DateTime.Now);
            _timer = new Timer(_ => TickContained(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
        else if (attached == 0 && _timer is not null)
        {
            _timer.Dispose();
            _timer = null;
        }
    }

    private long Slot(DateTime now)
    {
        var settings = session.Settings;
        var a = StatusFormat.ClockPeriod(settings.StatusLine ? settings.HardstatusFormat : null);
        var b = StatusFormat.ClockPeriod(settings.CaptionFormat);
        var period = a is null ? b : b is null ? a : a < b ? a : b;
        return period is { } p ? now.Ticks / p.Ticks : 0;
    }

    /// <summary>A fault in a timer would end the process: it costs this one redraw instead.</summary>
    private void TickContained()
    {
        try
        {
            using (session.Sync.Enter())
            {
                long slot = Slot(DateTime.Now);
                if (slot == _shown) return;
                _shown = slot;
                session.InvalidateClients();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            session.Notify($"mux could not redraw the status line's clock: {Mux.Platform.Native.ErrorText.Describe(e)}");
        }
    }
}
