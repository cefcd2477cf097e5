namespace Mux.EndToEnd.Tests.Support;

/// <summary>What <c>/proc</c> says of a process the tests do not own (a server, a hook, a window's program).</summary>
public static class ProcessState
{
    /// <summary>
    /// Gone, or a zombie waiting for its parent. A process may go between looking and reading its <c>stat</c>: that
    /// is an answer too, not a failure.
    /// </summary>
    public static bool HasEnded(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] == 'Z';   // the name in parentheses may hold spaces
        }
        catch (IOException) { return true; }
    }
}
