using Mux.Protocol.Records;

namespace Mux.Client.Cli;

/// <summary><c>-ls --json</c>: the listing for scripts.</summary>
internal static class ListingJson
{
    public static string Format(IReadOnlyList<SessionEntry> entries, string directory)
    {
        var w = new JsonText(indented: true);
        w.StartObject();
        w.String("socketDirectory", directory);
        w.StartArray("sessions");
        foreach (var e in entries)
        {
            w.StartObject();
            w.String("id", e.Name.FileName);
            w.Number("pid", e.Name.Pid);
            w.String("name", e.Name.Name);
            if (e.Record is { } record)
            {
                WriteRecord(w, e, record);
                w.EndObject();
                continue;
            }
            if (e.Info is not { } info)
            {
                w.String("state", StateName(e.State));
                w.EndObject();
                continue;
            }
            w.String("state", info.Ended ? "exited" : info.AttachedClients > 0 ? "attached" : "detached");
            if (info.Ended) { w.String("exit", info.ExitDescription); w.Number("exitCode", info.ExitCode); }
            w.Number("attachedClients", info.AttachedClients);
            w.Number("readOnlyClients", info.ReadOnlyClients);
            w.String("created", TimeText.Iso8601(info.CreatedUnixMs));
            w.StartArray("windows");
            foreach (var win in info.Windows)
            {
                w.StartObject();
                w.Number("number", win.Number);
                w.String("title", win.Title);
                w.String("command", win.Command);
                w.Number("pid", win.Pid);
                w.Bool("running", win.Running);
                if (!win.Running) { w.String("exit", win.ExitDescription); w.Number("exitCode", win.ExitCode); }
                w.String("started", TimeText.Iso8601(win.StartedUnixMs));
                if (!win.Running) w.String("ended", TimeText.Iso8601(win.EndedUnixMs));
                if (win.LogPath.Length > 0) w.String("log", win.LogPath);
                if (win.LogProblem.Length > 0) w.String("logProblem", win.LogProblem);
                if (win.LogPath.Length > 0 || win.LogLinesDropped > 0) w.Number("logLinesDropped", win.LogLinesDropped);
                if (win.InputBytesDropped > 0) w.Number("inputBytesDropped", win.InputBytesDropped);
                if (win.ReplyBytesDropped > 0) w.Number("replyBytesDropped", win.ReplyBytesDropped);
                JobCost.WriteJson(w, win);
                w.EndObject();
            }
            w.EndArray();
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
        return w.ToString();
    }

    /// <summary>The state's name for scripts, written out: formatting an enum would link the reflection runtime into mux.</summary>
    private static string StateName(SessionState state) => state switch
    {
        SessionState.Detached => "detached",
        SessionState.Attached => "attached",
        SessionState.Ended => "ended",
        SessionState.Unreachable => "unreachable",
        SessionState.Dead => "dead",
        SessionState.Lost => "lost",
        _ => "unknown",
    };

    /// <summary>A session known only from its record: lost (why, last seen) or ended, with its job and windows.</summary>
    private static void WriteRecord(JsonText w, SessionEntry e, JobRecord record)
    {
        static string Time(long unixMs) => TimeText.Iso8601(unixMs);
        bool lost = e.State == SessionState.Lost;
        w.String("state", lost ? "lost" : "exited");
        if (lost) w.String("lostReason", e.LostReason);
        else { w.String("exit", record.Exit); w.Number("exitCode", record.ExitCode); }
        w.String("created", Time(record.CreatedUnixMs));
        w.String("lastSeen", Time(e.LastSeenUnixMs));
        w.StartArray("command");
        foreach (var a in record.Command) w.StringValue(a);
        w.EndArray();
        w.String("cwd", record.Cwd);
        w.StartArray("windows");
        foreach (var win in record.Windows)
        {
            w.StartObject();
            w.Number("number", win.Number);
            w.String("title", win.Title);
            w.String("command", win.Command);
            w.String("cwd", win.Cwd);
            w.Bool("running", win.Running);
            if (!win.Running)
            {
                w.String("exit", win.Exit);
                w.Number("exitCode", win.ExitCode);
                w.String("endRecord", win.EndRecord);
                w.String("ended", Time(win.EndedUnixMs));
            }
            w.String("started", Time(win.StartedUnixMs));
            w.EndObject();
        }
        w.EndArray();
    }
}
