using System.Globalization;
using System.Text;
using Mux.Platform.Native;
using Mux.Protocol;

namespace Mux.Client.Cli;

/// <summary>
/// screen's <c>-ls</c> layout, byte for byte where scripts parse it, and the section of ended jobs after it.
/// </summary>
/// <remarks>
/// Scripts ask "is it still running?" with <c>screen -ls | grep -q NAME</c>, so the classic list holds only
/// sessions whose programs run (or whose server is stopped or gone, as screen lists them). A session kept to show
/// how its job ended goes in a section after the footer, printed only for a person: when stdout is a terminal, or
/// with <c>-v</c>. The exit status follows the classic list alone: 1 when it is empty, as screen's.
/// </remarks>
internal static class SessionListing
{
    /// <summary>screen ends its messages (header, footer, "No Sockets found") with CR LF, and the session lines
    /// with LF alone; scripts that parse the listing were written against exactly those bytes.</summary>
    public const string MessageEnd = "\r\n";

    /// <summary>The listing and whether the classic list (what scripts see) had anything in it.</summary>
    public static (string Text, bool AnyListed) Format(IReadOnlyList<SessionEntry> entries, string directory, bool verbose, bool showEnded)
    {
        var listed = new List<SessionEntry>();
        var ended = new List<SessionEntry>();
        var lost = new List<SessionEntry>();
        foreach (var e in entries)
            (e.State switch { SessionState.Ended => ended, SessionState.Lost => lost, _ => listed }).Add(e);
        var sb = new StringBuilder();
        if (listed.Count == 0)
        {
            // screen's own blank line: the message's LF, then its CR LF.
            sb.Append("No Sockets found in ").Append(directory).Append(".\n").Append(MessageEnd);
        }
        else
        {
            sb.Append(listed.Count == 1 ? "There is a screen on:" : "There are screens on:").Append(MessageEnd);
            foreach (var e in listed) AppendSession(sb, e, verbose);
            if (listed.Exists(e => e.IsDead)) sb.Append("Remove dead screens with '").Append(InvocationName.Name).Append(" -wipe'.").Append(MessageEnd);
            sb.Append(listed.Count).Append(listed.Count == 1 ? " Socket in " : " Sockets in ").Append(directory).Append('.').Append(MessageEnd);
        }
        if (showEnded && ended.Count > 0)
        {
            sb.Append("\nEnded (").Append(InvocationName.Name).Append(" -r NAME shows the last screen, ")
              .Append(InvocationName.Name).Append(" -wipe removes them):\n");
            foreach (var e in ended) AppendSession(sb, e, verbose);
        }
        if (showEnded && lost.Count > 0)
        {
            string mux = InvocationName.Name;
            sb.Append("\nLost (").Append(mux).Append(" -r NAME shows the last screen, ").Append(mux).Append(" rerun NAME starts it again, ")
              .Append(mux).Append(" -wipe removes them):\n");
            foreach (var e in lost) AppendSession(sb, e, verbose);
        }
        return (sb.ToString(), listed.Count > 0);
    }

    /// <summary>The sessions' lines as <c>-ls</c> prints them, for the messages that list candidates.</summary>
    public static string Lines(IEnumerable<SessionEntry> entries)
    {
        var sb = new StringBuilder();
        foreach (var e in entries) AppendSession(sb, e, verbose: false);
        return sb.ToString();
    }

    /// <summary>One session as screen prints it: tab, pid.name, tab, (date), tab, (state).</summary>
    private static void AppendSession(StringBuilder sb, SessionEntry e, bool verbose)
    {
        sb.Append('\t').Append(e.Name.FileName).Append('\t');
        if (!e.IsDead && e.CreatedUnixMs > 0) sb.Append('(').Append(FormatTime(e.CreatedUnixMs)).Append(")\t");
        sb.Append('(').Append(e.StateText);
        // Who only watches, for a person deciding whether to take a session over (plain -ls stays screen's).
        if (verbose && e.Info is { ReadOnlyClients: > 0 } watched)
            sb.Append(", ").Append(watched.AttachedClients).Append(watched.AttachedClients == 1 ? " display, " : " displays, ")
              .Append(watched.ReadOnlyClients).Append(" read-only");
        sb.Append(")\n");
        if (verbose && e.Info is { } info)
        {
            foreach (var w in info.Windows) AppendWindow(sb, w);
        }
        if (verbose && e.Record is { } record) AppendRecord(sb, record);
    }

    /// <summary>What <c>-ls -v</c> shows of a session known from its record: its job, and each window's end.</summary>
    private static void AppendRecord(StringBuilder sb, Mux.Protocol.Records.JobRecord record)
    {
        sb.Append("\t  ").Append(string.Join(' ', record.Command)).Append("\tin ").Append(record.Cwd).Append('\n');
        foreach (var w in record.Windows)
        {
            sb.Append("\t  ").Append(w.Number).Append(' ').Append(w.Title)
              .Append('\t').Append(w.Running ? "was running" : w.EndRecord.Length > 0 ? w.EndRecord : w.Exit)
              .Append("\tstarted ").Append(FormatTime(w.StartedUnixMs))
              .Append('\t').Append(w.Command).Append('\n');
        }
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
        if (InputStatus(w) is { } input) sb.Append("\t    ").Append(input).Append('\n');
    }

    /// <summary>What could not be written to a window's program because it did not read its input; null when nothing.</summary>
    public static string? InputStatus(WindowInfo w)
    {
        if (w.InputBytesDropped == 0 && w.ReplyBytesDropped == 0) return null;
        var parts = new List<string>(2);
        if (w.InputBytesDropped > 0) parts.Add($"{w.InputBytesDropped} bytes of input");
        if (w.ReplyBytesDropped > 0) parts.Add($"{w.ReplyBytesDropped} bytes of terminal replies");
        return "not reading its input: dropped " + string.Join(" and ", parts);
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

    /// <summary>screen's date, local time: <c>12/04/26 08:19:47</c>, two words, so a line's fourth field is its state.</summary>
    public static string FormatTime(long unixMs) => TimeText.ScreenDate(unixMs);
}
