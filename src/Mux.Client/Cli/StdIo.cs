using System.Text;
using Mux.Platform.Native;

namespace Mux.Client.Cli;

/// <summary>
/// Standard streams without System.Console: touching Console switches the user's terminal into keypad mode and
/// loads terminfo, which a multiplexer's client must not do.
/// </summary>
internal static class StdIo
{
    public static readonly Stream OutStream = new FdStream(1);
    public static readonly Stream InStream = new FdStream(0);
    public static readonly TextWriter Out = new StreamWriter(OutStream, new UTF8Encoding(false)) { AutoFlush = true };
    public static readonly TextWriter Err = new StreamWriter(new FdStream(2), new UTF8Encoding(false)) { AutoFlush = true };

    /// <summary>Prints <c>mux: MESSAGE</c> (<c>screen: …</c> when called as screen) on stderr and returns the exit code to use.</summary>
    public static int Fail(string message, int code = 1)
    {
        Err.WriteLine($"{Invocation.Name}: {message}");
        return code;
    }
}
