using System.Globalization;
using System.Text;

namespace Mux.Protocol.Records;

/// <summary>One window of a recorded session: what it ran, where, and how it ended (empty <see cref="Exit"/> while it ran).</summary>
/// <param name="EndRecord">The one-line end record (<c>exited 1 after 3h12m, peak RSS 11 GiB</c>); empty while it ran.</param>
public sealed record WindowRecord(int Number, string Title, string Command, string Cwd, long StartedUnixMs, long EndedUnixMs,
    string Exit, int ExitCode, string EndRecord)
{
    public bool Running => Exit.Length == 0;
}

/// <summary>
/// What is kept on disk of a session, so that it outlives its server: the job (command, directory, environment), the
/// server that ran it (pid, start time, boot), and its windows. The last screens are kept beside it
/// (<see cref="SavedScreens"/>). The format is lines of <c>key value</c>, values escaped so each stays on one line;
/// unknown keys are skipped, so a newer writer's record still reads.
/// </summary>
/// <param name="StartTicks">The server's start time (/proc/PID/stat field 22): with the pid it names one process.</param>
/// <param name="Ended">The session ended normally (quit, or its last window ended); false while its server runs, or
/// when the server was killed before it could say.</param>
/// <param name="Exit">How <c>-ls</c> shows an ended session (<c>Exited 3</c>); empty while it runs.</param>
public sealed record JobRecord(string Name, int Pid, ulong StartTicks, string BootId, string[] Command, string Cwd,
    string[] Environment, long CreatedUnixMs, bool Ended, string Exit, int ExitCode, IReadOnlyList<WindowRecord> Windows)
{
    private const string Magic = "mux-record 1";

    /// <summary>PID.NAME, as the session's socket is named.</summary>
    public string Id => $"{Pid}.{Name}";

    public string Format()
    {
        var sb = new StringBuilder(256);
        sb.Append(Magic).Append('\n');
        Line(sb, "name", Name);
        Line(sb, "pid", Pid.ToString(CultureInfo.InvariantCulture));
        Line(sb, "start-ticks", StartTicks.ToString(CultureInfo.InvariantCulture));
        Line(sb, "boot-id", BootId);
        Line(sb, "created", CreatedUnixMs.ToString(CultureInfo.InvariantCulture));
        Line(sb, "cwd", Cwd);
        foreach (var a in Command) Line(sb, "arg", a);
        foreach (var e in Environment) Line(sb, "env", e);
        Line(sb, "ended", Ended ? "1" : "0");
        Line(sb, "exit", Exit);
        Line(sb, "exit-code", ExitCode.ToString(CultureInfo.InvariantCulture));
        foreach (var w in Windows)
        {
            Line(sb, "window", w.Number.ToString(CultureInfo.InvariantCulture));
            Line(sb, "w.title", w.Title);
            Line(sb, "w.command", w.Command);
            Line(sb, "w.cwd", w.Cwd);
            Line(sb, "w.started", w.StartedUnixMs.ToString(CultureInfo.InvariantCulture));
            Line(sb, "w.ended", w.EndedUnixMs.ToString(CultureInfo.InvariantCulture));
            Line(sb, "w.exit", w.Exit);
            Line(sb, "w.exit-code", w.ExitCode.ToString(CultureInfo.InvariantCulture));
            Line(sb, "w.end", w.EndRecord);
        }
        return sb.ToString();
    }

    /// <summary>Null for anything that is not a whole record (another file, a torn or foreign one).</summary>
    public static JobRecord? Parse(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0] != Magic) return null;
        string? name = null;
        int pid = 0, exitCode = 0;
        ulong ticks = 0;
        long created = 0;
        string boot = "", cwd = "/", exit = "";
        bool ended = false;
        var command = new List<string>();
        var env = new List<string>();
        var windows = new List<WindowRecord>();
        WindowRecord? w = null;
        foreach (var line in lines.AsSpan(1))
        {
            int space = line.IndexOf(' ');
            if (space < 0) continue;
            string key = line[..space];
            string value = Unescape(line.AsSpan(space + 1));
            switch (key)
            {
                case "name": name = value; break;
                case "pid": int.TryParse(value, CultureInfo.InvariantCulture, out pid); break;
                case "start-ticks": ulong.TryParse(value, CultureInfo.InvariantCulture, out ticks); break;
                case "boot-id": boot = value; break;
                case "created": long.TryParse(value, CultureInfo.InvariantCulture, out created); break;
                case "cwd": cwd = value; break;
                case "arg": command.Add(value); break;
                case "env": env.Add(value); break;
                case "ended": ended = value == "1"; break;
                case "exit": exit = value; break;
                case "exit-code": int.TryParse(value, CultureInfo.InvariantCulture, out exitCode); break;
                case "window":
                    if (w is not null) windows.Add(w);
                    w = new WindowRecord(Number(value), "", "", "/", 0, 0, "", 0, "");
                    break;
                case "w.title" when w is not null: w = w with { Title = value }; break;
                case "w.command" when w is not null: w = w with { Command = value }; break;
                case "w.cwd" when w is not null: w = w with { Cwd = value }; break;
                case "w.started" when w is not null: w = w with { StartedUnixMs = Long(value) }; break;
                case "w.ended" when w is not null: w = w with { EndedUnixMs = Long(value) }; break;
                case "w.exit" when w is not null: w = w with { Exit = value }; break;
                case "w.exit-code" when w is not null: w = w with { ExitCode = Number(value) }; break;
                case "w.end" when w is not null: w = w with { EndRecord = value }; break;
            }
        }
        if (w is not null) windows.Add(w);
        if (name is null || pid <= 0) return null;
        return new JobRecord(name, pid, ticks, boot, [.. command], cwd, [.. env], created, ended, exit, exitCode, windows);
    }

    private static int Number(string s) => int.TryParse(s, CultureInfo.InvariantCulture, out int n) ? n : 0;

    private static long Long(string s) => long.TryParse(s, CultureInfo.InvariantCulture, out long n) ? n : 0;

    private static void Line(StringBuilder sb, string key, string value)
    {
        sb.Append(key).Append(' ');
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('\n');
    }

    private static string Unescape(ReadOnlySpan<char> value)
    {
        if (value.IndexOf('\\') < 0) return value.ToString();
        var sb = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\' || i + 1 == value.Length) { sb.Append(value[i]); continue; }
            char next = value[++i];
            sb.Append(next switch { 'n' => '\n', 'r' => '\r', _ => next });
        }
        return sb.ToString();
    }
}
