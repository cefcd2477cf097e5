using System.Globalization;
using Mux.Platform.Native;

namespace Mux.Server.Jobs;

/// <summary>One process as /proc/PID/stat shows it: who started it, which session it is in, what it has used.</summary>
/// <param name="CpuTicks">utime + stime + cutime + cstime: its own CPU time and that of the children it waited for.</param>
internal readonly record struct ProcessEntry(int Pid, int ParentPid, int SessionId, long CpuTicks, long RssBytes);

/// <summary>
/// A snapshot of every process of the machine from /proc, and the process tree of a window in it: the processes in
/// the window's session (the window's program is a session leader) and any descendant that left it with setsid.
/// </summary>
internal sealed class ProcessTable
{
    /// <summary>USER_HZ: the unit of the CPU times in /proc/PID/stat (100 on every Linux that Mux runs on).</summary>
    public const double TicksPerSecond = 100;

    private static readonly long PageSize = Environment.SystemPageSize;

    private readonly Dictionary<int, ProcessEntry> _byPid = new();
    private readonly Dictionary<int, List<int>> _children = new();

    public static ProcessTable Read()
    {
        var table = new ProcessTable();
        foreach (int pid in ProcFiles.Pids())
            if (TryReadStat(pid, out var entry)) table.Add(entry);
        return table;
    }

    public void Add(ProcessEntry e)
    {
        _byPid[e.Pid] = e;
        if (!_children.TryGetValue(e.ParentPid, out var list)) _children[e.ParentPid] = list = new List<int>();
        list.Add(e.Pid);
    }

    /// <summary>The window's processes: <paramref name="leader"/>'s session plus every descendant of it.</summary>
    public List<ProcessEntry> TreeOf(int leader)
    {
        var found = new Dictionary<int, ProcessEntry>();
        foreach (var e in _byPid.Values)
            if (e.SessionId == leader) found[e.Pid] = e;
        var pending = new Stack<int>();
        var seen = new HashSet<int> { leader };
        pending.Push(leader);
        while (pending.Count > 0)
        {
            int pid = pending.Pop();
            if (_byPid.TryGetValue(pid, out var e)) found.TryAdd(pid, e);
            if (!_children.TryGetValue(pid, out var kids)) continue;
            foreach (int k in kids)
                if (seen.Add(k)) pending.Push(k);
        }
        return [.. found.Values];
    }

    /// <summary>Reads /proc/PID/stat. Fields count from the last ')' because the command name may hold anything.</summary>
    public static bool TryReadStat(int pid, out ProcessEntry entry)
    {
        entry = default;
        Span<byte> buf = stackalloc byte[1024];
        int n = ProcFiles.Read(pid, "stat", buf);
        return n > 0 && TryParseStat(pid, buf[..n], out entry);
    }

    public static bool TryParseStat(int pid, ReadOnlySpan<byte> line, out ProcessEntry entry)
    {
        entry = default;
        int close = line.LastIndexOf((byte)')');
        if (close < 0 || close + 2 >= line.Length) return false;
        var rest = line[(close + 2)..];
        // rest starts at field 3 (state); we need 4 ppid, 6 session, 14-17 CPU times, 24 rss.
        Span<long> f = stackalloc long[25];
        for (int field = 3; field <= 24; field++)
        {
            int space = rest.IndexOf((byte)' ');
            var word = space < 0 ? rest : rest[..space];
            if (field != 3 && !long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out f[field])) return false;
            if (space < 0) { if (field < 24) return false; break; }
            rest = rest[(space + 1)..];
        }
        entry = new ProcessEntry(pid, (int)f[4], (int)f[6], f[14] + f[15] + f[16] + f[17], f[24] * PageSize);
        return true;
    }

    /// <summary>The largest resident set the process has had (VmHWM in /proc/PID/status), in bytes; 0 if unknown.</summary>
    public static long PeakRss(int pid) => PeakRss(pid, firstRead: 4096);

    /// <summary>
    /// VmHWM is usually in the first kilobyte or so (after the names, ids and groups), so a small read on the stack
    /// does; a long group list can push it further, and then the whole file is read.
    /// </summary>
    internal static long PeakRss(int pid, int firstRead)
    {
        Span<byte> buf = stackalloc byte[firstRead];
        int n = ProcFiles.Read(pid, "status", buf);
        if (n <= 0) return 0;
        long peak = ParsePeakRss(buf[..n]);
        if (peak > 0 || n < buf.Length) return peak;
        try { return ParsePeakRss(File.ReadAllBytes("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/status")); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return 0; }
    }

    public static long ParsePeakRss(ReadOnlySpan<byte> status)
    {
        int at = status.IndexOf("VmHWM:"u8);
        if (at < 0) return 0;
        var value = status[(at + 6)..];
        int end = value.IndexOf((byte)'\n');
        if (end >= 0) value = value[..end];
        value = value.Trim(" \t"u8);
        if (value.EndsWith(" kB"u8)) value = value[..^3];
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long kb) ? kb * 1024 : 0;
    }
}
