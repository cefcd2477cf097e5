using System.Runtime.InteropServices;
using Mux.Platform.Pty;

namespace Mux.Platform.Native;

/// <summary>
/// Starts processes with posix_spawn (never fork: the .NET runtime is multi-threaded) and reaps them.
/// </summary>
public static unsafe class Spawner
{
    /// <summary>
    /// Starts a daemon: a new session (POSIX_SPAWN_SETSID, so no controlling tty and it survives the
    /// caller's terminal hanging up), stdin/stdout/stderr on /dev/null opened O_NOCTTY, all signals
    /// defaulted (the .NET parent ignores SIGPIPE, and ignored dispositions survive exec), mask emptied.
    /// The caller should reap it (<see cref="ChildReaper.Register(int, Action{ExitStatus})"/>) in case it
    /// exits while the caller still runs. Throws <see cref="PtyException"/> when the program can't be run.
    /// </summary>
    public static int SpawnDetached(string path, string[] argv, string[]? envp, string cwd)
    {
        envp ??= CurrentEnvironment();
        return Spawn(path, argv, envp, actions =>
        {
            Check(Libc.posix_spawn_file_actions_addchdir_np(actions, cwd), "addchdir");
            Check(Libc.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", Libc.O_RDWR | Libc.O_NOCTTY, 0), "addopen");
            Check(Libc.posix_spawn_file_actions_adddup2(actions, 0, 1), "adddup2");
            Check(Libc.posix_spawn_file_actions_adddup2(actions, 0, 2), "adddup2");
        }, cwd);
    }

    /// <summary>
    /// The shared posix_spawn sequence: SETSID|SETSIGDEF|SETSIGMASK, caller-supplied file actions.
    /// A program without '/' is searched in the child's PATH (from <paramref name="envp"/>), not ours.
    /// </summary>
    public static int Spawn(string program, IReadOnlyList<string> argv, IReadOnlyList<string> envp,
        FileActionsBuilder addActions, string cwd, bool newSession = true)
    {
        // A bad cwd would make posix_spawn fail with ENOENT, which reads like a missing program.
        if (!Directory.Exists(cwd))
            throw new PtyException($"cannot run '{program}': directory '{cwd}' does not exist");
        string resolved = Resolve(program, envp);

        void* attr = NativeMemory.AllocZeroed(Libc.SpawnAttrSize);
        void* actions = NativeMemory.AllocZeroed(Libc.FileActionsSize);
        void* sigdef = NativeMemory.AllocZeroed(Libc.SigSetSize);
        void* sigmask = NativeMemory.AllocZeroed(Libc.SigSetSize);
        bool attrInit = false, actionsInit = false;
        try
        {
            Check(Libc.posix_spawnattr_init(attr), "posix_spawnattr_init"); attrInit = true;
            Check(Libc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init"); actionsInit = true;
            Libc.sigfillset(sigdef);
            Libc.sigemptyset(sigmask);
            Check(Libc.posix_spawnattr_setflags(attr,
                (short)((newSession ? Libc.POSIX_SPAWN_SETSID : 0) | Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK)), "setflags");
            Check(Libc.posix_spawnattr_setsigdefault(attr, sigdef), "setsigdefault");
            Check(Libc.posix_spawnattr_setsigmask(attr, sigmask), "setsigmask");
            addActions(actions);

            using var args = new NativeStringArray(argv.Count > 0 ? argv : [program]);
            using var env = new NativeStringArray(envp);
            int pid;
            // glibc's posix_spawn uses CLONE_VFORK: it returns once the child has exec'd, and reports the
            // child's exec/open/chdir failure as its return value.
            int rc = Libc.posix_spawnp(&pid, resolved, actions, attr, args.Pointer, env.Pointer);
            if (rc != 0) throw new PtyException($"cannot run '{program}': {Libc.ErrorText(rc)}", rc);
            return pid;
        }
        finally
        {
            if (actionsInit) Libc.posix_spawn_file_actions_destroy(actions);
            if (attrInit) Libc.posix_spawnattr_destroy(attr);
            NativeMemory.Free(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(sigdef);
            NativeMemory.Free(sigmask);
        }
    }

    public delegate void FileActionsBuilder(void* actions);

    /// <summary>Polls a child without blocking. False while it runs; true with its status once it has ended.</summary>
    public static bool TryWait(int pid, out ExitStatus status)
    {
        int raw;
        Libc.RUsage usage;
        while (true)
        {
            int r = Libc.wait4(pid, &raw, Libc.WNOHANG, &usage);
            int errno = Marshal.GetLastPInvokeError();
            if (r == pid)
            {
                var cpu = TimeSpan.FromSeconds(usage.UserSeconds + usage.SystemSeconds)
                    + TimeSpan.FromMicroseconds(usage.UserMicros + usage.SystemMicros);
                status = ExitStatus.FromWaitStatus(raw).WithUsage(usage.MaxRssKiB * 1024, cpu);
                return true;
            }
            if (r == 0) { status = default; return false; }
            if (errno == Libc.EINTR) continue;
            // ECHILD: not our child or already reaped by someone else; report it as ended, status unknown.
            status = ExitStatus.Lost;
            return true;
        }
    }

    /// <summary>The current process environment as KEY=VALUE strings.</summary>
    public static string[] CurrentEnvironment()
    {
        var list = new List<string>();
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            list.Add($"{e.Key}={e.Value}");
        return list.ToArray();
    }

    private static string Resolve(string program, IReadOnlyList<string> envp)
    {
        if (program.Length == 0) throw new PtyException("cannot run '': empty program name");
        if (program.Contains('/')) return program;
        string? path = null;
        foreach (var kv in envp)
            if (kv.StartsWith("PATH=", StringComparison.Ordinal)) { path = kv[5..]; break; }
        path ??= "/usr/local/bin:/usr/bin:/bin";
        foreach (var dir in path.Split(':'))
        {
            string candidate = Path.Combine(dir.Length == 0 ? "." : dir, program);
            if (Libc.access(candidate, Libc.X_OK) == 0 && !Directory.Exists(candidate)) return candidate;
        }
        throw new PtyException($"cannot run '{program}': No such file or directory", Libc.ENOENT);
    }

    private static void Check(int rc, string what)
    {
        if (rc != 0) throw new PtyException($"{what} failed: {Libc.ErrorText(rc)}", rc);
    }
}
