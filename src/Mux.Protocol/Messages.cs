namespace Mux.Protocol;

// The typed messages. Each knows how to write its payload and read it back; the framing is MessageFraming's.

/// <summary>First message from a client: who it is and what its terminal looks like.</summary>
public sealed record Hello(ushort Version, int Columns, int Rows, string Term, string Cwd, string[] Environment)
{
    public byte[] Encode() => new PayloadWriter().U16(Version).U16(Columns).U16(Rows).String(Term).String(Cwd).Strings(Environment).WrittenSpan.ToArray();

    /// <param name="speaks">The version the reader speaks (a test may make a server announce an older one).</param>
    public static Hello Decode(ReadOnlySpan<byte> payload, ushort speaks = WireFormat.Version)
    {
        var r = new PayloadReader(payload);
        ushort version = r.U16();
        // A different version may lay the rest out differently: keep just the version for the error message.
        if (version != speaks) return new Hello(version, 0, 0, "", "", []);
        return new Hello(version, r.U16(), r.U16(), r.String(), r.String(), r.Strings());
    }
}

/// <summary>The server's answer to Hello.</summary>
public sealed record Welcome(ushort Version, int ServerPid, string SessionName)
{
    public string FullName => $"{ServerPid}.{SessionName}";

    public byte[] Encode() => new PayloadWriter().U16(Version).I32(ServerPid).String(SessionName).WrittenSpan.ToArray();

    public static Welcome Decode(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        return new Welcome(r.U16(), r.I32(), r.String());
    }
}

/// <summary>A screen command (<c>-X</c>, or a key binding) and the window it targets ("" = the current one).</summary>
/// <param name="Query">Sent by <c>-Q</c>: the answer is wanted back rather than shown on the displays.</param>
public sealed record CommandRequest(string Window, string[] Arguments, bool Query = false)
{
    public byte[] Encode() => new PayloadWriter().String(Window).Strings(Arguments).Bool(Query).WrittenSpan.ToArray();

    public static CommandRequest Decode(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        string window = r.String();
        string[] arguments = r.Strings();
        return new CommandRequest(window, arguments, !r.AtEnd && r.Bool());
    }
}

/// <summary>What a command printed, and its exit code (0 = success).</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public static CommandResult Ok(string output = "") => new(0, output, "");

    public static CommandResult Fail(string error) => new(1, "", error);

    public byte[] Encode() => new PayloadWriter().I32(ExitCode).String(Output).String(Error).WrittenSpan.ToArray();

    public static CommandResult Decode(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        return new CommandResult(r.I32(), r.String(), r.String());
    }
}

/// <summary>One window as listed by <c>-ls -v</c>, <c>-ls --json</c> and the window list.</summary>
/// <param name="LogPath">The file the window logs to; empty when it does not log.</param>
/// <param name="LogProblem">What is wrong with the log (could not be opened, disk full or slow); empty when nothing.</param>
/// <param name="LogLinesDropped">Lines of output the log lost (each gap is marked in the file).</param>
/// <param name="CpuSeconds">CPU time of the window's whole process tree.</param>
/// <param name="GpuBytes">GPU memory the tree uses now; -1 when unknown (no nvidia-smi, no GPU use).</param>
/// <param name="EndRecord">How the program ended, in one line; empty while it runs.</param>
/// <param name="HookProblem">Why the window's last hook failed; empty when none did.</param>
public sealed record WindowInfo(int Number, string Title, string Command, int Pid, bool Running, string ExitDescription,
    int ExitCode, long StartedUnixMs, long EndedUnixMs, string LogPath = "", string LogProblem = "", long LogLinesDropped = 0,
    double CpuSeconds = 0, double CpuPercent = 0, long RssBytes = 0, long PeakRssBytes = 0, long GpuBytes = -1,
    int GpuPercent = -1, long PeakGpuBytes = -1, string EndRecord = "", string HookProblem = "", long InputBytesDropped = 0,
    long ReplyBytesDropped = 0);

/// <summary>The state of a session, for listings.</summary>
/// <param name="CurrentWindow">The number of the window attached clients show; -1 when there is none.</param>
/// <param name="FirstEndRecord">How the first window's program ended, in one line; empty while it runs.</param>
/// <param name="ReadOnlyClients">How many of the attached clients only watch (<c>--read-only</c>, or <c>readonly on</c>).</param>
public sealed record SessionInfo(int Pid, string Name, long CreatedUnixMs, int AttachedClients, string ExitDescription,
    bool Ended, int ExitCode, WindowInfo[] Windows, int CurrentWindow, string FirstEndRecord = "", int ReadOnlyClients = 0)
{
    public byte[] Encode()
    {
        var w = new PayloadWriter().I32(Pid).String(Name).I64(CreatedUnixMs).I32(AttachedClients).String(ExitDescription)
            .Bool(Ended).I32(ExitCode).I32(CurrentWindow).I32(Windows.Length);
        foreach (var x in Windows)
            w.I32(x.Number).String(x.Title).String(x.Command).I32(x.Pid).Bool(x.Running).String(x.ExitDescription)
                .I32(x.ExitCode).I64(x.StartedUnixMs).I64(x.EndedUnixMs).String(x.LogPath).String(x.LogProblem).I64(x.LogLinesDropped)
                .I64(BitConverter.DoubleToInt64Bits(x.CpuSeconds)).I64(BitConverter.DoubleToInt64Bits(x.CpuPercent)).I64(x.RssBytes)
                .I64(x.PeakRssBytes).I64(x.GpuBytes).I32(x.GpuPercent).I64(x.PeakGpuBytes).String(x.EndRecord).String(x.HookProblem)
                .I64(x.InputBytesDropped).I64(x.ReplyBytesDropped);
        w.String(FirstEndRecord).I32(ReadOnlyClients);
        return w.WrittenSpan.ToArray();
    }

    public static SessionInfo Decode(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        int pid = r.I32();
        string name = r.String();
        long created = r.I64();
        int attached = r.I32();
        string exit = r.String();
        bool ended = r.Bool();
        int code = r.I32();
        int current = r.I32();
        int n = r.I32();
        if (n < 0 || n > 10_000) throw new ProtocolException("malformed window list");
        var windows = new WindowInfo[n];
        for (int i = 0; i < n; i++)
            windows[i] = new WindowInfo(r.I32(), r.String(), r.String(), r.I32(), r.Bool(), r.String(), r.I32(), r.I64(), r.I64(),
                r.String(), r.String(), r.I64(), BitConverter.Int64BitsToDouble(r.I64()), BitConverter.Int64BitsToDouble(r.I64()),
                r.I64(), r.I64(), r.I64(), r.I32(), r.I64(), r.String(), r.String(), r.I64(), r.I64());
        string firstEnd = r.String();
        int readOnly = r.I32();
        return new SessionInfo(pid, name, created, attached, exit, ended, code, windows, current, firstEnd, readOnly);
    }
}

