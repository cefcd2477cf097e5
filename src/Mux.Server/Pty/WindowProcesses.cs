using System.Globalization;
using Mux.Platform.Native;
using Mux.Server.Jobs;

namespace Mux.Server.Pty;

/// <summary>
/// What a window's program started, to be ended with it: the members of its terminal session and every descendant,
/// a job the shell moved into a group or a session of its own (<c>setsid</c>) included. Each is held by a pidfd
/// from the moment it is found, so one that is reparented to init when its parent dies is still reached, and a pid
/// that ends and is reused meanwhile is never signalled. A process that left both (<c>setsid</c> forks, so the job
/// is init's child at once) is found by what it still holds: the window's terminal.
/// </summary>
internal sealed class WindowProcesses(int leader, string? terminal) : IDisposable
{
    private readonly Dictionary<int, (int Fd, string Name)> _held = new();

    /// <summary>Takes in what the session and every held process have started since the last look.</summary>
    public void Refresh()
    {
        var table = ProcessTable.Read();
        var roots = new List<int>(_held.Keys) { leader };
        foreach (int root in roots)
        {
            foreach (var e in table.TreeOf(root))
                if (e.Pid != leader && !_held.ContainsKey(e.Pid)) Hold(e);
        }
        if (terminal is null) return;
        foreach (int pid in HoldingTerminal(terminal))
        {
            if (pid != leader && !_held.ContainsKey(pid) && ProcessTable.TryReadStat(pid, out var e)) Hold(e);
        }
    }

    /// <summary>Processes with a descriptor open on the window's terminal (only the user's own are readable).</summary>
    private static IEnumerable<int> HoldingTerminal(string terminal)
    {
        int self = Environment.ProcessId;
        foreach (int pid in ProcFiles.Pids())
        {
            if (pid == self) continue;
            string dir = "/proc/" + pid.ToString(CultureInfo.InvariantCulture);
            bool holds = false;
            try
            {
                foreach (string fd in Directory.EnumerateFileSystemEntries(dir + "/fd"))
                {
                    if (File.ResolveLinkTarget(fd, returnFinalTarget: false)?.FullName == terminal) { holds = true; break; }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            if (holds) yield return pid;
        }
    }

    /// <summary>The held processes still running (the program itself is not among them), with their names.</summary>
    public List<(int Pid, string Name)> Alive()
    {
        var alive = new List<(int, string)>();
        foreach (var (pid, (fd, name)) in _held.ToList())
        {
            if (IsAlive(pid, fd)) alive.Add((pid, name));
            else
            {
                Libc.close(fd);
                _held.Remove(pid);
            }
        }
        return alive;
    }

    public unsafe void Signal(int signal)
    {
        foreach (var (fd, _) in _held.Values) Libc.pidfd_send_signal(fd, signal, null, 0);
    }

    public void Dispose()
    {
        foreach (var (fd, _) in _held.Values) Libc.close(fd);
        _held.Clear();
    }

    private void Hold(ProcessEntry e)
    {
        int fd = Libc.pidfd_open(e.Pid, 0);
        if (fd < 0) return; // already gone
        // The pid may have ended and been reused between the table's read and the open: keep it only if it is still
        // the process the table saw (same parent, same session, not a zombie).
        if (!ProcessTable.TryReadStat(e.Pid, out var now) || now.ParentPid != e.ParentPid || now.SessionId != e.SessionId || !IsAlive(e.Pid, fd))
        {
            Libc.close(fd);
            return;
        }
        _held[e.Pid] = (fd, Name(e.Pid));
    }

    /// <summary>Running: signal 0 reaches it and it is not a zombie waiting to be reaped.</summary>
    private static unsafe bool IsAlive(int pid, int fd)
    {
        if (Libc.pidfd_send_signal(fd, 0, null, 0) != 0) return false;
        string stat;
        try { stat = File.ReadAllText("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        int close = stat.LastIndexOf(')');
        return close >= 0 && close + 2 < stat.Length && stat[close + 2] != 'Z';
    }

    private static string Name(int pid)
    {
        try { return File.ReadAllText("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/comm").TrimEnd('\n'); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return pid.ToString(CultureInfo.InvariantCulture); }
    }
}
