using System.Diagnostics;
using System.Text;
using Mux.Platform.Pty;
using Mux.Vt100.Screen;

namespace Mux.EndToEnd.Tests.Support;

/// <summary>
/// A private world for one test: a temp root with a 0700 socket directory (MUX_DIR) and a HOME that is also
/// the working directory. Everything started through it gets that environment. Dispose kills every
/// process still carrying this MUX_DIR (servers, clients, window programs), then deletes the root.
/// </summary>
public sealed class MuxEnvironment : IDisposable
{
    /// <summary>How long <see cref="Run"/> waits for a command before failing.</summary>
    public static TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(20);

    private readonly List<TerminalSession> _sessions = new();
    private readonly Lock _gate = new();

    public MuxEnvironment()
    {
        Root = Directory.CreateTempSubdirectory("mux-e2e-").FullName;
        File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        SocketDirectory = Path.Combine(Root, "sock");
        Directory.CreateDirectory(SocketDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Home = Path.Combine(Root, "home");
        Directory.CreateDirectory(Home);

        Environment = PtyOptions.CurrentEnvironment();
        // Nothing from an outer multiplexer or a developer's own mux may leak in.
        foreach (var key in Environment.Keys.ToList())
            if (key.StartsWith("MUX_", StringComparison.Ordinal) || key is "STY" or "TMUX" or "TMUX_PANE" or "WINDOW" or "XDG_RUNTIME_DIR" or "XDG_STATE_HOME" or "SCREENRC")
                Environment.Remove(key);
        Environment["MUX_DIR"] = SocketDirectory;
        Environment["HOME"] = Home;
        Environment["TERM"] = "xterm-256color";
        Environment["SHELL"] = "/bin/sh";
        // The machine's logind settings must not change what a test sees (LogoutTests fake them).
        Environment["MUX_LOGIND_CONF"] = Path.Combine(Root, "logind", "logind.conf");
        Environment["MUX_LINGER_DIR"] = Path.Combine(Root, "logind", "linger");
        Environment["LANG"] = "C.UTF-8";
        Environment.Remove("LC_ALL");
    }

    public string Root { get; }

    /// <summary>MUX_DIR for everything started here (mode 0700).</summary>
    public string SocketDirectory { get; }

    /// <summary>HOME, and the working directory of everything started here.</summary>
    public string Home { get; }

    /// <summary>The base environment of every command; change it before starting things.</summary>
    public Dictionary<string, string> Environment { get; }

    /// <summary>The Native AOT mux under test: $MUX_BIN, which ./test.sh sets after publishing.</summary>
    public static string MuxBinary
    {
        get
        {
            string? bin = System.Environment.GetEnvironmentVariable("MUX_BIN");
            if (string.IsNullOrEmpty(bin))
                throw new InvalidOperationException("MUX_BIN is not set: run the end-to-end tests through ./test.sh (it publishes the Native AOT mux and sets MUX_BIN), or export MUX_BIN=/path/to/mux");
            if (!File.Exists(bin)) throw new InvalidOperationException($"MUX_BIN={bin} does not exist: run ./test.sh to publish it");
            return bin;
        }
    }

    /// <summary>Runs `mux ARGS` to completion (stdin closed), e.g. -ls, -X, -dmS.</summary>
    public Task<CommandResult> Run(params string[] args) => RunProgram(MuxBinary, args);

    /// <summary>Runs `mux ARGS` with extra environment variables (a null value removes the variable).</summary>
    public Task<CommandResult> RunWithEnvironment(IReadOnlyDictionary<string, string?> env, params string[] args) =>
        RunProgram(MuxBinary, args, env);

    /// <summary>Runs any program to completion in this environment; fails after <see cref="CommandTimeout"/>.</summary>
    public async Task<CommandResult> RunProgram(string app, string[] args, IReadOnlyDictionary<string, string?>? env = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(app)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Home,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (k, v) in Merge(env)) psi.Environment[k] = v;

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {app}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? CommandTimeout;
        try
        {
            await process.WaitForExitAsync().WaitAsync(limit);
            // stdout/stderr end when every holder of the pipes is gone; a daemon that kept them would hang here.
            await Task.WhenAll(stdout, stderr).WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new TimeoutException($"`{Describe(app, args)}` did not finish within {limit.TotalSeconds:0.#} s " +
                $"(exited: {process.HasExited}; if it exited, a child kept its stdout/stderr open — a daemon must put its stdio on /dev/null)");
        }
        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Runs `mux ARGS` attached to a PTY of the given size; its output feeds a Terminal, which answers colour queries
    /// with <paramref name="colors"/> (xterm's defaults when null) and, with <paramref name="kittyKeys"/>, the kitty
    /// keyboard query as kitty does (else not at all, as xterm).
    /// </summary>
    public TerminalSession StartAttached(string[] args, int cols = 80, int rows = 24, IDictionary<string, string>? env = null, IColorDefaults? colors = null, bool kittyKeys = false) =>
        StartProgram(MuxBinary, args, cols, rows, env, colors, kittyKeys);

    /// <summary>Runs any program attached to a PTY (to test the harness, or to compare with other programs).</summary>
    public TerminalSession StartProgram(string app, string[] args, int cols = 80, int rows = 24, IDictionary<string, string>? env = null, IColorDefaults? colors = null, bool kittyKeys = false)
    {
        var environment = new Dictionary<string, string>(Environment);
        environment.Remove("COLUMNS"); // let programs ask the tty (TIOCGWINSZ), as they would in real life
        environment.Remove("LINES");
        if (env != null) foreach (var (k, v) in env) environment[k] = v;
        var pty = PtyProvider.Spawn(new PtyOptions
        {
            App = app,
            CommandLine = args,
            Cols = cols,
            Rows = rows,
            Cwd = Home,
            Environment = environment,
        });
        var session = new TerminalSession(pty, cols, rows, Describe(app, args), colors, kittyKeys);
        lock (_gate) _sessions.Add(session);
        return session;
    }

    /// <summary>Sessions whose sockets are in the directory, from the socket names PID.NAME.</summary>
    public IReadOnlyList<(int Pid, string Name)> SocketNames()
    {
        var list = new List<(int, string)>();
        if (!Directory.Exists(SocketDirectory)) return list;
        foreach (var path in Directory.GetFileSystemEntries(SocketDirectory))
        {
            string name = Path.GetFileName(path);
            int dot = name.IndexOf('.');
            if (dot > 0 && int.TryParse(name.AsSpan(0, dot), out int pid)) list.Add((pid, name[(dot + 1)..]));
        }
        return list;
    }

    /// <summary>The path of the only session socket (the listing records beside sockets, <c>.PID.NAME</c>, are not sockets).</summary>
    public string SingleSocketPath() =>
        Directory.GetFileSystemEntries(SocketDirectory).Single(p => !Path.GetFileName(p).StartsWith('.'));

    public void Dispose()
    {
        List<TerminalSession> sessions;
        lock (_gate) { sessions = _sessions.ToList(); _sessions.Clear(); }
        foreach (var s in sessions) s.Dispose();

        var victims = new HashSet<int>(SocketNames().Select(s => s.Pid));
        victims.UnionWith(ProcessesUsingThisDirectory());
        victims.Remove(System.Environment.ProcessId);
        foreach (int pid in victims)
            if (pid > 1) { try { Process.GetProcessById(pid).Kill(); } catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { } }

        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Every process whose environment has our MUX_DIR: servers, clients and window programs, even
    /// ones whose socket is gone. Reading /proc/PID/environ works for our own uid's processes.</summary>
    private IEnumerable<int> ProcessesUsingThisDirectory()
    {
        byte[] needle = Encoding.UTF8.GetBytes("MUX_DIR=" + SocketDirectory + "\0");
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            byte[] env;
            try { env = File.ReadAllBytes(Path.Combine(dir, "environ")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            // Entries are NUL-separated; match at the start or after a NUL.
            int i = env.AsSpan().IndexOf(needle);
            if (i == 0 || (i > 0 && env[i - 1] == 0)) yield return pid;
        }
    }

    private Dictionary<string, string> Merge(IReadOnlyDictionary<string, string?>? env)
    {
        var merged = new Dictionary<string, string>(Environment);
        if (env != null)
            foreach (var (k, v) in env)
                if (v == null) merged.Remove(k); else merged[k] = v;
        return merged;
    }

    private static string Describe(string app, string[] args) =>
        string.Join(' ', new[] { Path.GetFileName(app) }.Concat(args.Select(a => a.Contains(' ') ? $"'{a}'" : a)));
}
