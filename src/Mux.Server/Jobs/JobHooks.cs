using Mux.Platform.Pty;

namespace Mux.Server.Jobs;

/// <summary>
/// A session's hooks: a shell command per event (<c>on exit CMD</c>, <c>on fail CMD</c>…), run in the background
/// with the event as JSON on its standard input and as MUX_* variables. A hook never holds up the session: it is
/// spawned at once, fed by a thread of its own, and killed (with whatever it started) after <see cref="TimeLimit"/>.
/// Whatever goes wrong with it is reported through the callback, never swallowed.
/// </summary>
public sealed class JobHooks
{
    /// <summary>The events, screen's monitor names beside the two that end a job, a line that matched, and a shell
    /// command finished (OSC 133; <c>fail</c> too when its status was not 0).</summary>
    public static readonly IReadOnlyList<string> Events = ["exit", "fail", "silence", "activity", "bell", "match", "done"];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _commands = new(StringComparer.Ordinal);
    private readonly List<Task> _running = new();

    /// <summary>How long a hook may run before it is killed.</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Sets (or with null removes) the command for an event.</summary>
    public void Set(string evt, string? command)
    {
        lock (_gate)
        {
            if (command is null) _commands.Remove(evt);
            else _commands[evt] = command;
        }
    }

    public string? Get(string evt)
    {
        lock (_gate) return evt == "match" ? _match?.Command : _commands.GetValueOrDefault(evt);
    }

    private MatchHook? _match;

    /// <summary><c>on match</c>: the pattern and its command, or null. Setting it starts reading lines afresh.</summary>
    public MatchHook? Match
    {
        get { lock (_gate) return _match; }
        set { lock (_gate) _match = value; }
    }

    public bool Any
    {
        get { lock (_gate) return _commands.Count > 0 || _match is not null; }
    }

    /// <summary>The events that fire when a job ends this way: exit always, fail too when it did not exit 0.</summary>
    public static IEnumerable<string> EndEvents(ExitStatus status)
    {
        yield return "exit";
        if (status.Signaled || status.Code != 0) yield return "fail";
    }

    /// <summary>
    /// Runs the event's hook, if one is set, in <paramref name="cwd"/> with <paramref name="environment"/> plus the
    /// event's MUX_* variables. <paramref name="report"/> hears, once, why a hook failed. Returns the run (complete
    /// once the hook is done), or null when none started.
    /// </summary>
    public Task? Fire(JobEvent e, IReadOnlyDictionary<string, string> environment, string cwd, Action<string> report)
    {
        string? command = Get(e.Event);
        if (command is null) return null;
        var env = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        foreach (var (k, v) in e.ToEnvironment()) env[k] = v;
        string[] envp = [.. env.Select(kv => $"{kv.Key}={kv.Value}")];
        string what = $"hook 'on {e.Event}' for window {e.Window}";
        ChildProcess child;
        try
        {
            child = ChildProcess.Start("/bin/sh", ["/bin/sh", "-c", command], envp, Directory.Exists(cwd) ? cwd : "/", e.ToJson());
        }
        catch (PtyException x)
        {
            report($"{what} could not start: {x.Message}");
            return null;
        }
        var watch = WatchAsync(child, what, report);
        lock (_gate)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(watch);
        }
        return watch;
    }

    private async Task WatchAsync(ChildProcess child, string what, Action<string> report)
    {
        var limit = TimeLimit;
        bool timedOut = false;
        try { await child.Exited.WaitAsync(limit).ConfigureAwait(false); }
        catch (TimeoutException) { timedOut = true; }
        // What it started in the background may still hold its output: give that a moment, then end it all.
        string output = "";
        try { output = await child.Output.WaitAsync(timedOut ? TimeSpan.Zero : TimeSpan.FromSeconds(1)).ConfigureAwait(false); }
        catch (TimeoutException) { }
        if (timedOut || !child.Output.IsCompleted) child.KillGroup();
        if (timedOut)
        {
            report($"{what} was killed after {limit.TotalSeconds:0.#} s: {Last(output) ?? "it took too long"}");
            return;
        }
        var status = child.Exited.Result;
        if (status.Signaled || status.Code != 0)
        {
            string how = status.Signaled ? $"was killed by {ExitStatus.SignalName(status.Signal)}" : $"failed with status {status.Code}";
            report($"{what} {how}" + (Last(output) is { } line ? $": {line}" : ""));
        }
    }

    /// <summary>Waits (at most <paramref name="limit"/>) for running hooks, so a server about to exit does not cut one off.</summary>
    public void WaitForRunning(TimeSpan limit)
    {
        Task[] running;
        lock (_gate) running = [.. _running];
        try { Task.WaitAll(running, limit); }
        catch (AggregateException) { }
    }

    private static string? Last(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? null : lines[^1].Length > 200 ? lines[^1][..200] + "…" : lines[^1];
    }
}
