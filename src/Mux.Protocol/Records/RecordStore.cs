using System.Runtime.InteropServices;
using System.Text;
using Mux.Platform.Native;

namespace Mux.Protocol.Records;

/// <summary>Where a <see cref="RecordWriter"/> puts what it writes: the record directory, or a test's stand-in.</summary>
public interface IRecordSink
{
    /// <summary>Replaces the file <paramref name="name"/> with <paramref name="data"/> in one step; IOException when it cannot.</summary>
    void Replace(string name, ReadOnlySpan<byte> data);

    /// <summary>Marks <paramref name="name"/> as written now (its time says when the server was last seen alive).</summary>
    void Touch(string name);
}

/// <summary>
/// The files of the record directory, every one reached from the directory's descriptor: <c>PID.NAME.record</c> (the
/// <see cref="JobRecord"/>) and <c>PID.NAME.screens.gz</c> (<see cref="SavedScreens"/>). Files are created 0600,
/// <c>O_EXCL</c>, and renamed into place; anything in a record's place that is not a regular file of the user's (a
/// planted link, a FIFO) is refused, never opened.
/// </summary>
public sealed unsafe class RecordStore : IRecordSink, IDisposable
{
    public const string RecordSuffix = ".record";
    public const string ScreensSuffix = ".screens.gz";
    private const uint Mode0600 = 0x180;
    /// <summary>A record is a few KiB (the environment is most of it); more is not one of ours.</summary>
    public const int MaxRecordBytes = 1 << 20;

    private readonly FdHandle _dir;

    private RecordStore(string path, FdHandle dir)
    {
        Path = path;
        _dir = dir;
    }

    public string Path { get; }

    /// <summary>The user's record directory (see <see cref="RecordDirectory"/>); null when it does not exist and
    /// <paramref name="create"/> is false. IOException with a plain message when it is unsafe.</summary>
    public static RecordStore? Open(bool create) => Open(RecordDirectory.Resolve(), create);

    public static RecordStore? Open(string path, bool create) =>
        RecordDirectory.Open(path, create) is { } dir ? new RecordStore(path, dir) : null;

    public static string RecordName(string id) => id + RecordSuffix;

    public static string ScreensName(string id) => id + ScreensSuffix;

    public void Replace(string name, ReadOnlySpan<byte> data)
    {
        CheckRegular(name);
        SecureFile.WriteThenRename(_dir.Fd, name, data, Mode0600);
    }

    public void Touch(string name)
    {
        CheckRegular(name);
        if (Libc.utimensat(_dir.Fd, name, null, Libc.AT_SYMLINK_NOFOLLOW) != 0) throw SecureFile.Failure(Marshal.GetLastPInvokeError());
    }

