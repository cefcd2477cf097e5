using System.Text;
using System.Text.Json;
using Mux.Protocol.Records;

namespace Mux.Client.Cli;

/// <summary><c>-ls --json</c>: the listing for scripts, written with Utf8JsonWriter (no reflection, AOT-safe).</summary>
internal static class ListingJson
{
    public static string Format(IReadOnlyList<SessionEntry> entries, string directory)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("socketDirectory", directory);
            w.WriteStartArray("sessions");
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteString("id", e.Name.FileName);
                w.WriteNumber("pid", e.Name.Pid);
                w.WriteString("name", e.Name.Name);
                if (e.Record is { } record)
                {
                    WriteRecord(w, e, record);
                    w.WriteEndObject();
                    continue;
                }
                if (e.Info is not { } info)
                {
                    w.WriteString("state", e.State.ToString().ToLowerInvariant());
                    w.WriteEndObject();
                    continue;
                }
                w.WriteString("state", info.Ended ? "exited" : info.AttachedClients > 0 ? "attached" : "detached");
                if (info.Ended) { w.WriteString("exit", info.ExitDescription); w.WriteNumber("exitCode", info.ExitCode); }
                w.WriteNumber("attachedClients", info.AttachedClients);
                w.WriteNumber("readOnlyClients", info.ReadOnlyClients);
                w.WriteString("created", DateTimeOffset.FromUnixTimeMilliseconds(info.CreatedUnixMs).ToString("O"));
                w.WriteStartArray("windows");
                foreach (var win in info.Windows)
                {
                    w.WriteStartObject();
                    w.WriteNumber("number", win.Number);
                    w.WriteString("title", win.Title);
                    w.WriteString("command", win.Command);
                    w.WriteNumber("pid", win.Pid);
                    w.WriteBoolean("running", win.Running);
                    if (!win.Running) { w.WriteString("exit", win.ExitDescription); w.WriteNumber("exitCode", win.ExitCode); }
                    w.WriteString("started", DateTimeOffset.FromUnixTimeMilliseconds(win.StartedUnixMs).ToString("O"));
                    if (!win.Running) w.WriteString("ended", DateTimeOffset.FromUnixTimeMilliseconds(win.EndedUnixMs).ToString("O"));
                    if (win.LogPath.Length > 0) w.WriteString("log", win.LogPath);
                    if (win.LogProblem.Length > 0) w.WriteString("logProblem", win.LogProblem);
                    if (win.LogPath.Length > 0 || win.LogLinesDropped > 0) w.WriteNumber("logLinesDropped", win.LogLinesDropped);
                    if (win.InputBytesDropped > 0) w.WriteNumber("inputBytesDropped", win.InputBytesDropped);
                    if (win.ReplyBytesDropped > 0) w.WriteNumber("replyBytesDropped", win.ReplyBytesDropped);
                    JobCost.WriteJson(w, win);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A session known only from its record: lost (why, last seen) or ended, with its job and windows.</summary>
    private static void WriteRecord(Utf8JsonWriter w, SessionEntry e, JobRecord record)
    {
        static string Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("O");
        bool lost = e.State == SessionState.Lost;
        w.WriteString("state", lost ? "lost" : "exited");
        if (lost) w.WriteString("lostReason", e.LostReason);
        else { w.WriteString("exit", record.Exit); w.WriteNumber("exitCode", record.ExitCode); }
        w.WriteString("created", Time(record.CreatedUnixMs));
        w.WriteString("lastSeen", Time(e.LastSeenUnixMs));
        w.WriteStartArray("command");
        foreach (var a in record.Command) w.WriteStringValue(a);
        w.WriteEndArray();
        w.WriteString("cwd", record.Cwd);
        w.WriteStartArray("windows");
        foreach (var win in record.Windows)
        {
            w.WriteStartObject();
            w.WriteNumber("number", win.Number);
            w.WriteString("title", win.Title);
            w.WriteString("command", win.Command);
            w.WriteString("cwd", win.Cwd);
            w.WriteBoolean("running", win.Running);
            if (!win.Running)
            {
                w.WriteString("exit", win.Exit);
                w.WriteNumber("exitCode", win.ExitCode);
                w.WriteString("endRecord", win.EndRecord);
                w.WriteString("ended", Time(win.EndedUnixMs));
            }
            w.WriteString("started", Time(win.StartedUnixMs));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
