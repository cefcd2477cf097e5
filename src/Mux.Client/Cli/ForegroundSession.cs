using System.Runtime.InteropServices;
using Mux.Protocol;

namespace Mux.Client.Cli;

/// <summary>
/// <c>-D -m</c>: the started session's stand-in in the foreground, as screen's own server is there. It returns when
/// the session's programs have ended (and ends the session then), and a signal to it ends the session, so a
/// supervisor or a service manager that watches this process watches the session.
/// </summary>
internal sealed class ForegroundSession : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = new();
    private string? _socketPath;
    private int _signalled;

    /// <summary>
    /// Takes the signals before the session is started: a service manager may stop us the moment the session
    /// exists, and that must end the session too, not only this process.
    /// </summary>
    public static ForegroundSession Begin()
    {
        var foreground = new ForegroundSession();
        foreach (var (signal, number) in new[] { (PosixSignal.SIGTERM, 15), (PosixSignal.SIGINT, 2), (PosixSignal.SIGHUP, 1) })
        {
            foreground._registrations.Add(PosixSignalRegistration.Create(signal, ctx =>
            {
                ctx.Cancel = true;
                Interlocked.CompareExchange(ref foreground._signalled, number, 0);
                if (Volatile.Read(ref foreground._socketPath) is { } path) Quit(path);
            }));
        }
        return foreground;
    }

    /// <summary>Stays until the session at <paramref name="socketPath"/> ends; 0, or 128+N when signal N ended it.</summary>
    public int Run(string socketPath)
    {
        Interlocked.Exchange(ref _socketPath, socketPath);
        try
        {
            if (Volatile.Read(ref _signalled) == 0)
            {
                using var c = SessionConnection.Open(socketPath);
                // Returns with the session's state once every program ended, or null when the session went away first.
                c.Wait(null);
            }
        }
        catch (Exception e) when (e is SessionUnreachableException or SessionErrorException or ProtocolException or IOException) { }
        // Started detached, the session would stay to show how its jobs ended; here this process shows that.
        Quit(socketPath);
        int by = Volatile.Read(ref _signalled);
        return by == 0 ? 0 : 128 + by;
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }

    private static void Quit(string socketPath)
    {
        try
        {
            using var c = SessionConnection.Open(socketPath);
            c.Command("", ["quit"]);
        }
        catch (Exception e) when (e is SessionUnreachableException or SessionErrorException or ProtocolException or IOException) { }
    }
}
