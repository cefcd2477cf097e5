using System.Runtime.InteropServices;
using Mux.Server.Ipc;

namespace Mux.Client.Cli;

/// <summary>
/// <c>-D -m</c>: the started session's stand-in in the foreground, as screen's own server is there. It returns when
/// the session's programs have ended (and ends the session then), and a signal to it ends the session, so a
/// supervisor or a service manager that watches this process watches the session.
/// </summary>
internal static class ForegroundSession
{
    public static int Run(string socketPath)
    {
        int signalled = 0;
        var registrations = new List<PosixSignalRegistration>();
        foreach (var (signal, number) in new[] { (PosixSignal.SIGTERM, 15), (PosixSignal.SIGINT, 2), (PosixSignal.SIGHUP, 1) })
        {
            registrations.Add(PosixSignalRegistration.Create(signal, ctx =>
            {
                ctx.Cancel = true;
                Interlocked.CompareExchange(ref signalled, number, 0);
                Quit(socketPath);
            }));
        }
        try
        {
            using var c = SessionConnection.Open(socketPath);
            // Returns with the session's state once every program ended, or null when the session went away first.
            c.Wait(null);
        }
        catch (Exception e) when (e is SessionUnreachableException or SessionErrorException or ProtocolException or IOException) { }
        finally
        {
            // Started detached, the session would stay to show how its jobs ended; here this process shows that.
            Quit(socketPath);
            foreach (var r in registrations) r.Dispose();
        }
        int by = Volatile.Read(ref signalled);
        return by == 0 ? 0 : 128 + by;
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
