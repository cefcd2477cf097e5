using System.Globalization;
using System.Text;
using System.Text.Json;
using Mux.Protocol;
using Mux.Server.Jobs;

namespace Mux.Server.Events;

/// <summary>
/// What <c>mux events</c> shows of an event: one readable line (the client puts the time in front) and one JSON
/// object with the hooks' field names and the time. The names of the events beside the hooks' own are here.
/// </summary>
public static class EventText
{
    public const string SessionStarted = "session-started";
    public const string SessionEnded = "session-ended";
    public const string WindowOpened = "window-opened";
    public const string WindowClosed = "window-closed";
    public const string HookFailed = "hook-failed";
    /// <summary>Not an event of the session's: how many its reader missed (fell behind, or no longer kept).</summary>
    public const string Dropped = "dropped";

    /// <summary><c>train:0 exited 1 after 3h12m</c>, <c>train:0 'make' failed 2</c>…</summary>
    public static string Line(JobEvent e)
    {
        string where = $"{e.Session}:{e.Window.ToString(CultureInfo.InvariantCulture)}";
        string what = e.Event switch
        {
            "exit" when e.Exit is { } exit => EndRecord.Describe(exit, e.OomKilled, e.Runtime, e.PeakRssBytes, e.PeakGpuBytes),
            "done" => $"'{e.CommandLine}' done",
            "fail" => $"'{e.CommandLine}' failed {e.Exit?.Code.ToString(CultureInfo.InvariantCulture)}",
            "match" => $"printed: {e.Line}",
            "bell" => "rang the bell",
            "activity" => "activity",
            "silence" => "went silent",
            WindowOpened => $"opened ({e.Title}): {e.Command}",
            WindowClosed => "closed",
            HookFailed => e.Problem ?? "a hook failed",
            _ => e.Event,
        };
        return $"{where} {what}";
    }

    public static string Json(JobEvent e, DateTimeOffset at) => Encoding.UTF8.GetString(e.ToJson(lastLines: false, at));

    /// <summary>An event of the session as a whole (started, ended), or a reader's gap (<paramref name="count"/>).</summary>
    public static string Json(string evt, string session, int pid, DateTimeOffset at, long? count = null, string? text = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JobEvent.JsonOptions))
        {
            w.WriteStartObject();
            w.WriteString("event", evt);
            w.WriteString("time", at.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("session", session);
            w.WriteNumber("pid", pid);
            if (count is { } n) w.WriteNumber("count", n);
            if (text is not null) w.WriteString("summary", text);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
