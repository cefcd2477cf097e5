using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Mux.Server.Native;

/// <summary>
/// Every file Mux writes for the user (logs, hardcopies) is opened here, so that none of them can be turned
/// against the user by someone else who can write to the same directory:
/// <list type="bullet">
/// <item>the last component is opened <c>O_NOFOLLOW</c>; a link is followed only when it belongs to the user or to
/// the directory's owner (the kernel's protected_symlinks rule, which is off on many systems);</item>
/// <item>an existing regular file is written only when it belongs to the user or to the directory's owner
/// (protected_regular), so output never lands in a file another user planted to read it;</item>
/// <item>a new file is created <c>O_EXCL</c>, so nothing can be slipped in between looking and creating;</item>
/// <item>a file rewritten as a whole goes to a temporary file renamed into place: a full disk leaves the old
/// copy intact, never half a new one.</item>
/// </list>
/// Failures are <see cref="IOException"/>s whose message is a plain reason (no path), fit to show a user.
/// </summary>
internal static unsafe class SecureFile
{
    private const int MaxLinks = 8;
    private const int MaxAttempts = 16;
    /// <summary>0666: the umask makes it what the user expects (usually 0644), as for any file a program creates.</summary>
    private const uint NewFileMode = 0x1B6;

    private const int WriteFlags = Libc.O_WRONLY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC | Libc.O_NOCTTY | Libc.O_NONBLOCK;

