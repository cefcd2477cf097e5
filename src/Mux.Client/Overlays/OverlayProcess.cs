using System.Globalization;
using Mux.Client.Cli;
using Mux.Platform.Native;
using Mux.Platform.Pty;
using Mux.Protocol;

namespace Mux.Client.Overlays;

/// <summary>
/// Runs <c>mux-overlay</c> (installed next to <c>mux</c>) on our terminal and collects its answer. It runs in
/// our session and process group, so it gets the terminal's signals like we do; we wait for it on the stdin
/// thread, which is what pauses our own key reading meanwhile.
/// </summary>
internal static unsafe class OverlayProcess
{
    private static int s_running;

    public const string ExecutableName = "mux-overlay";

    /// <summary>Shown as the terminal title while an overlay is open; tests wait for it before typing.</summary>
    public const string TitlePrefix = "mux: ";

    /// <summary>The answer, or null when cancelled (or the overlay could not run: <paramref name="error"/> says why).</summary>
    public static string? Run(string kind, IEnumerable<string> arguments, out string? error)
    {
        if (CompanionExecutable.Find(ExecutableName, out error) is not { } exe) return null;
        // The answer file lives in our private socket directory, where nobody else can plant or read it.
        string result = Path.Combine(SocketDirectory.Resolve(), $".overlay-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            if (RunOnTerminal(exe, [exe, kind, result, .. arguments], out error) is not { } status) return null;
            if (status.ShellCode == 2) error = $"{ExecutableName} did not understand its arguments";
            return status.ShellCode == 0 && File.Exists(result) ? File.ReadAllText(result) : null;
        }
        finally
        {
            try { File.Delete(result); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Runs a program on our terminal (an overlay, a lock program) and waits for it; null when it could not start
    /// (<paramref name="error"/> says why).
    /// </summary>
    public static ExitStatus? RunOnTerminal(string program, string[] argv, out string? error)
    {
        error = null;
        var exited = new TaskCompletionSource<ExitStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            int pid = Spawner.Spawn(program, argv, Spawner.CurrentEnvironment(), _ => { }, Environment.CurrentDirectory, newSession: false);
            Volatile.Write(ref s_running, pid);
            ChildReaper.Register(pid, status => exited.TrySetResult(status));
            return exited.Task.GetAwaiter().GetResult();
        }
        catch (PtyException e)
        {
            error = e.Message;
            return null;
        }
        finally
        {
            Volatile.Write(ref s_running, 0);
        }
    }

    /// <summary>The terminal hung up (or we are leaving): end an open overlay now.</summary>
    public static void HangUp()
    {
        int pid = Volatile.Read(ref s_running);
        if (pid > 0) Libc.kill(pid, Libc.SIGKILL);
    }

    public static bool Confirm(string question, out string? error) => Run("confirm", [question], out error) == "y";

    public static string? AskText(string question, out string? error) => Run("text", [question], out error);

    /// <summary>The colon prompt: a command line, with the command names for Tab and the lines typed before.</summary>
    public static string? AskCommand(IReadOnlyCollection<string> names, IEnumerable<string> history, out string? error) =>
        Run("command", [names.Count.ToString(CultureInfo.InvariantCulture), .. names, .. history], out error);

    public static void ShowHelp(IReadOnlyList<string> lines, out string? error) => Run("help", lines, out error);

    /// <summary>How a window stands in the chooser: <c>running  12% CPU  1.2 GiB</c> (and its GPU memory when known), or how it ended.</summary>
    private static string State(WindowInfo w)
    {
        if (!w.Running) return w.ExitDescription;
        string text = string.Create(CultureInfo.InvariantCulture, $"running  {w.CpuPercent:0}% CPU  {EndRecord.Size(w.RssBytes)}");
        return w.GpuBytes >= 0 ? text + "  GPU " + EndRecord.Size(w.GpuBytes) : text;
    }

    public static int? Choose(IReadOnlyList<WindowInfo> windows, int? current, out string? error)
    {
        var entries = new List<string>(windows.Count);
        foreach (var w in windows)
            entries.Add(string.Create(CultureInfo.InvariantCulture, $"{w.Number}\t{w.Title.Replace('\t', ' ')}\t{State(w)}"));
        string? answer = Run("choose", [current?.ToString(CultureInfo.InvariantCulture) ?? "-", .. entries], out error);
        return int.TryParse(answer, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : null;
    }
}
