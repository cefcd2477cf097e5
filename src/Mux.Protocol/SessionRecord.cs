using System.Globalization;
using System.Text;
using Mux.Platform.Native;

namespace Mux.Protocol;

/// <summary>
/// The few facts a listing needs without asking the server, kept in <c>.PID.NAME</c> beside the socket
/// <c>PID.NAME</c> (the leading dot keeps it from ever parsing as a session). The server writes it before it
/// binds the socket and again when all its programs have ended; whether a client is attached lives in the
/// socket's own owner-execute bit, as screen keeps it (<see cref="AttachedBit"/>).
/// </summary>
/// <param name="StartTicks">The server's start time (/proc/PID/stat field 22): with the pid it tells the server
/// from a process that later reuses its pid, without comparing clocks.</param>
/// <param name="Exit">Empty while a program runs; else how the first one ended, as <c>-ls</c> shows it
/// (<c>Exited 3</c>, <c>Killed SIGKILL</c>).</param>
public sealed record SessionRecord(ulong StartTicks, long CreatedUnixMs, string Exit, int ExitCode)
{
    /// <summary>S_IXUSR on the socket: set while at least one client is attached.</summary>
    public const UnixFileMode AttachedBit = UnixFileMode.UserExecute;

    public const UnixFileMode DetachedMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public bool Ended => Exit.Length > 0;

    public static string PathFor(string socketPath) =>
        Path.Combine(Path.GetDirectoryName(socketPath) ?? ".", "." + Path.GetFileName(socketPath));

    public string Format() => string.Create(CultureInfo.InvariantCulture,
        $"mux-session 1\nstart {StartTicks}\ncreated {CreatedUnixMs}\nexit-code {ExitCode}\nexit {Exit}\n");

    public static SessionRecord? Parse(string text)
    {
        ulong? start = null;
        long? created = null;
        int code = 0;
        string exit = "";
        foreach (var line in text.Split('\n'))
        {
            int space = line.IndexOf(' ');
            if (space < 0) continue;
            string value = line[(space + 1)..];
            switch (line[..space])
            {
                case "start" when ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong s): start = s; break;
                case "created" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long c): created = c; break;
                case "exit-code" when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int e): code = e; break;
                case "exit": exit = value; break;
            }
        }
        return start is { } t && created is { } ms ? new SessionRecord(t, ms, exit, code) : null;
    }

    /// <summary>The record of the socket at <paramref name="socketPath"/>; null when missing or unreadable.</summary>
    /// <remarks>Read with one open and one read into the stack: <c>-ls</c> reads one per session on its start path,
    /// where a FileStream and a StreamReader would cost more than the read.</remarks>
    public static unsafe SessionRecord? Read(string socketPath)
    {
        int fd = Libc.open(PathFor(socketPath), Libc.O_RDONLY | Libc.O_CLOEXEC | Libc.O_NOFOLLOW, 0);
        if (fd < 0) return null;
        const int Max = 1024; // a record is under 200 bytes; an exit text is short
        byte* buf = stackalloc byte[Max];
        nint n;
        try { n = Libc.read(fd, buf, Max); }
        finally { Libc.close(fd); }
        return n > 0 ? Parse(Encoding.UTF8.GetString(buf, (int)n)) : null;
    }

    /// <summary>
    /// Replaces the record in one step (a reader sees the old or the new one, never half): written to a fresh
    /// <c>O_EXCL</c> file, which never follows a planted link, then renamed over the old.
    /// </summary>
    public void Write(string socketPath)
    {
        string path = PathFor(socketPath);
        string temp = path + ".new";
        File.Delete(temp);
        using (var f = new FileStream(temp, new FileStreamOptions
            { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = DetachedMode }))
        {
            f.Write(Encoding.UTF8.GetBytes(Format()));
        }
        File.Move(temp, path, overwrite: true);
    }

    public static void Delete(string socketPath)
    {
        try { File.Delete(PathFor(socketPath)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
