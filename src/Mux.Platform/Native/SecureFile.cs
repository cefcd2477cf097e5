using System.Runtime.InteropServices;
using System.Text;

namespace Mux.Platform.Native;

/// <summary>
/// Every file Mux writes for the user (logs, hardcopies) is opened here, so that none of them can be turned
/// against the user by someone else who can write to a directory on the way:
/// <list type="bullet">
/// <item>the path is walked one component at a time from a directory descriptor, each opened <c>O_NOFOLLOW</c>; a
/// link is followed only when it belongs to the user or to the owner of the directory holding it (the kernel's
/// protected_symlinks rule, which is off on many systems, applied to every component);</item>
/// <item>an existing regular file is written only when it belongs to the user or to its directory's owner
/// (protected_regular), so output never lands in a file another user planted to read it;</item>
/// <item>a new file is created <c>O_EXCL</c>, so nothing can be slipped in between looking and creating;</item>
/// <item>a file rewritten as a whole goes to a temporary file renamed into place, so a full disk leaves the old
/// copy whole, never half a new one.</item>
/// </list>
/// Everything after the walk is relative to the directory's descriptor: renaming a directory on the way
/// afterwards changes nothing. Failures are <see cref="IOException"/>s whose message is a plain reason.
/// </summary>
public static unsafe class SecureFile
{
    private const int MaxLinks = 40;
    private const int MaxAttempts = 16;
    /// <summary>0666: the umask makes it what the user expects (usually 0644), as for any file a program creates.</summary>
    private const uint NewFileMode = 0x1B6;

    private const int WriteFlags = Libc.O_WRONLY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC | Libc.O_NOCTTY | Libc.O_NONBLOCK;
    private const int DirectoryFlags = Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC;

