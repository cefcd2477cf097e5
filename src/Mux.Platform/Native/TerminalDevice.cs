namespace Mux.Platform.Native;

/// <summary>
/// A terminal named by its path and checked by its device number: the client tells the server which terminal it
/// sits on, and the server opens that path only if it is still the same terminal.
/// </summary>
public readonly record struct TerminalDevice(string Path, uint Major, uint Minor)
{
    /// <summary>The terminal on descriptor <paramref name="fd"/>; null when it is not a terminal.</summary>
    public static TerminalDevice? Of(int fd)
    {
        if (TtyName.Of(fd) is not { } path || !TryGetDevice(fd, "", Libc.AT_EMPTY_PATH, out uint major, out uint minor)) return null;
        return new TerminalDevice(path, major, minor);
    }

    /// <summary>
    /// Opens the terminal for writing without ever blocking; -1 when the path is not (or no longer) that
    /// terminal. Never as a controlling terminal: the server must not acquire one.
    /// </summary>
    public int OpenForWriting()
    {
        // Opening a device runs its driver, so nothing but a terminal is ever opened: checked by name and by
        // device number before the open, and again on the open descriptor.
        if (!LooksLikeTerminal(Path) || !IsThisDevice(Libc.AT_FDCWD, Path, 0)) return -1;
        int fd = Libc.open(Path, Libc.O_WRONLY | Libc.O_NOCTTY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0);
        if (fd < 0) return -1;
        if (Libc.isatty(fd) == 1 && IsThisDevice(fd, "", Libc.AT_EMPTY_PATH)) return fd;
        Libc.close(fd);
        return -1;
    }

    private static bool LooksLikeTerminal(string path) =>
        !path.Contains("/../", StringComparison.Ordinal) &&
        (path.StartsWith("/dev/pts/", StringComparison.Ordinal) || path.StartsWith("/dev/tty", StringComparison.Ordinal)
         || path == "/dev/console");

    private bool IsThisDevice(int dirfd, string path, int flags) =>
        TryGetDevice(dirfd, path, flags, out uint major, out uint minor) && major == Major && minor == Minor;

    /// <summary>The device number of a character device (statx of <paramref name="path"/> from <paramref name="dirfd"/>).</summary>
    private static unsafe bool TryGetDevice(int dirfd, string path, int flags, out uint major, out uint minor)
    {
        Libc.Statx st;
        major = minor = 0;
        if (Libc.statx(dirfd, path, flags, Libc.STATX_TYPE, &st) != 0 || (st.Mode & Libc.S_IFMT) != Libc.S_IFCHR) return false;
        (major, minor) = (st.RdevMajor, st.RdevMinor);
        return true;
    }
}
