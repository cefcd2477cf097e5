using System.Runtime.InteropServices;
using Mux.Platform.Native;

namespace Mux.Platform.Pty;

/// <summary>
/// The one process-wide reaper for children we spawned. On each SIGCHLD it calls waitpid(pid, WNOHANG)
/// for every registered pid only — never waitpid(-1) — so children that other code owns are not stolen.
/// Exit callbacks run on the thread pool, never on the signal-dispatch thread.
/// </summary>
public static class ChildReaper
{
    private static readonly Lock s_gate = new();
    private static readonly Dictionary<int, Action<ExitStatus>> s_children = new();
    private static PosixSignalRegistration? s_registration;

    /// <summary>
    /// Watches <paramref name="pid"/> and calls <paramref name="onExit"/> once, after reaping it.
    /// Safe against the child having exited already: it is checked right after registering.
    /// </summary>
    public static void Register(int pid, Action<ExitStatus> onExit)
    {
        ArgumentNullException.ThrowIfNull(onExit);
        lock (s_gate)
        {
            // .NET's default SIGCHLD handling stays in place (context.Cancel is not set): it only reaps
            // System.Diagnostics.Process children, which we never register.
            // Mux runs on Linux only; the analyzer can't know that without marking every caller.
#pragma warning disable CA1416
            s_registration ??= PosixSignalRegistration.Create(PosixSignal.SIGCHLD, _ => ReapAll());
#pragma warning restore CA1416
            s_children[pid] = onExit;
        }
        // The SIGCHLD may have come before we registered: look once now.
        ReapAll();
    }

    /// <summary>Watches a pid nobody needs to hear about (e.g. the daemon a client starts) so it never stays a zombie.</summary>
    public static void Register(int pid) => Register(pid, static _ => { });

    /// <summary>Stops watching a pid (its exit will not be reported, and it will not be reaped by us).</summary>
    public static void Unregister(int pid)
    {
        lock (s_gate) s_children.Remove(pid);
    }

    /// <summary>Reaps every registered child that has ended. Called on SIGCHLD; callable any time as a safety net.</summary>
    public static void ReapAll()
    {
        List<(Action<ExitStatus>, ExitStatus)>? done = null;
        lock (s_gate)
        {
            if (s_children.Count == 0) return;
            List<int>? ended = null;
            foreach (var (pid, callback) in s_children)
            {
                if (Spawner.TryWait(pid, out var status))
                {
                    (ended ??= new()).Add(pid);
                    (done ??= new()).Add((callback, status));
                }
            }
            if (ended != null) foreach (int pid in ended) s_children.Remove(pid);
        }
        if (done == null) return;
        foreach (var (callback, status) in done)
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.callback(s.status), (callback, status), preferLocal: false);
    }

    internal static int RegisteredCount { get { lock (s_gate) return s_children.Count; } }
}
