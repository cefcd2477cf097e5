using Mux.Platform.Native;
using Mux.Protocol;

namespace Mux.Server.Sessions;

/// <summary>
/// Keeps what <c>-ls</c> reads without a round trip in step with the session: the socket's owner-execute bit
/// while a client is attached, and the <see cref="SessionRecord"/> with its start time and exit state.
/// Only transitions touch the file system, so a busy session pays nothing.
/// </summary>
internal sealed class ListingMarks
{
    private readonly Session _session;
    private readonly string _socketPath;
    private readonly ulong _startTicks;

    /// <summary>The server's start time (/proc/PID/stat field 22), 0 when unknown.</summary>
    public ulong StartTicks => _startTicks;
    private bool? _attached;
    private string? _exit;
    private bool _removed;

    public ListingMarks(Session session, string socketPath)
    {
        _session = session;
        _socketPath = socketPath;
        _startTicks = ProcessStat.TryRead(Environment.ProcessId, out var self) ? self.StartTicks : 0;
    }

    /// <summary>Writes the first record; before the socket is bound, so a listing never sees a socket without one.</summary>
    public void WriteRecord()
    {
        using (_session.Sync.Enter())
        {
            _exit = _session.ListingExit;
            Write();
        }
    }

    /// <summary>Brings the marks up to date; called under the session's lock whenever they may have changed.</summary>
    public void Update()
    {
        if (_removed) return;
        bool attached = _session.Clients.Count > 0;
        if (attached != _attached)
        {
            _attached = attached;
            try
            {
                File.SetUnixFileMode(_socketPath, attached ? SessionRecord.DetachedMode | SessionRecord.AttachedBit : SessionRecord.DetachedMode);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // socket not bound yet, or gone
        }
        string exit = _session.ListingExit;
        if (exit != _exit)
        {
            _exit = exit;
            Write();
        }
    }

    /// <summary>The session has ended: its record goes with its socket, and nothing is written again.</summary>
    public void Remove()
    {
        _removed = true;
        SessionRecord.Delete(_socketPath);
    }

    private void Write()
    {
        var record = new SessionRecord(_startTicks, _session.Created.ToUnixTimeMilliseconds(), _exit ?? "",
            _exit is { Length: > 0 } ? _session.FirstExit?.ShellCode ?? 0 : 0);
        // A full disk costs the listing its exit state (it then shows the session as running, and -ls -v asks the
        // server), never the session itself.
        try { record.Write(_socketPath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
