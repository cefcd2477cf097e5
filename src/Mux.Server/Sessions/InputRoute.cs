using Mux.Server.Ipc;

namespace Mux.Server.Sessions;

/// <summary>
/// Tells an attached client, whenever it changes, whether it may write keys straight to the current window's
/// terminal, which spares each keystroke a hop through the server. Only while the keys would go there unchanged
/// anyway (<paramref name="target"/> decides: the window runs with no input queued, no copy mode, no mouse
/// report half read). A grant carries the terminal's descriptor and the count of the client's Input and Command
/// messages handled so far: the client stops writing directly whenever it sends one, and takes a grant only when
/// it counts all of them, so keys never overtake each other. Never used under the session lock.
/// </summary>
internal sealed class InputRoute(Connection connection, object sessionSync, Func<Window?> target)
{
    private readonly object _lock = new();
    private Window? _granted;   // the window the client was last allowed to write to (null: none)
    private int _handled;       // Input and Command messages of the client handled so far

    /// <summary>After handling an Input or Command message of the client.</summary>
    public void Handled()
    {
        lock (_lock)
        {
            _handled++;
            _granted = null;   // the client stopped writing directly when it sent the message
        }
    }

    /// <summary>Sends the client a grant or a revocation, when its route changed.</summary>
    public void Update()
    {
        lock (_lock)
        {
            Window? window;
            lock (sessionSync) window = target();
            if (window == _granted) return;
            _granted = window;
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
                _granted = null;   // the window has just closed
            }
            finally
            {
                if (added) master.DangerousRelease();
            }
        }
    }
}
