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
        string[] envp = [.. (environment ?? Spawner.CurrentEnvironment()).Where(e => !e.StartsWith(ServerStartInfo.EnvironmentVariable + "=", StringComparison.Ordinal)),
            $"{ServerStartInfo.EnvironmentVariable}={start.Encode()}"];
        int pid = Spawner.SpawnDetached(server, argv, envp, "/");
        // Reap the server if it dies while we wait (a server that failed to start), so it never lingers as a zombie.
        var died = new TaskCompletionSource<ExitStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        ChildReaper.Register(pid, status => died.TrySetResult(status));
        string path = Path.Combine(directory, new SessionName(pid, start.Name).FileName);
        var clock = Stopwatch.StartNew();
        // No event tells us the server has bound its socket, so poll it briefly; the server is up in milliseconds.
        while (clock.Elapsed < StartTimeout)
        {
            if (File.Exists(path))
            {
                try
                {
                    using var c = SessionConnection.Open(path);
                    return path;
                }
                catch (SessionUnreachableException) { }
            }
            if (died.Task.IsCompleted)
                throw new SessionErrorException($"the session server exited at start ({died.Task.Result})");
            await Task.Delay(2).ConfigureAwait(false);
        }
        throw new SessionErrorException("the session server did not start within 10 seconds");
    }
}
