using System.Globalization;
using System.Runtime.InteropServices;

namespace Mux.Platform.Native;

/// <summary>
/// What /proc says about a process: its owner, its scheduler state and its start time. The start time (clock
/// ticks since boot, field 22 of /proc/PID/stat) never changes for a process and differs for whoever reuses its
/// pid later, so pid and start time together name one process.
/// </summary>
/// <param name="State">The state letter: R, S, D, T (stopped), t (traced), Z (zombie), X (dead)…</param>
public readonly record struct ProcessStat(uint Uid, char State, ulong StartTicks)
{
    /// <summary>Exited, only waiting to be reaped: its sockets are closed.</summary>
    public bool IsGone => State is 'Z' or 'X' or 'x';

    /// <summary>Stopped (SIGSTOP, SIGTSTP) or held by a debugger: alive, but answers nobody until continued.</summary>
    public bool IsStopped => State is 'T' or 't';

    public static unsafe bool TryRead(int pid, out ProcessStat stat)
    {
        stat = default;
        if (pid <= 0) return false;
        string dir = "/proc/" + pid.ToString(CultureInfo.InvariantCulture);
        Libc.Statx st;
        if (Libc.statx(Libc.AT_FDCWD, dir, 0, Libc.STATX_UID, &st) != 0) return false;

        int fd = Libc.open(dir + "/stat", Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return false;
        // The line is "pid (comm) state ppid …"; comm is at most 16 bytes, the rest numbers: 1 KiB is plenty.
        byte* buf = stackalloc byte[1024];
        nint n;
        try { n = Libc.read(fd, buf, 1024); }
        finally { Libc.close(fd); }
        if (n <= 0) return false;
        return TryParse(new ReadOnlySpan<byte>(buf, (int)n), st.Uid, out stat);
    }

    /// <summary>Parses a /proc/PID/stat line. comm may hold spaces and parentheses, so fields count from the last ')'.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, uint uid, out ProcessStat stat)
    {
        stat = default;
        int close = line.LastIndexOf((byte)')');
        if (close < 0 || close + 2 >= line.Length) return false;
        var rest = line[(close + 2)..];
        char state = (char)rest[0];
        // After ')' come field 3 (state) onwards; field 22 (starttime) is the 20th of those.
        for (int field = 3; field < 22; field++)
        {
            int space = rest.IndexOf((byte)' ');
            if (space < 0) return false;
            rest = rest[(space + 1)..];
        }
        int end = rest.IndexOf((byte)' ');
        if (end >= 0) rest = rest[..end];
        if (!ulong.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out ulong ticks)) return false;
        stat = new ProcessStat(uid, state, ticks);
        return true;
    }
}
