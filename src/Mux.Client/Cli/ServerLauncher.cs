using System.Diagnostics;
using Mux.Platform.Native;
using Mux.Platform.Pty;
using Mux.Protocol;

namespace Mux.Client.Cli;

/// <summary>
/// Starts a session server by spawning <c>mux-server</c>, installed beside us, as a daemon (its own session, stdio on /dev/null,
/// cwd /), then waits until it answers on its socket.
/// </summary>
internal static class ServerLauncher
{
    public const string ExecutableName = "mux-server";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Returns the new session's socket path; throws <see cref="SessionErrorException"/> when it cannot start.</summary>
    /// <param name="userArguments">The client's own arguments: the server's process line shows them, as screen's does.</param>
    /// <param name="environment">The server's environment (its first window's): this client's when null.</param>
    public static async Task<string> StartAsync(string directory, ServerStartInfo start, string[] userArguments, string[]? environment = null)
    {
        string server = CompanionExecutable.Find(ExecutableName, out string? missing) ?? throw new SessionErrorException(missing!);
        // What ps and /proc/PID/cmdline show: "SCREEN -dmS name …" (or "MUX …"), as tools that look for screen's
        // server expect. The start arguments travel in the environment instead.
        string[] argv = [Invocation.AsScreen ? "SCREEN" : "MUX", .. userArguments];
        var env = new List<string>(environment ?? Spawner.CurrentEnvironment());
        env.RemoveAll(e => e.StartsWith(ServerStartInfo.EnvironmentVariable + "=", StringComparison.Ordinal));
        env.Add($"{ServerStartInfo.EnvironmentVariable}={start.Encode()}");
        string[] envp = [.. env];
        // In a scope of its own where the user's service manager can make one, so that logging out does not end it.
        if (LogoutPolicy.ScopeRunner() is { } systemdRun)
        {
            string[] scoped = [systemdRun, "--user", "--scope", "--quiet", "--collect", $"--description=mux session {start.Name}", "--", server, .. argv];
            try { return await SpawnAndWaitAsync(systemdRun, scoped, envp, directory, start.Name, viaScope: true).ConfigureAwait(false); }
            catch (ScopeFailedException e)
            {
                // The session matters more than the scope: start it as before, and say what it lacks.
                StdIo.Err.WriteLine($"{Invocation.Name}: could not start the session in a scope of its own ({e.Message}); logging out may end it");
            }
        }
        return await SpawnAndWaitAsync(server, argv, envp, directory, start.Name, viaScope: false).ConfigureAwait(false);
    }

    /// <summary>Spawns the server (or systemd-run, which becomes it) and waits for its socket.</summary>
    private static async Task<string> SpawnAndWaitAsync(string program, string[] argv, string[] envp, string directory, string name, bool viaScope)
    {
        int pid = Spawner.SpawnDetached(program, argv, envp, "/");
        // Reap the server if it dies while we wait (a server that failed to start), so it never lingers as a zombie.
        var died = new TaskCompletionSource<ExitStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        ChildReaper.Register(pid, status => died.TrySetResult(status));
        string path = Path.Combine(directory, new SessionName(pid, name).FileName);
        var clock = Stopwatch.StartNew();
        // No event tells us the server has bound its socket, so poll it briefly; the server is up in milliseconds.
        while (clock.Elapsed < StartTimeout)
        {
            if (File.Exists(path))
            {
                try
                {
                    // Only whether it answers: a server that announces another version (a test's) is not upgraded here.
                    using var c = SessionConnection.OpenAnyVersion(path);
                    return path;
                }
                catch (SessionUnreachableException) { }
            }
            if (died.Task.IsCompleted)
            {
                // systemd-run that exits without a socket never became the server: it could not make the scope.
                if (viaScope) throw new ScopeFailedException($"systemd-run {died.Task.Result}");
                throw new SessionErrorException($"the session server exited at start ({died.Task.Result})");
            }
            await Task.Delay(2).ConfigureAwait(false);
        }
        throw new SessionErrorException("the session server did not start within 10 seconds");
    }

    private sealed class ScopeFailedException(string message) : Exception(message);
}
