using System.Text;
using Mux.Platform.Native;
using Mux.Protocol;
using Mux.Server.Sessions;

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

    /// <summary>One line on stderr, without System.Console (which would load terminfo for nothing).</summary>
    private static int Fail(string message, int code = 1)
    {
        using var err = new StreamWriter(new FdStream(2), new UTF8Encoding(false));
        err.WriteLine($"mux-server: {message}");
        return code;
    }
}
