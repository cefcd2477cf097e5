using Mux.Server.Native;

namespace Mux.Server.Pty;

/// <summary>
/// The processes of one terminal session: everything a window's program started, whatever process group it put
/// them in, found by session id in /proc. The window's program is the session's leader, so the id is its pid; the
/// kernel keeps that id reserved while any member lives, so it never names another user's or another window's processes.
/// </summary>
internal static class SessionProcesses
{
    /// <summary>Live members (zombies are over, only not yet reaped), with their command names.</summary>
    public static List<(int Pid, string Name)> Of(int sessionId)
    {
        var members = new List<(int, string)>();
        if (sessionId <= 0) return members;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir.AsSpan()), out int pid)) continue;
            if (Read(pid) is { } p && p.Session == sessionId && p.State != 'Z') members.Add((pid, p.Name));
        }
        return members;
    }

    /// <summary>
    /// Signals every live member; each through a pidfd that is opened, then checked to still be a member, so a
    /// pid that ended and was reused meanwhile is never hit. Returns how many were signalled.
    /// </summary>
    public static unsafe int Signal(int sessionId, int signal)
    {
        int count = 0;
        foreach (var (pid, _) in Of(sessionId))
        {
            int fd = Libc.pidfd_open(pid, 0);
            if (fd < 0) continue; // already gone
            try
            {
                if (Read(pid) is { } p && p.Session == sessionId && Libc.pidfd_send_signal(fd, signal, null, 0) == 0) count++;
            }
            finally { Libc.close(fd); }
        }
        return count;
    }

    private static (char State, int Session, string Name)? Read(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses, so split after the last ')'.
        int open = stat.IndexOf('('), close = stat.LastIndexOf(')');
        if (open < 0 || close < open || close + 2 >= stat.Length) return null;
        var fields = stat.AsSpan(close + 2);
        char state = fields[0];
        Span<Range> parts = stackalloc Range[5];
        if (fields.Split(parts, ' ') < 5 || !int.TryParse(fields[parts[3]], out int session)) return null;
        return (state, session, stat[(open + 1)..close]);
    }
}
