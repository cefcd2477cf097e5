using System.Globalization;
using System.Text;
using Mux.Client.Cli;
using Mux.Protocol;

namespace Mux.Client.Top;

/// <summary>What <c>mux top</c> sorts by: the first key of each (c, m, g, n) picks it.</summary>
internal enum TopSort { Cpu, Memory, Gpu, Name }

/// <summary>One line of <c>mux top</c>: a window, or a session whose server did not answer (<see cref="Window"/> null).</summary>
internal sealed record TopRow(string Session, WindowInfo? Window, string State);

/// <summary>
/// <c>mux top</c>'s table: every window of every session, sorted, laid out to a width. Pure (the sessions and the
/// time in, text out), so the live view and the one-shot snapshot print the same thing.
/// </summary>
internal static class TopTable
{
    private const string Header = "SESSION      WIN TITLE        PID     STATE       CPU%   CPU TIME  RSS (PEAK)          GPU MEM    RUNTIME  COMMAND";

    public static List<TopRow> Rows(IEnumerable<SessionEntry> entries)
    {
        var rows = new List<TopRow>();
        foreach (var e in entries)
        {
            if (e.IsDead || e.IsRecordOnly) continue;
            if (e.Info is not { } info)
            {
                // A running server that gave no details speaks an older protocol (or could not be asked in time).
                rows.Add(new TopRow(e.Name.Name, null, e.State switch
                {
                    SessionState.Unreachable => "not answering",
                    SessionState.Attached or SessionState.Detached => "no figures from this server's version (-X upgrade)",
                    _ => e.StateText,
                }));
                continue;
            }
            foreach (var w in info.Windows)
                rows.Add(new TopRow(e.Name.Name, w, w.Running ? "running" : w.ExitDescription));
        }
        return rows;
    }

    /// <summary>Largest first for the figures, A to Z for names; servers that did not answer always last.</summary>
    public static List<TopRow> Sort(List<TopRow> rows, TopSort by)
    {
        static double Key(TopRow r, TopSort by) => r.Window is not { } w ? double.MinValue : by switch
        {
            TopSort.Cpu => w.Running ? w.CpuPercent : -1,
            TopSort.Memory => w.Running ? w.RssBytes : -1,
            TopSort.Gpu => w.Running ? w.GpuBytes : -1,
            _ => 0,
        };
        var order = new List<(TopRow Row, int Index)>(rows.Count);
        for (int i = 0; i < rows.Count; i++) order.Add((rows[i], i));
        order.Sort((a, b) =>
        {
            int c = (a.Row.Window is null).CompareTo(b.Row.Window is null);
            if (c == 0 && by != TopSort.Name) c = Key(b.Row, by).CompareTo(Key(a.Row, by));
            if (c == 0) c = string.CompareOrdinal(a.Row.Session, b.Row.Session);
            if (c == 0) c = (a.Row.Window?.Number ?? 0).CompareTo(b.Row.Window?.Number ?? 0);
            // Equal rows keep their order, as a stable sort would.
            return c != 0 ? c : a.Index.CompareTo(b.Index);
        });
        return order.ConvertAll(o => o.Row);
    }

    /// <summary>The header and one line per row, each cut to <paramref name="width"/> columns.</summary>
    public static List<string> Lines(List<TopRow> rows, int width, long nowUnixMs)
    {
        var lines = new List<string>(rows.Count + 1) { Fit(Header, width) };
        foreach (var r in rows) lines.Add(Fit(Line(r, nowUnixMs), width));
        return lines;
    }

    private static string Line(TopRow r, long nowUnixMs)
    {
        var sb = new StringBuilder();
        sb.Append(Pad(r.Session, 12)).Append(' ');
        if (r.Window is not { } w) return sb.Append(Pad("-", 3)).Append(' ').Append(Pad("", 12)).Append(' ').Append(Pad("", 7)).Append(' ').Append(r.State).ToString();
        long end = w.Running ? nowUnixMs : w.EndedUnixMs;
        string cpu = w.Running ? w.CpuPercent.ToString("0.0", CultureInfo.InvariantCulture) : "-";
        string rss = (w.Running ? EndRecord.Size(w.RssBytes) : "-") + " (" + EndRecord.Size(w.PeakRssBytes) + ")";
        string gpu = w.GpuBytes >= 0 ? EndRecord.Size(w.GpuBytes) + (w.GpuPercent >= 0 ? " " + w.GpuPercent + "%" : "")
            : w.PeakGpuBytes > 0 ? "(" + EndRecord.Size(w.PeakGpuBytes) + ")" : "-";
        sb.Append(PadLeft(w.Number.ToString(CultureInfo.InvariantCulture), 3)).Append(' ')
          .Append(Pad(w.Title, 12)).Append(' ')
          .Append(Pad(w.Pid.ToString(CultureInfo.InvariantCulture), 7)).Append(' ')
          .Append(Pad(r.State, 10)).Append(' ')
          .Append(PadLeft(cpu, 6)).Append(' ')
          .Append(PadLeft(CpuTime(w.CpuSeconds), 10)).Append("  ")
          .Append(Pad(rss, 19)).Append(' ')
          .Append(PadLeft(gpu, 11)).Append(' ')
          .Append(PadLeft(EndRecord.Duration(TimeSpan.FromMilliseconds(Math.Max(0, end - w.StartedUnixMs))), 8)).Append("  ")
          .Append(w.Command);
        return sb.ToString();
    }

    /// <summary>top's TIME+ shape, minutes:seconds.hundredths (hours when there are any).</summary>
    public static string CpuTime(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return t.TotalHours >= 1
            ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}"
            : $"{(int)t.TotalMinutes}:{t.Seconds:00}.{t.Milliseconds / 10:00}";
    }

    private static string Pad(string s, int width)
    {
        s = Printable(s);
        return s.Length > width ? s[..width] : s.PadRight(width);
    }

    private static string PadLeft(string s, int width) => s.Length > width ? s[..width] : s.PadLeft(width);

    private static string Fit(string s, int width)
    {
        s = Printable(s);
        return s.Length > width ? s[..width] : s;
    }

    /// <summary>A title or command is the program's own text: control characters would drive the user's terminal.</summary>
    private static bool HasControl(string s)
    {
        foreach (char c in s)
            if (char.IsControl(c)) return true;
        return false;
    }

    private static string Printable(string s)
    {
        if (!HasControl(s)) return s;
        var chars = s.ToCharArray();
        for (int i = 0; i < chars.Length; i++) if (char.IsControl(chars[i])) chars[i] = '?';
        return new string(chars);
    }
}
