using Mux.Platform.Native;

namespace Mux.Client.Attach;

/// <summary>
/// Keys written straight to the current window's terminal, when the server has granted it (InputRoute, with the
/// terminal's descriptor): a keystroke then reaches the program without a hop through the server. Anything sent
/// through the server (a mouse report, a command, the terminal's answers) stops that until a grant arrives that
/// counts every such message as handled, so keys never overtake each other or what the programs are told of the terminal.
/// </summary>
internal sealed class DirectInput : IDisposable
{
    private readonly object _lock = new();
    private int _fd = -1;
    private int _sent;   // Input, Command and TerminalColors messages sent through the server

    /// <summary>Call just before sending Input, Command or TerminalColors to the server.</summary>
    public void SendingThroughServer()
    {
        lock (_lock)
        {
            _sent++;
            CloseUnderLock();
        }
    }

    /// <summary>An InputRoute from the server: a grant (with <paramref name="fd"/>, which this now owns) or a revocation.</summary>
    public void OnRoute(int window, int handled, int fd)
    {
        lock (_lock)
        {
            CloseUnderLock();
            if (window >= 0 && fd >= 0 && handled == _sent) _fd = fd;
            else if (fd >= 0) Libc.close(fd);
        }
    }

    /// <summary>
    /// Writes what it may of <paramref name="keys"/> to the window without blocking and returns how much; the rest
    /// goes through the server, and so does all of it when <paramref name="viaServer"/> (a mouse report, whose
    /// meaning the server decides).
    /// </summary>
    public int TryWrite(ReadOnlySpan<byte> keys, bool viaServer)
    {
        lock (_lock)
        {
            if (_fd < 0 || viaServer) return 0;
            // What did not go (the terminal's input is full, or the window is gone) goes through the server.
            return NonBlockingWrite.Write(_fd, keys, out _);
        }
    }

    private void CloseUnderLock()
    {
        if (_fd < 0) return;
        Libc.close(_fd);
        _fd = -1;
    }

    public void Dispose()
    {
        lock (_lock) CloseUnderLock();
    }
}
