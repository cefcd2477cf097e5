using System.Text;
using Mux.Platform.Native;
using Mux.Protocol;
using Mux.Server.Sessions;
using Mux.Server.Survival;

namespace Mux.Server;

/// <summary>
/// <c>mux-server</c>: started by <c>mux</c> (see the client's ServerLauncher) with its start request in the environment;
/// its argv is only what <c>ps</c> shows (<c>SCREEN -dmS name …</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            var replacedAt = ServerReplacement.TakeReplacedAt();
            if (TakeHandover() is { } handover) return SessionServer.Resume(handover, replacedAt);
            FaultInjection.Arm();
            ServerUpgrade.ReadTestVersion();
            if (Environment.GetEnvironmentVariable(ServerStartInfo.EnvironmentVariable) is not { } encoded)
                return Fail("this is the session server that mux starts; run mux instead", 2);
            // The windows must not inherit the variable.
            Environment.SetEnvironmentVariable(ServerStartInfo.EnvironmentVariable, null);
            var start = ServerStartInfo.Decode(encoded);
            return start is null ? Fail("bad internal server arguments", 2) : SessionServer.Run(start);
        }
        catch (Exception e)
        {
            // Never a stack trace: one line saying what went wrong.
            return Fail(ErrorText.Describe(e));
        }
    }

    /// <summary>The session an image of this server left to this one, if it replaced itself (after a fault, or to upgrade).</summary>
    private static ServerHandover? TakeHandover()
    {
        string? value = Environment.GetEnvironmentVariable(ServerHandover.EnvironmentVariable);
        if (value is null) return null;
        Environment.SetEnvironmentVariable(ServerHandover.EnvironmentVariable, null);
        if (!int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out int fd)) return null;
        return ServerHandover.Decode(ProcessImage.ReadMemoryFile(fd));
    }

    /// <summary>One line on stderr, without System.Console (which would load terminfo for nothing).</summary>
    private static int Fail(string message, int code = 1)
    {
        using var err = new StreamWriter(new FdStream(2), new UTF8Encoding(false));
        err.WriteLine($"mux-server: {message}");
        return code;
    }
}
