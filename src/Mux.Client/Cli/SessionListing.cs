using System.Globalization;
using System.Text;
using Mux.Server.Ipc;

namespace Mux.Client.Cli;

/// <summary>screen's <c>-ls</c> layout, and <c>-wipe</c>.</summary>
internal static class SessionListing
{
    public static string Format(IReadOnlyList<SessionEntry> entries, string directory, bool verbose, string? match = null)
    {
        var sb = new StringBuilder();
        if (entries.Count == 0)
        {
            sb.Append("No Sockets found");
            if (match is not null) sb.Append(" matching ").Append(match);
            sb.Append(" in ").Append(directory).Append(".\n");
            return sb.ToString();
        }
        sb.Append(entries.Count == 1 ? "There is a screen on:\n" : "There are screens on:\n");
        foreach (var e in entries)
        {
            sb.Append('\t').Append(e.Name.FileName).Append('\t');
            if (!e.IsDead && e.CreatedUnixMs > 0) sb.Append('(').Append(FormatTime(e.CreatedUnixMs)).Append(")\t");
            sb.Append('(').Append(e.StateText).Append(")\n");
            if (verbose && e.Info is { } info)
            {
                foreach (var w in info.Windows) AppendWindow(sb, w);
            }
        }
        if (entries.Any(e => e.IsDead)) sb.Append("Remove dead screens with 'mux -wipe'.\n");
        sb.Append(entries.Count).Append(entries.Count == 1 ? " Socket in " : " Sockets in ").Append(directory).Append(".\n");
        return sb.ToString();
    }

    /// <summary>One window of <c>-ls -v</c>: number, title, command, pid, state, start time and run time.</summary>
    private static void AppendWindow(StringBuilder sb, WindowInfo w)
    {
        long end = w.Running ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() : w.EndedUnixMs;
        var runTime = TimeSpan.FromMilliseconds(Math.Max(0, end - w.StartedUnixMs));
        sb.Append("\t  ").Append(w.Number).Append(' ').Append(w.Title)
          .Append("\tpid ").Append(w.Pid)
          .Append('\t').Append(w.Running ? "running" : w.ExitDescription)
          .Append("\tstarted ").Append(FormatTime(w.StartedUnixMs))
          .Append("\tran ").Append(FormatDuration(runTime))
          .Append("\t").Append(w.Command).Append('\n');
        if (LogStatus(w) is { } log) sb.Append("\t    ").Append(log).Append('\n');
        sb.Append("\t    ").Append(JobCost.Text(w)).Append('\n');
        if (w.HookProblem.Length > 0) sb.Append("\t    ").Append(w.HookProblem).Append('\n');
    }

    /// <summary>A window's log when something is wrong with it: what, and how many lines it lost.</summary>
    public static string? LogStatus(WindowInfo w)
    {
        if (w.LogProblem.Length == 0 && w.LogLinesDropped == 0) return null;
        var parts = new List<string>(2);
        if (w.LogProblem.Length > 0) parts.Add(w.LogProblem);
        if (w.LogLinesDropped > 0) parts.Add($"{w.LogLinesDropped} lines not logged");
        string text = string.Join("; ", parts);
        // A log that could not be opened names its file already.
        return w.LogPath.Length > 0 ? $"log {w.LogPath}: {text}" : text;
    }

    public static string FormatDuration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m{t.Seconds:00}s"
        : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:00}s"
        : $"{t.TotalSeconds:0.0}s";

    private static string FormatTime(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToLocalTime().ToString("MM/dd/yyyy hh:mm:ss tt", CultureInfo.InvariantCulture);
}
