namespace Mux.Client.Keys;

/// <summary>The program that locks a display, as screen looks for it: <c>$LOCKPRG</c>, else vlock or lock on PATH.</summary>
internal static class LockProgram
{
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("LOCKPRG") is { Length: > 0 } configured)
            return Executable(configured) ? configured : OnPath(configured);
        return OnPath("vlock") ?? OnPath("lock");
    }

    private static string? OnPath(string name)
    {
        if (name.Contains('/')) return null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            if (dir.Length == 0) continue;
            string path = Path.Combine(dir, name);
            if (Executable(path)) return path;
        }
        return null;
    }

    private static bool Executable(string path) =>
        path.Contains('/') && File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
