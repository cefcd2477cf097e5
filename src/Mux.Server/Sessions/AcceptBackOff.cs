using System.Net.Sockets;

namespace Mux.Server.Sessions;

/// <summary>
/// How long the accept loop waits after a failed accept: short at first (a peer that gave up is gone at once), doubling
/// while the failures go on (out of descriptors lasts until some are closed), never so long that a client gives up
/// waiting. Says once per run of failures what went wrong, so the user learns why clients cannot connect.
/// </summary>
internal sealed class AcceptBackOff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(500);

    private int _failures;

    public TimeSpan Delay => TimeSpan.FromTicks(Math.Min(Longest.Ticks, First.Ticks << Math.Min(_failures - 1, 16)));

    /// <summary>Counts a failure; returns a message for the user on the first of a run that is worth one.</summary>
    public string? Failed(SocketError error)
    {
        _failures++;
        if (_failures != 1) return null;
        return error switch
        {
            SocketError.TooManyOpenSockets => "Out of file descriptors: new connections wait until some are closed",
            SocketError.NoBufferSpaceAvailable => "Out of memory for sockets: new connections wait",
            _ => null,   // a peer that left early (ECONNABORTED) is not news
        };
    }

    public void Succeeded() => _failures = 0;
}
