using Mux.Client.Cli;
using Mux.Server.Native;
using Mux.Server.Sessions;

namespace Mux.Client;

public static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            if (Environment.GetEnvironmentVariable(ServerStartInfo.EnvironmentVariable) is { } encoded)
            {
                // Spawned as a session server (see ServerLauncher); the windows must not inherit the variable.
                Environment.SetEnvironmentVariable(ServerStartInfo.EnvironmentVariable, null);
                var start = ServerStartInfo.Decode(encoded);
                return start is null ? StdIo.Fail("bad internal server arguments") : SessionServer.Run(start);
            }
            return MuxApp.RunAsync(args).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            // Never a stack trace: one line saying what went wrong.
            return StdIo.Fail(ErrorText.Describe(e));
        }
    }
}
