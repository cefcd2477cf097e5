using System.Globalization;
using System.Text;
using System.Text.Json;
using Mux.Platform.Pty;
using Mux.Protocol;

namespace Mux.Server.Jobs;

/// <summary>
/// Something that happened to a window's job (it ended, failed, went silent, printed, rang), with what a hook needs
/// to tell a person about it. Given to the hook as JSON on its standard input and as MUX_* environment variables.
/// </summary>
public sealed record JobEvent(string Event, string Session, int Window, string Title, string Command, int Pid,
    ExitStatus? Exit, bool OomKilled, DateTimeOffset Started, DateTimeOffset? Ended, double CpuSeconds,
    long PeakRssBytes, long PeakGpuBytes, string LastLines, string? Line = null, int DroppedMatches = 0,
    string? CommandLine = null, string? Problem = null)
{
    /// <summary>How many lines of the window's text the event carries.</summary>
    public const int LineCount = 20;

    /// <summary>Plain JSON: a quote is \" and a plus sign itself, not \u0022 and \u002B (nothing reads it as HTML).</summary>
    internal static readonly JsonWriterOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public TimeSpan Runtime => (Ended ?? DateTimeOffset.UtcNow) - Started;

    /// <summary>The end record (<c>exited 3 after 1.2s, peak RSS 4 MiB</c>), or what happened for other events.</summary>
    public string Summary => CommandLine is not null && Exit is { } status
        ? $"{Session}: '{CommandLine}' in window {Window} ({Title}) exited {status.Code}"
        : Exit is { } exit
        ? $"{Session}: {EndRecord.Describe(exit, OomKilled, Runtime, PeakRssBytes, PeakGpuBytes)}"
        : Line is not null ? $"{Session}: window {Window} ({Title}) printed: {Line}"
        : $"{Session}: {Event} in window {Window} ({Title})";

    /// <param name="lastLines">With the window's last lines (a hook's event); <c>mux events</c> keeps its ring small without them.</param>
    /// <param name="at">When it happened (<c>mux events</c>).</param>
    public byte[] ToJson(bool lastLines = true, DateTimeOffset? at = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOptions))
        {
            w.WriteStartObject();
            w.WriteString("event", Event);
            if (at is { } time) w.WriteString("time", time.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("session", Session);
            w.WriteNumber("window", Window);
            w.WriteString("title", Title);
            w.WriteString("command", Command);
            w.WriteNumber("pid", Pid);
            if (Exit is { } exit)
            {
                if (exit.Signaled) { w.WriteNull("exitCode"); w.WriteString("signal", ExitStatus.SignalName(exit.Signal)); }
                else { w.WriteNumber("exitCode", exit.Code); w.WriteNull("signal"); }
                w.WriteBoolean("oomKilled", OomKilled);
            }
            w.WriteString("started", Started.ToString("O", CultureInfo.InvariantCulture));
            if (Ended is { } ended) w.WriteString("ended", ended.ToString("O", CultureInfo.InvariantCulture));
            w.WriteNumber("runtimeSeconds", Math.Round(Runtime.TotalSeconds, 3));
            w.WriteNumber("cpuSeconds", Math.Round(CpuSeconds, 2));
            w.WriteNumber("peakRssBytes", PeakRssBytes);
            if (PeakGpuBytes > 0) w.WriteNumber("peakGpuBytes", PeakGpuBytes);
            w.WriteString("summary", Summary);
            if (lastLines) w.WriteString("lastLines", LastLines);
            if (Problem is not null) w.WriteString("problem", Problem);
            if (CommandLine is not null) w.WriteString("commandLine", CommandLine);
            if (Line is not null)
            {
                w.WriteString("line", Line);
                w.WriteNumber("droppedMatches", DroppedMatches);
            }
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>The same facts for a shell one-liner: MUX_EVENT, MUX_SESSION, MUX_EXIT…</summary>
    public IEnumerable<KeyValuePair<string, string>> ToEnvironment()
    {
        string I(long n) => n.ToString(CultureInfo.InvariantCulture);
        yield return new("MUX_EVENT", Event);
        yield return new("MUX_SESSION", Session);
        yield return new("MUX_WINDOW", I(Window));
        yield return new("MUX_TITLE", Title);
        yield return new("MUX_COMMAND", Command);
        yield return new("MUX_PID", I(Pid));
        if (Exit is { } exit)
        {
            // As $? would say it: the code, or 128 + the signal.
            yield return new("MUX_EXIT", I(exit.ShellCode));
            yield return new("MUX_SIGNAL", exit.Signaled ? ExitStatus.SignalName(exit.Signal) : "");
        }
        yield return new("MUX_RUNTIME", Runtime.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture));
        yield return new("MUX_PEAK_RSS", I(PeakRssBytes));
        yield return new("MUX_SUMMARY", Summary);
        if (Line is not null) yield return new("MUX_LINE", Line);
    }

    /// <summary>The last lines of text in a terminal (history included), trailing blank rows left out.</summary>
    public static string TailText(Mux.Vt100.Terminal terminal, int count)
    {
        var lines = new List<string>(count);
        int row = terminal.Rows - 1;
        while (row >= 0 && terminal.GetRowText(row).Length == 0) row--;
        for (; row >= 0 && lines.Count < count; row--) lines.Add(terminal.GetRowText(row));
        for (int i = terminal.ScrollbackCount - 1; i >= 0 && lines.Count < count; i--) lines.Add(terminal.GetScrollbackRowText(i));
        lines.Reverse();
        var sb = new StringBuilder();
        foreach (var l in lines) sb.Append(l).Append('\n');
        return sb.ToString();
    }
}
