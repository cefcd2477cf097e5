using System.Globalization;
using System.Net.Sockets;
using Mux.Platform.Native;
using Mux.Protocol;
using Mux.Server.Sessions;

namespace Mux.Server.Survival;

/// <summary>
/// Replaces the running server with a fresh image of a mux-server binary (its own after a fault, a newer one to
/// upgrade): execve keeps the pid, so every window's program stays our child, and the PTY masters and the listening
/// socket are kept open across it; the windows' screens go along in a memory file (<see cref="ServerHandover"/>).
/// The programs never see their terminal hang up. A <c>kill -9</c> or the OOM killer leaves no chance to do this.
/// </summary>
public sealed class ServerReplacement(Session session, Socket listener, DateTimeOffset? replacedAt)
{
    /// <summary>When the last replacement happened (Unix milliseconds), so a fault that comes back at once does not loop.</summary>
    public const string ReplacedAtVariable = "MUX_SERVER_REPLACED_AT";

    private static readonly TimeSpan FaultLoopWindow = TimeSpan.FromSeconds(10);
    private int _replacing;

    /// <summary>A fault nothing caught: the process cannot go on, so a fresh image takes over the windows.</summary>
    public void CatchFatalFaults()
    {
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            // A fault right after a replacement would most likely come back in the next image, and the next: give up.
            if (RecentlyReplaced()) return;
            string what = e.ExceptionObject is Exception ex ? ErrorText.Describe(ex) : "unknown error";
            Replace(ProcessImage.Self, $"mux-server had an internal error ({what}) and restarted itself; every window kept its program");
        };
    }

    /// <summary>Runs <paramref name="binary"/> in place of this server; returns only on failure, with the reason.</summary>
    public string Replace(string binary, string reason)
    {
        if (Interlocked.Exchange(ref _replacing, 1) != 0) return "the server is already being replaced";
        // A thread that faulted may still hold the lock: wait a little, then go on without it rather than lose everything.
        Window[] windows;
        {
            session.Sync.TryEnter(TimeSpan.FromSeconds(2), out var scope);
            using (scope) windows = session.Windows.Where(w => w.IsRunning).ToArray();
        }
        // Stop each reader before the screens are taken: a chunk read but not yet shown would be in neither the
        // handed-over screen nor the kernel's buffer. The readers need the lock to finish that chunk, so not under it.
        var deadline = DateTime.UtcNow + ReaderWait;
        foreach (var w in windows) w.PauseOutput(Max(deadline - DateTime.UtcNow, TimeSpan.Zero));
        session.Sync.TryEnter(TimeSpan.FromSeconds(2), out var locked);
        int memory = -1;
        try
        {
            int listenerFd = (int)listener.SafeHandle.DangerousGetHandle();
            var handover = new ServerHandover(session.Name, session.Settings.KeepExited, session.Settings.ScrollbackLimit,
                session.Settings.Term, session.Settings.Shell, listenerFd, session.Current?.Number ?? -1, reason, session.Created,
                windows.Select(w => w.HandOver()).ToArray());
            // What the logs hold in memory goes to disk first (a moment at most: a stalled disk does not hold this up).
            foreach (var w in windows) w.Log?.CloseAsync().Wait(TimeSpan.FromMilliseconds(200));
            memory = ProcessImage.WriteMemoryFile("mux-handover", handover.Encode());
            var environment = EnvironmentBlock.Current();
            environment[ServerHandover.EnvironmentVariable] = memory.ToString(CultureInfo.InvariantCulture);
            environment[ReplacedAtVariable] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            int[] keep = [listenerFd, memory, .. handover.Windows.Select(w => w.MasterFd)];
            return ProcessImage.Replace(binary, CommandLine(), environment.Select(kv => kv.Key + "=" + kv.Value).ToArray(), keep);
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            return $"cannot hand the session over: {ErrorText.Describe(e)}";
        }
        finally
        {
            if (memory >= 0) Libc.close(memory);
            locked.Dispose();
            // Only reached when the replacement did not happen: the windows read on.
            foreach (var w in windows) w.ResumeOutput();
            Volatile.Write(ref _replacing, 0);
        }
    }

    /// <summary>How long all readers together may take to show the chunk each has in hand.</summary>
    private static readonly TimeSpan ReaderWait = TimeSpan.FromMilliseconds(500);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The same argv (what <c>ps</c> shows, e.g. <c>SCREEN -dmS name</c>).</summary>
    private static string[] CommandLine()
    {
        try
        {
            var args = File.ReadAllText("/proc/self/cmdline").TrimEnd('\0').Split('\0');
            if (args.Length > 0 && args[0].Length > 0) return args;
        }
        catch (IOException) { }
        return ["mux-server"];
    }

    private bool RecentlyReplaced() => replacedAt is { } at && DateTimeOffset.UtcNow - at < FaultLoopWindow;

    /// <summary>Reads and removes the variable the previous image left (the windows must not inherit it).</summary>
    public static DateTimeOffset? TakeReplacedAt()
    {
        string? value = Environment.GetEnvironmentVariable(ReplacedAtVariable);
        Environment.SetEnvironmentVariable(ReplacedAtVariable, null);
        return long.TryParse(value, CultureInfo.InvariantCulture, out long at) ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null;
    }
}