/// <summary>
/// What a client's terminal answered its queries with: colour slots (palette 0-255, then xterm's special and dynamic
/// colours, as Mux.Vt100's ColorSlot numbers them) with 0xRRGGBB values, and whether it speaks the kitty keyboard protocol.
/// </summary>
/// <param name="KittyKeys">The terminal answered the kitty keyboard query: it speaks that protocol.</param>
public sealed record TerminalColors((int Slot, uint Rgb)[] Colors, bool KittyKeys = false)
{
    /// <summary>More than any terminal has colours to tell: a larger message is garbage.</summary>
    public const int MaxColors = 512;

    public byte[] Encode()
    {
        var w = new PayloadWriter().U16(Colors.Length);
        foreach (var (slot, rgb) in Colors) w.U16(slot).I32((int)(rgb & 0xFFFFFF));
        w.Bool(KittyKeys);
        return w.WrittenSpan.ToArray();
    }

    public static TerminalColors Decode(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        int n = r.U16();
        if (n > MaxColors) throw new ProtocolException("malformed colour list");
        var colors = new (int, uint)[n];
        for (int i = 0; i < n; i++) colors[i] = (r.U16(), (uint)r.I32() & 0xFFFFFF);
        // Added after the message: a client from before it sends none (its terminal's kitty support is unknown).
        return new TerminalColors(colors, !r.AtEnd && r.Bool());
    }
}

/// <summary>Sent to a client that is no longer attached, with why.</summary>
public sealed record DetachedNotice(DetachReason Reason, string Text)
{
    public byte[] Encode() => new PayloadWriter().U8((byte)Reason).String(Text).WrittenSpan.ToArray();

    public static DetachedNotice Decode(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        return new DetachedNotice((DetachReason)r.U8(), r.String());
    }

    /// <summary>Written out: a record's generated ToString formats its enum by reflection, which Native AOT would link into mux.</summary>
    public override string ToString() => Text;
}

/// <summary>TtyOpen's payload: the terminal the client sits on.</summary>
public static class TerminalDeviceRequest
{
    public static byte[] Encode(Mux.Platform.Native.TerminalDevice device) =>
        new PayloadWriter().String(device.Path).I32((int)device.Major).I32((int)device.Minor).WrittenSpan.ToArray();

    public static Mux.Platform.Native.TerminalDevice Decode(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        return new Mux.Platform.Native.TerminalDevice(r.String(), (uint)r.I32(), (uint)r.I32());
    }
}

/// <summary>A terminal size carried by Resize.</summary>
public readonly record struct TerminalSize(int Columns, int Rows)
{
    public byte[] Encode() => new PayloadWriter().U16(Columns).U16(Rows).WrittenSpan.ToArray();

    public static TerminalSize Decode(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        return new TerminalSize(r.U16(), r.U16());
    }
}

/// <summary>Subscribe's payload: replay the events kept since <paramref name="SinceUnixMs"/> (none when it is
/// <see cref="long.MaxValue"/>), then keep streaming them when <paramref name="Follow"/>.</summary>
public readonly record struct EventSubscription(long SinceUnixMs, bool Follow)
{
    public byte[] Encode() => new PayloadWriter().I64(SinceUnixMs).Bool(Follow).WrittenSpan.ToArray();

    public static EventSubscription Decode(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        return new EventSubscription(r.I64(), r.Bool());
    }
}

/// <summary>
/// One thing that happened in a session, as <c>mux events</c> shows it: when, a readable line without the time
/// (<c>train:0 exited 1 after 3h12m</c>) and the same as one JSON object (the hooks' field names).
/// </summary>
/// <param name="Sequence">Counts the session's events from 1: a gap is events that were dropped.</param>
/// <param name="Ends">The session ended: nothing follows.</param>
public sealed record StreamedEvent(long Sequence, long UnixMs, string Text, string Json, bool Ends = false)
{
    public byte[] Encode() => new PayloadWriter().I64(Sequence).I64(UnixMs).String(Text).String(Json).Bool(Ends).WrittenSpan.ToArray();

    public static StreamedEvent Decode(ReadOnlySpan<byte> payload)
    {
        var r = new PayloadReader(payload);
        return new StreamedEvent(r.I64(), r.I64(), r.String(), r.String(), r.Bool());
    }
}
