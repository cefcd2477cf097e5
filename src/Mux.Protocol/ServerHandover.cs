namespace Mux.Protocol;

/// <summary>
/// What a session server passes to the image that replaces it (after a fault, or to upgrade): the session, the
/// listening socket and, per running window, the PTY master kept open across execve and the screen as text. The
/// new image may be a newer mux-server, so the layout only ever grows at the end (<see cref="FormatVersion"/>).
/// </summary>
public sealed record ServerHandover(string Name, bool KeepExited, int ScrollbackLimit, string Term, string? Shell,
    int ListenerFd, int CurrentWindow, string Reason, DateTimeOffset Created, HandedOverWindow[] Windows)
{
    /// <summary>Where the old image leaves the descriptor of the memory file that holds the encoded handover.</summary>
    public const string EnvironmentVariable = "MUX_SERVER_HANDOVER";

    public const ushort FormatVersion = 1;

    public byte[] Encode()
    {
        var w = new PayloadWriter().U16(FormatVersion).String(Name).Bool(KeepExited).I32(ScrollbackLimit).String(Term)
            .String(Shell ?? "").I32(ListenerFd).I32(CurrentWindow).String(Reason).I64(Created.ToUnixTimeMilliseconds()).I32(Windows.Length);
        foreach (var x in Windows)
        {
            w.I32(x.Number).String(x.Title).I32(x.Pid).I32(x.MasterFd).String(x.SlaveName).String(x.Command).String(x.Cwd)
                .String(x.LogPath ?? "").Bool(x.LogRaw).I32(x.Columns).I32(x.Rows).I32(x.CursorColumn).I32(x.CursorRow)
                .Strings(x.Lines);
        }
        return w.WrittenSpan.ToArray();
    }

    /// <summary>The handover, or null when it is from a format this image does not know.</summary>
    public static ServerHandover? Decode(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        if (r.U16() != FormatVersion) return null;
        string name = r.String();
        bool keep = r.Bool();
        int scrollback = r.I32();
        string term = r.String();
        string shell = r.String();
        int listener = r.I32(), current = r.I32();
        string reason = r.String();
        var created = DateTimeOffset.FromUnixTimeMilliseconds(r.I64());
        var windows = new HandedOverWindow[r.I32()];
        for (int i = 0; i < windows.Length; i++)
        {
            int number = r.I32();
            string title = r.String();
            int pid = r.I32(), master = r.I32();
            string slave = r.String(), command = r.String(), cwd = r.String(), log = r.String();
            bool raw = r.Bool();
            windows[i] = new HandedOverWindow(number, title, pid, master, slave, command, cwd, log.Length == 0 ? null : log, raw,
                r.I32(), r.I32(), r.I32(), r.I32(), r.Strings());
        }
        return new ServerHandover(name, keep, scrollback, term, shell.Length == 0 ? null : shell, listener, current, reason, created, windows);
    }
}

/// <summary>One running window: its program, its terminal's master descriptor, its log and its screen.</summary>
/// <param name="Lines">Scrollback then the visible rows, as text, oldest first.</param>
public sealed record HandedOverWindow(int Number, string Title, int Pid, int MasterFd, string SlaveName, string Command,
    string Cwd, string? LogPath, bool LogRaw, int Columns, int Rows, int CursorColumn, int CursorRow, string[] Lines);
