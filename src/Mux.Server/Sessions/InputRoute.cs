using Mux.Protocol;

namespace Mux.Server.Sessions;

/// <summary>
/// Tells an attached client, whenever it changes, whether it may write keys straight to the current window's
/// terminal, which spares each keystroke a hop through the server. Only while the keys would go there unchanged
/// anyway (<paramref name="target"/> decides: the window runs with no input queued, no copy mode, no mouse
/// report half read). A grant carries the terminal's descriptor and the count of the client's Input, Command and TerminalColors
/// messages handled so far: the client stops writing directly whenever it sends one, and takes a grant only when
/// it counts all of them, so keys never overtake each other. Never used under the session lock.
/// The client acknowledges every route message. Until it has, it may still be writing to a window that is no longer
/// the one shown, so no frame may show the change before then (<see cref="AwaitTaken"/>, <see cref="MayDraw"/>):
/// what the user types after seeing a new window reaches that window.
/// </summary>
internal sealed class InputRoute(Connection connection, SessionLock sessionSync, Func<Window?> target)
{
    /// <summary>How long a frame waits for a client that does not acknowledge (frozen, or hostile); only its own frames wait.</summary>
    private static readonly TimeSpan TakenTimeout = TimeSpan.FromSeconds(2);

    private readonly object _lock = new();
    private Window? _granted;   // the window the client was last allowed to write to (null: none)
    private int _handled;       // Input, Command and TerminalColors messages of the client handled so far
    private int _sent;          // route messages sent
    private int _taken;         // route messages the client has acknowledged
    private readonly ManualResetEventSlim _allTaken = new(true);

    /// <summary>The client acted on one more route message.</summary>
    public void Taken()
    {
        lock (_lock)
        {
            if (_taken < _sent) _taken++;
            if (_taken == _sent) _allTaken.Set();
        }
    }

    /// <summary>The client has gone or detached: nothing waits for it any more.</summary>
    public void Abandon() => _allTaken.Set();

    /// <summary>Waits until the client has acted on every route message sent (bounded). Not under the session lock.</summary>
    public void AwaitTaken() => _allTaken.Wait(TakenTimeout);

    /// <summary>
    /// Whether a frame may be drawn now: the client writes directly to no window other than <paramref name="current"/>'s
    /// route, or it has not been told yet (the caller then lets <see cref="Update"/> and <see cref="AwaitTaken"/> run
    /// first). Under the session lock.
    /// </summary>
    public bool MayDraw(Window? current)
    {
        // Without _lock: Update holds it while it takes the session lock.
        var granted = Volatile.Read(ref _granted);
        return (granted is null || granted == current) && _allTaken.IsSet;
    }

    /// <summary>After handling an Input or Command message of the client.</summary>
    public void Handled()
    {
        lock (_lock)
        {
            _handled++;
            Volatile.Write(ref _granted, null);   // the client stopped writing directly when it sent the message
        }
    }

    /// <summary>Sends the client a grant or a revocation, when its route changed.</summary>
    public void Update()
    {
        lock (_lock)
        {
            Window? window;
            using (sessionSync.Enter()) window = target();
            if (window == _granted) return;
            _sent++;
            // Only a change away from a granted window can leave keys going astray; a first grant cannot.
            if (_granted is not null) _allTaken.Reset();
            Volatile.Write(ref _granted, window);
            var payload = new PayloadWriter().I32(window?.Number ?? -1).I32(_handled).WrittenSpan;
            if (window is null)
            {
                connection.Send(MessageType.InputRoute, payload);
                return;
            }
            var master = window.Master;
            bool added = false;
            try
            {
                master.DangerousAddRef(ref added);
                connection.SendWithDescriptor(MessageType.InputRoute, payload, (int)master.DangerousGetHandle());
            }
            catch (ObjectDisposedException)
            {
                // The window has just closed: the client loses its grant all the same.
                Volatile.Write(ref _granted, null);
                connection.Send(MessageType.InputRoute, new PayloadWriter().I32(-1).I32(_handled).WrittenSpan);
            }
            finally
            {
                if (added) master.DangerousRelease();
            }
        }
    }
}