    /// <summary>The file's bytes; null when it is missing. IOException (plain words) when it is not a regular file of ours.</summary>
    public byte[]? Read(string name, int max = MaxRecordBytes)
    {
        int fd = Libc.openat(_dir.Fd, name, Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC | Libc.O_NOCTTY | Libc.O_NONBLOCK, 0);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.ENOENT) return null;
            throw Refusal(name, errno);
        }
        using var file = new FdHandle(fd);
        Libc.Statx st;
        if (Libc.statx(fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_TYPE | Libc.STATX_UID, &st) != 0) throw SecureFile.Failure(Marshal.GetLastPInvokeError());
        if ((st.Mode & Libc.S_IFMT) != Libc.S_IFREG) throw new IOException($"{System.IO.Path.Combine(Path, name)} is not a regular file; Mux does not read it");
        if (st.Uid != Libc.geteuid()) throw new IOException($"{System.IO.Path.Combine(Path, name)} belongs to another user (uid {st.Uid}); Mux does not read it");
        // Plain read(2) calls into one growing buffer: -ls reads one record per session, no FileStream for each.
        var buffer = new byte[8 * 1024];
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= max) throw new IOException($"{System.IO.Path.Combine(Path, name)} is too large to be a record");
                Array.Resize(ref buffer, Math.Min(max, buffer.Length * 4));
            }
            nint n;
            fixed (byte* p = &buffer[length]) n = Libc.read(fd, p, buffer.Length - length);
            if (n < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EINTR) continue;
                throw SecureFile.Failure(errno);
            }
            if (n == 0) break;
            length += (int)n;
        }
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>When the file was last written or touched (Unix seconds); 0 when unknown.</summary>
    public long LastWritten(string name)
    {
        Libc.Statx st;
        return Libc.statx(_dir.Fd, name, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_MTIME, &st) == 0 ? st.MtimeSeconds : 0;
    }

    /// <summary>The records in the directory; one that cannot be read safely is reported in <paramref name="problems"/> and skipped.</summary>
    public List<(JobRecord Record, long LastSeenUnixMs)> ReadAll(List<string> problems)
    {
        var found = new List<(JobRecord, long)>();
        foreach (var name in Names())
        {
            if (!name.EndsWith(RecordSuffix, StringComparison.Ordinal)) continue;
            try
            {
                if (Read(name) is not { } bytes) continue; // removed meanwhile
                if (JobRecord.Parse(Encoding.UTF8.GetString(bytes)) is { } record) found.Add((record, LastWritten(name) * 1000));
                else problems.Add($"{System.IO.Path.Combine(Path, name)} is not a record Mux can read; it is left alone (mux -wipe --all removes it)");
            }
            catch (IOException e) { problems.Add(e.Message); }
        }
        return found;
    }

    /// <summary>Removes the records of normally ended sessions but the newest <paramref name="keep"/>.</summary>
    public void PruneEnded(int keep, string bootId)
    {
        var ended = ReadAll([]).Where(r => RecordStates.Of(r.Record, bootId) == RecordState.Ended)
            .OrderByDescending(r => r.LastSeenUnixMs).Skip(keep);
        foreach (var (record, _) in ended) Delete(record.Id);
    }

    /// <summary>Every entry's name but the temporary files of writes under way.</summary>
    public List<string> Names()
    {
        var names = new List<string>();
        try
        {
            foreach (string p in Directory.EnumerateFileSystemEntries(Path))
                if (System.IO.Path.GetFileName(p) is { } name && !name.StartsWith('.')) names.Add(name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
        return names;
    }

    /// <summary>Removes a session's record and screens; false when there was nothing to remove.</summary>
    public bool Delete(string id)
    {
        bool removed = Libc.unlinkat(_dir.Fd, RecordName(id), 0) == 0;
        Libc.unlinkat(_dir.Fd, ScreensName(id), 0);
        return removed;
    }

    /// <summary>Removes one entry by its file name (a link is removed, never followed).</summary>
    public bool DeleteFile(string name) => Libc.unlinkat(_dir.Fd, name, 0) == 0;

    private void CheckRegular(string name)
    {
        Libc.Statx st;
        if (Libc.statx(_dir.Fd, name, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE | Libc.STATX_UID, &st) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.ENOENT) return;
            throw SecureFile.Failure(errno);
        }
        int type = st.Mode & Libc.S_IFMT;
        if (type == Libc.S_IFLNK) throw new IOException($"{System.IO.Path.Combine(Path, name)} is a symbolic link; Mux does not follow it (remove it to let the record be written)");
        if (type != Libc.S_IFREG) throw new IOException($"{System.IO.Path.Combine(Path, name)} is not a regular file; Mux does not write into it (remove it to let the record be written)");
        if (st.Uid != Libc.geteuid()) throw new IOException($"{System.IO.Path.Combine(Path, name)} belongs to another user (uid {st.Uid}); Mux does not replace it");
    }

    private IOException Refusal(string name, int errno) => errno == Libc.ELOOP
        ? new IOException($"{System.IO.Path.Combine(Path, name)} is a symbolic link; Mux does not follow it")
        : new IOException($"cannot read {System.IO.Path.Combine(Path, name)}: {Libc.ErrorText(errno)}", errno);

    public void Dispose() => _dir.Dispose();
}