    /// <summary>
    /// Opens <paramref name="path"/> for appending, creating it when missing. The descriptor is non-blocking (a
    /// FIFO with nobody reading is an error, not a hang): a writer waits with poll on EAGAIN.
    /// </summary>
    public static FdHandle OpenForAppend(string path)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (dir, name) = Walk(path);
            using (dir)
            {
                int fd = Libc.openat(dir.Fd, name, WriteFlags | Libc.O_APPEND, 0);
                if (fd >= 0) return Checked(new FdHandle(fd), dir);
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.ENOENT)
                {
                    fd = Libc.openat(dir.Fd, name, WriteFlags | Libc.O_APPEND | Libc.O_CREAT | Libc.O_EXCL, NewFileMode);
                    if (fd >= 0) return new FdHandle(fd);
                    errno = Marshal.GetLastPInvokeError();
                }
                // Created, or turned into a link, since the walk looked: walk again.
                if (errno is Libc.EEXIST or Libc.ELOOP) continue;
                throw Failure(errno);
            }
        }
        throw new IOException("the file keeps changing while it is opened");
    }

    /// <summary>
    /// Replaces the contents of <paramref name="path"/> with <paramref name="data"/>: through a temporary file
    /// renamed into place for a regular file (keeping its permissions), straight to it for a device or a FIFO.
    /// </summary>
    public static void Replace(string path, ReadOnlySpan<byte> data)
    {
        var (dir, name) = Walk(path);
        using (dir)
        {
            uint? keepMode = null;
            Libc.Statx st;
            if (Libc.statx(dir.Fd, name, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE | Libc.STATX_MODE | Libc.STATX_UID, &st) == 0)
            {
                int type = st.Mode & Libc.S_IFMT;
                if (type is Libc.S_IFCHR or Libc.S_IFIFO)
                {
                    int fd = Libc.openat(dir.Fd, name, WriteFlags | Libc.O_TRUNC, 0);
                    if (fd < 0) throw Failure(Marshal.GetLastPInvokeError());
                    using var device = new FdHandle(fd);
                    WriteAll(device.Fd, data);
                    return;
                }
                if (type == Libc.S_IFDIR) throw new IOException("it is a directory");
                if (type != Libc.S_IFREG) throw new IOException("it is not a regular file");
                CheckOwner(st.Uid, dir);
                keepMode = (uint)(st.Mode & 0xFFF);
            }
            else if (Marshal.GetLastPInvokeError() is var errno && errno != Libc.ENOENT)
            {
                throw Failure(errno);
            }

            WriteThenRename(dir.Fd, name, data, NewFileMode, keepMode);
        }
    }

    /// <summary>
    /// Writes <paramref name="data"/> as <paramref name="name"/> in the directory <paramref name="dirFd"/>: into a new
    /// hidden file renamed over the name, so a reader sees the old contents or the new, never half. The new file is
    /// created O_EXCL | O_NOFOLLOW: whatever is already under a candidate name (a file or link someone planted, one a
    /// crash left) is never opened, and the next name is tried. The rename replaces the name itself: a link swapped in
    /// at <paramref name="name"/> is replaced, not followed. <paramref name="exactMode"/> is set past the umask.
    /// </summary>
    public static void WriteThenRename(int dirFd, string name, ReadOnlySpan<byte> data, uint createMode, uint? exactMode = null) =>
        WriteThenRename(dirFd, name, data, createMode, exactMode, _ => TemporaryName(name));

    /// <summary>How many taken names are stepped over before giving up.</summary>
    private const int TemporaryAttempts = 8;

    internal static void WriteThenRename(int dirFd, string name, ReadOnlySpan<byte> data, uint createMode, uint? exactMode, Func<int, string> candidate)
    {
        string? temporary = null;
        int fd = -1;
        for (int attempt = 0; attempt < TemporaryAttempts && temporary is null; attempt++)
        {
            string next = candidate(attempt);
            fd = Libc.openat(dirFd, next, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_CLOEXEC | Libc.O_NOCTTY, createMode);
            if (fd >= 0) temporary = next;
            else if (Marshal.GetLastPInvokeError() is var errno && errno != Libc.EEXIST) throw Failure(errno);
        }
        if (temporary is null) throw new IOException("every name tried for a temporary file beside it was taken");
        try
        {
            using (var file = new FdHandle(fd))
            {
                if (exactMode is { } mode) Libc.fchmod(file.Fd, mode);
                WriteAll(file.Fd, data);
                file.SetHandleAsInvalid();
                // Network file systems report a failed write only here.
                if (Libc.close(fd) != 0) throw Failure(Marshal.GetLastPInvokeError());
            }
            if (Libc.renameat(dirFd, temporary, dirFd, name) != 0) throw Failure(Marshal.GetLastPInvokeError());
        }
        catch
        {
            Libc.unlinkat(dirFd, temporary, 0);
            throw;
        }
    }

    /// <summary>
    /// A hidden name beside <paramref name="name"/>. It only has to differ from what is there (see
    /// <see cref="WriteThenRename(int, string, ReadOnlySpan{byte}, uint, uint?)"/>), so it does not come from the
    /// cryptographic generator: that loads OpenSSL, about 2 MB of an idle server's memory.
    /// </summary>
    private static string TemporaryName(string name) => $".{name}.mux-{Random.Shared.NextInt64():x16}";

    /// <summary>Writes all of <paramref name="data"/> to a descriptor, waiting (poll) while a non-blocking one is full.</summary>
    public static void WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            byte* p = start;
            nint left = data.Length;
            while (left > 0)
            {
                nint n = Libc.write(fd, p, left);
                if (n > 0) { p += n; left -= n; continue; }
                int errno = n < 0 ? Marshal.GetLastPInvokeError() : Libc.EIO;
                if (errno == Libc.EINTR) continue;
                if (errno == Libc.EAGAIN)
                {
                    var poll = new Libc.PollFd { Fd = fd, Events = Libc.POLLOUT };
                    Libc.poll(&poll, 1, -1);
                    continue;
                }
                throw Failure(errno);
            }
        }
    }

    /// <summary>An <see cref="IOException"/> whose message is errno's plain text and whose HResult is errno.</summary>
    public static IOException Failure(int errno) => errno switch
    {
        Libc.ENXIO => new IOException("no program is reading that pipe", errno),
        Libc.ELOOP => new IOException("too many links to follow", errno),
        _ => new IOException(Libc.ErrorText(errno), errno),
    };

    /// <summary>
    /// Walks <paramref name="path"/> from the root: returns the directory that holds its last component (open
    /// O_PATH) and that component's name, which is then missing or not a link. Links on the way are followed
    /// only when trusted.
    /// </summary>
    private static (FdHandle Dir, string Name) Walk(string path)
    {
        var pending = new Stack<string>();
        Push(pending, Path.GetFullPath(path));
        if (pending.Count == 0) throw new IOException("it is a directory");
        var dir = OpenRoot();
        string shown = "/"; // where the walk is, for messages
        int links = 0;
        try
        {
            while (true)
            {
                string name = pending.Pop();
                bool last = pending.Count == 0;
                if (name == "..")
                {
                    if (last) throw new IOException("it is a directory");
                    dir = Step(dir, Libc.openat(dir.Fd, "..", DirectoryFlags, 0));
                    shown = Path.GetDirectoryName(shown) ?? "/";
                    continue;
                }
                Libc.Statx st;
                if (Libc.statx(dir.Fd, name, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE, &st) != 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (last && errno == Libc.ENOENT) return (dir, name);
                    throw Failure(errno);
                }
                if ((st.Mode & Libc.S_IFMT) == Libc.S_IFLNK)
                {
                    if (++links > MaxLinks) throw Failure(Libc.ELOOP);
                    string target = ReadTrustedLink(dir, name, Path.Combine(shown, name));
                    if (target.StartsWith('/'))
                    {
                        dir.Dispose();
                        dir = OpenRoot();
                        shown = "/";
                    }
                    Push(pending, target);
                    continue;
                }
                if (last) return (dir, name);
                dir = Step(dir, Libc.openat(dir.Fd, name, DirectoryFlags, 0));
                shown = Path.Combine(shown, name);
            }
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    /// <summary>Pushes a path's components so that its first one is on top.</summary>
    private static void Push(Stack<string> pending, string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = parts.Length - 1; i >= 0; i--)
            if (parts[i] != ".") pending.Push(parts[i]);
    }

    private static FdHandle OpenRoot()
    {
        int fd = Libc.open("/", Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        return fd >= 0 ? new FdHandle(fd) : throw Failure(Marshal.GetLastPInvokeError());
    }

    /// <summary>Moves the walk into the directory just opened (or fails with why it could not be).</summary>
    private static FdHandle Step(FdHandle from, int fd)
    {
        if (fd < 0) throw Failure(Marshal.GetLastPInvokeError());
        from.Dispose();
        return new FdHandle(fd);
    }

    /// <summary>
    /// Where the link <paramref name="name"/> in <paramref name="dir"/> points, if its owner may decide where the
    /// user's data goes. The link is opened once (O_PATH) and both its owner and its target are read from that
    /// descriptor, so it cannot be swapped in between.
    /// </summary>
    private static string ReadTrustedLink(FdHandle dir, string name, string shown)
    {
        int fd = Libc.openat(dir.Fd, name, Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        if (fd < 0) throw Failure(Marshal.GetLastPInvokeError());
        using var link = new FdHandle(fd);
        Libc.Statx st;
        if (Libc.statx(fd, "", Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE | Libc.STATX_UID, &st) != 0)
            throw Failure(Marshal.GetLastPInvokeError());
        if ((st.Mode & Libc.S_IFMT) != Libc.S_IFLNK) throw new IOException("the file keeps changing while it is opened");
        if (!IsTrusted(st.Uid, dir))
            throw new IOException($"{shown} is a link that belongs to another user (uid {st.Uid}); Mux does not follow it");
        const int Size = 4096;
        byte* buf = stackalloc byte[Size];
        nint n = Libc.readlinkat(fd, "", buf, Size);
        if (n < 0) throw Failure(Marshal.GetLastPInvokeError());
        if (n >= Size) throw Failure(Libc.ELOOP);
        return Encoding.UTF8.GetString(buf, (int)n);
    }

    private static FdHandle Checked(FdHandle file, FdHandle dir)
    {
        try
        {
            Libc.Statx st;
            if (Libc.statx(file.Fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_TYPE | Libc.STATX_UID, &st) != 0)
                throw Failure(Marshal.GetLastPInvokeError());
            if ((st.Mode & Libc.S_IFMT) == Libc.S_IFREG) CheckOwner(st.Uid, dir);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static void CheckOwner(uint owner, FdHandle dir)
    {
        if (!IsTrusted(owner, dir))
            throw new IOException($"the file belongs to another user (uid {owner}); Mux does not write into it");
    }

    /// <summary>The user's own, or the directory owner's (who could replace it anyway).</summary>
    private static bool IsTrusted(uint owner, FdHandle dir)
    {
        if (owner == Libc.geteuid()) return true;
        Libc.Statx st;
        return Libc.statx(dir.Fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_UID, &st) == 0 && st.Uid == owner;
    }
}
