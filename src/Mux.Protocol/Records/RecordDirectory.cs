using System.Runtime.InteropServices;
using Mux.Platform.Native;

namespace Mux.Protocol.Records;

/// <summary>
/// Where the job records live: <c>$XDG_STATE_HOME/mux</c>, else <c>~/.local/state/mux</c>. Like the socket directory
/// it must be the user's own, mode 0700, and not a link: a record holds a job's environment and its last output.
/// </summary>
public static unsafe class RecordDirectory
{
    private const uint Mode0700 = 0x1C0;
    private const int GroupOtherBits = 0x3F;

    public static string Resolve()
    {
        string? state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        // The XDG rule: a relative value is invalid and ignored.
        if (!string.IsNullOrEmpty(state) && state.StartsWith('/')) return Path.Combine(Path.TrimEndingDirectorySeparator(state), "mux");
        string home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".local", "state", "mux");
    }

    /// <summary>
    /// Opens the directory (creating it, and its parents mode 0700, with <paramref name="create"/>) after checking it
    /// is a directory of the user's own that nobody else may enter. Null when it does not exist and may not be
    /// created; an <see cref="IOException"/> with a plain message (what is wrong and how to fix it) when it is unsafe.
    /// </summary>
    internal static FdHandle? Open(string path, bool create)
    {
        if (create && !Exists(path))
        {
            string? parent = Path.GetDirectoryName(path);
            try { if (parent is not null) Directory.CreateDirectory(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"cannot create the record directory {path}: {ErrorText.Describe(e)}");
            }
            if (Libc.mkdir(path, Mode0700) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != Libc.EEXIST)
                throw new IOException($"cannot create the record directory {path}: {Libc.ErrorText(errno)}");
        }
        // O_NOFOLLOW: a link planted in its place is refused here, never followed; the checks below are on what was opened.
        int fd = Libc.open(path, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.ENOENT) return null;
            // On a link, O_NOFOLLOW with O_DIRECTORY fails ENOTDIR: look at what is there to say which.
            if (errno is Libc.ELOOP or ENOTDIR && IsLink(path)) throw new IOException($"the record directory {path} is a symbolic link; Mux does not follow it: remove it (rm {path}) or set XDG_STATE_HOME");
            if (errno == ENOTDIR) throw new IOException($"the record directory {path} is not a directory; remove it or set XDG_STATE_HOME");
            throw new IOException($"cannot open the record directory {path}: {Libc.ErrorText(errno)}");
        }
        var dir = new FdHandle(fd);
        try
        {
            Libc.Statx st;
            if (Libc.statx(fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_TYPE | Libc.STATX_MODE | Libc.STATX_UID, &st) != 0)
                throw new IOException($"cannot inspect the record directory {path}: {Libc.ErrorText(Marshal.GetLastPInvokeError())}");
            uint me = Libc.geteuid();
            if (st.Uid != me)
                throw new IOException($"the record directory {path} is owned by uid {st.Uid}, not you (uid {me}); remove it or set XDG_STATE_HOME to a directory of yours");
            int perms = st.Mode & 0xFFF;
            if ((perms & GroupOtherBits) != 0)
                throw new IOException($"the record directory {path} has mode {Convert.ToString(perms, 8).PadLeft(4, '0')}; run: chmod 700 {path}");
            return dir;
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    private const int ENOTDIR = 20;

    private static bool IsLink(string path)
    {
        Libc.Statx st;
        return Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE, &st) == 0 && (st.Mode & Libc.S_IFMT) == Libc.S_IFLNK;
    }

    private static bool Exists(string path)
    {
        Libc.Statx st;
        return Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE, &st) == 0;
    }
}
