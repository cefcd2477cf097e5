namespace Mux.Platform.Native;

/// <summary>
/// What happens to a session's processes when the user logs out. systemd-logind with <c>KillUserProcesses=yes</c>
/// ends every process of the login session, and the user's service manager (with everything under it) goes when
/// the user's last session ends unless lingering is on: then nothing Mux does keeps a job alive, and the user is told.
/// With a user service manager, the server is started in a scope of its own (<c>systemd-run --user --scope</c>), out
/// of the login session, so logout alone does not end it (as tmux does).
/// Paths can be overridden (<c>MUX_LOGIND_CONF</c>, <c>MUX_LINGER_DIR</c>) for tests.
/// </summary>
public static class LogoutPolicy
{
    private static string ConfigFile => Environment.GetEnvironmentVariable("MUX_LOGIND_CONF") ?? "/etc/systemd/logind.conf";

    private static string LingerDirectory => Environment.GetEnvironmentVariable("MUX_LINGER_DIR") ?? "/var/lib/systemd/linger";

    /// <summary>What to tell the user when logging out will end this session's jobs; null when it will not.</summary>
    public static string? Warning()
    {
        string user = Environment.UserName;
        if (!KillsUserProcesses(user) || File.Exists(Path.Combine(LingerDirectory, user))) return null;
        return $"logging out will end this session: logind here has KillUserProcesses=yes and lingering is off for {user}; " +
            $"to keep jobs running after logout, run: loginctl enable-linger {user}";
    }

    /// <summary>KillUserProcesses from logind.conf and its drop-ins (later files win), KillExcludeUsers applied.</summary>
    private static bool KillsUserProcesses(string user)
    {
        bool kill = false;
        string[] excluded = ["root"];
        var files = new List<string> { ConfigFile };
        try
        {
            string dropIns = ConfigFile + ".d";
            if (Directory.Exists(dropIns))
            {
                string[] dropInFiles = Directory.GetFiles(dropIns, "*.conf");
                Array.Sort(dropInFiles, StringComparer.Ordinal);
                files.AddRange(dropInFiles);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        foreach (string file in files)
        {
            string[] lines;
            try { lines = File.ReadAllLines(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (string raw in lines)
            {
                string line = raw.Trim();
                int eq = line.IndexOf('=');
                if (eq <= 0 || line[0] is '#' or ';') continue;
                string key = line[..eq].Trim(), value = line[(eq + 1)..].Trim();
                if (key == "KillUserProcesses") kill = value.ToLowerInvariant() is "yes" or "true" or "1" or "on";
                else if (key == "KillExcludeUsers") excluded = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }
        return kill && !excluded.Contains(user);
    }

    /// <summary>
    /// systemd-run when the user's service manager can be reached (its private socket or the user bus exists), so
    /// the server can be started in a scope of its own; null otherwise.
    /// </summary>
    public static string? ScopeRunner()
    {
        string? runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (string.IsNullOrEmpty(runtime)) return null;
        if (!File.Exists(Path.Combine(runtime, "systemd", "private")) && !File.Exists(Path.Combine(runtime, "bus"))) return null;
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "systemd-run");
            if (Libc.access(candidate, Libc.X_OK) == 0) return candidate;
        }
        return null;
    }
}
