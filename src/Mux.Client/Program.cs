using Mux.Client.Cli;
using Mux.Platform.Native;

namespace Mux.Client;

public static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            return MuxApp.RunAsync(args).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            // Never a stack trace: one line saying what went wrong.
            return StdIo.Fail(ErrorText.Describe(e));
        }
    }
}