    /// <summary>
    /// Opens <paramref name="path"/> for appending, creating it when missing. The descriptor is non-blocking (a
    /// FIFO with nobody reading is an error, not a hang): a writer waits with poll on EAGAIN.
    /// </summary>
    public static FdHandle OpenForAppend(string path)
    {
        path = Path.GetFullPath(path);
        int links = 0;
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            int fd = Libc.open(path, WriteFlags | Libc.O_APPEND, 0);
            int errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (fd >= 0) return Checked(new FdHandle(fd), path);
            if (errno == Libc.ENOENT)
            {
                fd = Libc.open(path, WriteFlags | Libc.O_APPEND | Libc.O_CREAT | Libc.O_EXCL, NewFileMode);
                if (fd >= 0) return new FdHandle(fd);
                errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EEXIST) continue; // created meanwhile: look at it again
                throw Failure(errno);
            }
            if (errno == Libc.ELOOP && ++links <= MaxLinks)
            {
                path = FollowTrustedLink(path);
                continue;
            }
            throw Failure(errno);
        }
        throw new IOException("the file keeps changing while it is opened");
    }

    /// <summary>
    /// Replaces the contents of <paramref name="path"/> with <paramref name="data"/>: through a temporary file
    /// renamed into place for a regular file (keeping its permissions), straight to it for a device or a FIFO.
    /// </summary>
    public static void Replace(string path, ReadOnlySpan<byte> data)
    {
        path = ResolveTrustedLinks(Path.GetFullPath(path));
        string directory = Path.GetDirectoryName(path) ?? "/";
        uint? keepMode = null;
        if (Lstat(path, out var st, out int errno))
        {
            int type = st.Mode & Libc.S_IFMT;
            if (type is Libc.S_IFCHR or Libc.S_IFIFO)
            {
                int fd = Libc.open(path, WriteFlags | Libc.O_TRUNC, 0);
                if (fd < 0) throw Failure(Marshal.GetLastPInvokeError());
                using var device = new FdHandle(fd);
                WriteAll(device.Fd, data);
                return;
            }
            if (type != Libc.S_IFREG) throw new IOException(type == Libc.S_IFDIR ? "it is a directory" : "it is not a regular file");
            CheckOwner(st.Uid, directory);
            keepMode = (uint)(st.Mode & 0xFFF);
        }
        else if (errno != Libc.ENOENT)
        {
            throw Failure(errno);
        }

        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.mux-{Convert.ToHexString(RandomNumberGenerator.GetBytes(6))}");
        int tfd = Libc.open(temporary, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_CLOEXEC | Libc.O_NOCTTY, NewFileMode);
        if (tfd < 0) throw Failure(Marshal.GetLastPInvokeError());
        try
        {
            using (var file = new FdHandle(tfd))
            {
                if (keepMode is { } mode) Libc.fchmod(file.Fd, mode);
                WriteAll(file.Fd, data);
                file.SetHandleAsInvalid();
                // Network file systems report a failed write only here.
                if (Libc.close(tfd) != 0) throw Failure(Marshal.GetLastPInvokeError());
            }
            if (Libc.rename(temporary, path) != 0) throw Failure(Marshal.GetLastPInvokeError());
        }
        catch
        {
            Libc.unlink(temporary);
            throw;
        }
    }

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

    /// <summary>Follows links at the last component as long as they are trusted; returns the first non-link path.</summary>
    private static string ResolveTrustedLinks(string path)
    {
        for (int links = 0; ; links++)
        {
            if (!Lstat(path, out var st, out _) || (st.Mode & Libc.S_IFMT) != Libc.S_IFLNK) return path;
            if (links == MaxLinks) throw Failure(Libc.ELOOP);
            path = FollowTrustedLink(path);
        }
    }

    /// <summary>
    /// Where the link at <paramref name="path"/> points, if its owner may decide where the user's data goes. The
    /// link is opened once (O_PATH) and both its owner and its target read from that descriptor, so it cannot be
    /// swapped in between.
    /// </summary>
    private static string FollowTrustedLink(string path)
    {
        int fd = Libc.open(path, Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        if (fd < 0) throw Failure(Marshal.GetLastPInvokeError());
        using var link = new FdHandle(fd);
        Libc.Statx st;
        if (Libc.statx(fd, "", Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE | Libc.STATX_UID, &st) != 0)
            throw Failure(Marshal.GetLastPInvokeError());
        if ((st.Mode & Libc.S_IFMT) != Libc.S_IFLNK) throw Failure(Libc.ELOOP); // a link in a directory part looped
        string directory = Path.GetDirectoryName(path) ?? "/";
        if (!IsTrusted(st.Uid, directory))
            throw new IOException($"{path} is a link that belongs to another user (uid {st.Uid}); Mux does not follow it");
        const int Size = 4096;
        byte* buf = stackalloc byte[Size];
        nint n = Libc.readlinkat(fd, "", buf, Size);
        if (n < 0) throw Failure(Marshal.GetLastPInvokeError());
        if (n >= Size) throw Failure(Libc.ELOOP);
        string target = System.Text.Encoding.UTF8.GetString(buf, (int)n);
        return Path.GetFullPath(target, directory);
    }

    private static FdHandle Checked(FdHandle file, string path)
    {
        Libc.Statx st;
        if (Libc.statx(file.Fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_TYPE | Libc.STATX_UID, &st) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            file.Dispose();
            throw Failure(errno);
        }
        try
        {
            if ((st.Mode & Libc.S_IFMT) == Libc.S_IFREG) CheckOwner(st.Uid, Path.GetDirectoryName(path) ?? "/");
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static void CheckOwner(uint owner, string directory)
    {
        if (!IsTrusted(owner, directory))
            throw new IOException($"the file belongs to another user (uid {owner}); Mux does not write into it");
    }

    /// <summary>The user's own, or the directory owner's (who could replace it anyway).</summary>
    private static bool IsTrusted(uint owner, string directory)
    {
        if (owner == Libc.geteuid()) return true;
        Libc.Statx dir;
        return Libc.statx(Libc.AT_FDCWD, directory, 0, Libc.STATX_UID, &dir) == 0 && dir.Uid == owner;
    }

    private static bool Lstat(string path, out Libc.Statx st, out int errno)
    {
        Libc.Statx buf;
        int r = Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE | Libc.STATX_MODE | Libc.STATX_UID, &buf);
        errno = r == 0 ? 0 : Marshal.GetLastPInvokeError();
        st = buf;
        return r == 0;
    }
}
