namespace Mux.Client.Cli;

/// <summary>The programs installed beside <c>mux</c> (<c>mux-server</c>, <c>mux-overlay</c>): found next to the running binary.</summary>
internal static class CompanionExecutable
{
    /// <summary>The full path of <paramref name="name"/> beside this executable, or null with <paramref name="error"/> saying so.</summary>
    public static string? Find(string name, out string? error)
    {
        error = null;
        // ProcessPath resolves a link (mux called as screen), so this is where the real binary and its companions are.
        string dir = Path.GetDirectoryName(Environment.ProcessPath) ?? ".";
        string exe = Path.Combine(dir, name);
        if (File.Exists(exe)) return exe;
        error = $"{name} is missing next to {Environment.ProcessPath}; reinstall with ./install.sh";
        return null;
    }
}
