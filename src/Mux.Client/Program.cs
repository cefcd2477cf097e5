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
            if (args.Length > 0 && args[0] == ServerStartInfo.Verb)
            {
                var start = ServerStartInfo.Parse(args);
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
