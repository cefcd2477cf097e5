using System.Runtime.InteropServices;

namespace Mux.Platform.Native;

/// <summary>Terminal queries for the client's own terminal (no System.Console: it writes escape sequences).</summary>
public static unsafe class Tty
{
    public static bool IsTerminal(int fd) => Libc.isatty(fd) == 1;

    /// <summary>True when <paramref name="fd"/> has something to read (or hung up) within <paramref name="milliseconds"/>.</summary>
    public static bool WaitReadable(int fd, int milliseconds)
    {
        var pfd = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
        return Libc.poll(&pfd, 1, milliseconds) > 0;
    }

    public static bool TryGetSize(int fd, out int columns, out int rows)
    {
        Libc.WinSize ws;
        if (Libc.ioctl(fd, Libc.TIOCGWINSZ, &ws) == 0 && ws.Cols > 0 && ws.Rows > 0)
        {
            columns = ws.Cols;
            rows = ws.Rows;
            return true;
        }
        columns = rows = 0;
        return false;
    }
}

/// <summary>
/// A terminal put in raw mode (cfmakeraw: no echo, no line editing, no ISIG so Ctrl+C/Ctrl+Z reach us as
/// bytes, no output processing). <see cref="Restore"/> puts back exactly what was there; it is idempotent and
/// does one tcsetattr on pre-allocated memory, so any exit path (PosixSignalRegistration handlers, finally
/// blocks, ProcessExit) may call it.
/// </summary>
public sealed unsafe class RawMode : IDisposable
{
    private readonly int _fd;
    private readonly byte[] _saved = new byte[Libc.TermiosSize];
    private readonly byte[] _raw = new byte[Libc.TermiosSize];
    private int _active;

    private RawMode(int fd) { _fd = fd; }

    public int Fd => _fd;

    /// <summary>True between Enter/Reapply and Restore.</summary>
    public bool IsActive => Volatile.Read(ref _active) != 0;

    /// <summary>Saves the terminal's modes and switches it to raw. Throws IOException if fd is not a terminal.</summary>
    public static RawMode Enter(int fd)
    {
        var mode = new RawMode(fd);
        fixed (byte* saved = mode._saved)
        fixed (byte* raw = mode._raw)
        {
            if (Libc.tcgetattr(fd, saved) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new IOException($"cannot read terminal modes of fd {fd}: {Libc.ErrorText(errno)}");
            }
            mode._saved.CopyTo(mode._raw, 0);
            Libc.cfmakeraw(raw); // also sets VMIN=1, VTIME=0: read returns as soon as one byte is there
        }
        mode.Reapply();
        return mode;
    }

    /// <summary>(Re)applies raw mode, e.g. after an overlay library changed the modes.</summary>
    public void Reapply()
    {
        fixed (byte* raw = _raw)
        {
            // TCSANOW, not TCSAFLUSH: keys typed before attaching must not be thrown away.
            if (Libc.tcsetattr(_fd, Libc.TCSANOW, raw) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new IOException($"cannot set raw mode on fd {_fd}: {Libc.ErrorText(errno)}");
            }
        }
        Volatile.Write(ref _active, 1);
    }

    /// <summary>Restores the saved modes once; later calls do nothing. Never throws (the tty may be gone).</summary>
    public void Restore()
    {
        if (Interlocked.Exchange(ref _active, 0) == 0) return;
        fixed (byte* saved = _saved)
        {
            // TCSADRAIN: let already-written output (e.g. the reset sequences) go out before cooked mode returns.
            if (Libc.tcsetattr(_fd, Libc.TCSADRAIN, saved) != 0) Libc.tcsetattr(_fd, Libc.TCSANOW, saved);
        }
    }

    public void Dispose() => Restore();
}
