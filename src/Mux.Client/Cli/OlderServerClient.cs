using System.Runtime.InteropServices;
using System.Text;
using Mux.Platform.Native;

namespace Mux.Client.Cli;

/// <summary>
/// A server from before the version-stable greeting (protocol 5 or older) cannot be asked to upgrade; the binary it
/// runs still speaks its protocol. Before mux-server was split out that binary was mux itself, so this client becomes
/// it (execve of <c>/proc/PID/exe</c>, which works even after the file was replaced on disk) with the same arguments.
/// </summary>
internal static unsafe class OlderServerClient
{
    /// <summary>Set (to the server's pid) in the environment of the binary run: if it meets the same server and
    /// cannot talk to it either, it says so instead of running it again.</summary>
    public const string MarkerVariable = "MUX_OLDER_SERVER_PID";

    /// <summary>Test-only: the binary to run instead of the server's own (a test's fake older server is a current mux-server).</summary>
    public const string TestBinaryVariable = "MUX_TEST_OLDER_MUX";

    private const string ClientName = "mux";
    private const string DeletedSuffix = " (deleted)";

    /// <summary>Runs the older server's client binary in place of this process; returns only with the reason it cannot.</summary>
    public static SessionErrorException Become(OlderServerException server)
    {
        string why = Run(server);
        return new SessionErrorException($"its server speaks protocol {server.Version}, from before upgrades in place, and {why}; " +
            "attach with the mux that started it, or end the session and start it again");
    }

    private static string Run(OlderServerException server)
    {
        if (Environment.GetEnvironmentVariable(MarkerVariable) == server.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return "the mux it runs could not attach to it either";
        if (server.Uid != Libc.geteuid()) return "it belongs to another user";
        var (path, name) = Environment.GetEnvironmentVariable(TestBinaryVariable) is { Length: > 0 } test ? (test, test) : ServerBinary(server.Pid);
        if (path is null) return $"what its process {server.Pid} runs cannot be read";
        if (Path.GetFileName(name) != ClientName) return $"{name} is not a mux that can attach";
        // Open it once and run what was checked: nothing can be swapped in between.
        int fd = Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        int errno = Marshal.GetLastPInvokeError();
        if (fd < 0) return $"{path} cannot be opened: {Libc.ErrorText(errno)}";
        try
        {
            if (Untrusted(fd, path) is { } problem) return problem;
            var env = new List<string>(Spawner.CurrentEnvironment());
            env.RemoveAll(e => e.StartsWith(MarkerVariable + "=", StringComparison.Ordinal));
            env.Add($"{MarkerVariable}={server.Pid}");
            StdIo.Err.WriteLine($"{Invocation.Name}: {server.Session} runs an older mux (protocol {server.Version}); attaching with its own {path}");
            return ProcessImage.Replace($"/proc/self/fd/{fd}", OwnArguments(), env, [fd]);
        }
        finally { Libc.close(fd); }
    }

    /// <summary>
    /// What to run for the server's process, and the name it was started as (the name says what it is; the link
    /// still opens the original binary even when it was replaced on disk). A split-out mux-server from before
    /// upgrades in place: the mux installed beside it, unless that file is this very (newer) binary.
    /// </summary>
    private static (string? Path, string Name) ServerBinary(int pid)
    {
        string exe = $"/proc/{pid}/exe";
        if (ReadLink(exe) is not { } target) return (null, "");
        bool replaced = target.EndsWith(DeletedSuffix, StringComparison.Ordinal);
        if (replaced) target = target[..^DeletedSuffix.Length];
        if (Path.GetFileName(target) == ClientName || replaced) return (exe, target);
        string beside = Path.Combine(Path.GetDirectoryName(target) ?? "/", ClientName);
        return SameFile(beside, ProcessImage.Self) ? (exe, target) : (beside, beside);
    }

    private static string? Untrusted(int fd, string path)
    {
        Libc.Statx st;
        if (Libc.statx(fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_TYPE | Libc.STATX_MODE | Libc.STATX_UID, &st) != 0)
            return $"{path} cannot be examined: {Libc.ErrorText(Marshal.GetLastPInvokeError())}";
        if ((st.Mode & Libc.S_IFMT) != Libc.S_IFREG) return $"{path} is not a program file";
        // Never run what another user could have changed: the owner is the user (or root), nobody else may write it.
        if (st.Uid != Libc.geteuid() && st.Uid != 0) return $"{path} belongs to another user";
        if ((st.Mode & 0x12) != 0) return $"{path} can be changed by other users";
        if ((st.Mode & 0x49) == 0) return $"{path} is not executable";
        return null;
    }

    /// <summary>This process's argv as the kernel has it, argv[0] included (the old mux answers to screen's name too).</summary>
    private static List<string> OwnArguments()
    {
        byte[] raw = File.ReadAllBytes("/proc/self/cmdline");
        var args = new List<string>(Encoding.UTF8.GetString(raw).Split('\0'));
        if (args.Count > 0 && args[^1].Length == 0) args.RemoveAt(args.Count - 1);
        return args;
    }

    private static string? ReadLink(string path)
    {
        byte* buffer = stackalloc byte[4096];
        nint n = Libc.readlinkat(Libc.AT_FDCWD, path, buffer, 4096);
        return n <= 0 ? null : Encoding.UTF8.GetString(buffer, (int)n);
    }

    private static bool SameFile(string a, string b)
    {
        Libc.Statx x, y;
        return Libc.statx(Libc.AT_FDCWD, a, 0, Libc.STATX_TYPE, &x) == 0 && Libc.statx(Libc.AT_FDCWD, b, 0, Libc.STATX_TYPE, &y) == 0 &&
            x.Inode == y.Inode && x.DevMajor == y.DevMajor && x.DevMinor == y.DevMinor;
    }
}

/// <summary>The server answered the greeting as servers before protocol 6 did: an Error, no Welcome, no Upgrade.</summary>
internal sealed class OlderServerException(string message, ushort version, int pid, uint uid, string session) : SessionErrorException(message)
{
    public ushort Version { get; } = version;
    public int Pid { get; } = pid;
    public uint Uid { get; } = uid;
    /// <summary>The session's file name (PID.NAME), for messages.</summary>
    public string Session { get; } = session;
}
