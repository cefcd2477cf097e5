using System.Runtime.InteropServices;
using System.Text;
using Mux.Platform.Native;

namespace Mux.Platform.Pty;

/// <summary>
/// A PTY master plus the child spawned on its slave. The master is non-blocking; reads and writes wait in
/// poll() together with an eventfd, so Dispose can wake a blocked reader (closing an fd does not wake a
/// thread blocked in read on it, and the child would never see the hang-up).
/// </summary>
internal sealed unsafe class UnixPtyConnection : IPtyConnection
{
    private readonly FdHandle _master;
    private readonly FdHandle _wake;
    private readonly ManualResetEventSlim _exited = new(false);
    private readonly Lock _gate = new();
    private EventHandler<PtyExitedEventArgs>? _handlers;
    private ExitStatus? _status;
    private int _disposed;

    private UnixPtyConnection(FdHandle master, FdHandle wake, string slaveName)
    {
        _master = master;
        _wake = wake;
        SlaveName = slaveName;
        ReaderStream = new PtyStream(this, reading: true);
        WriterStream = new PtyStream(this, reading: false);
    }

    public Stream ReaderStream { get; }
    public Stream WriterStream { get; }
    public int Pid { get; private set; }
    public string? SlaveName { get; }
    public ExitStatus? Status { get { lock (_gate) return _status; } }
    public int ExitCode => Status?.ShellCode ?? -1;

    public event EventHandler<PtyExitedEventArgs>? ProcessExited
    {
        add
        {
            if (value == null) return;
            ExitStatus? late;
            lock (_gate)
            {
                late = _status;
                if (late == null) _handlers += value;
            }
            if (late is { } s)
                ThreadPool.UnsafeQueueUserWorkItem(st => st.value(this, new PtyExitedEventArgs(st.s)), (value, s), false);
        }
        remove { lock (_gate) _handlers -= value; }
    }

    internal static UnixPtyConnection Start(PtyOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        int cols = Math.Clamp(o.Cols, 1, ushort.MaxValue), rows = Math.Clamp(o.Rows, 1, ushort.MaxValue);

        // CLOEXEC so no other child inherits the master; NOCTTY so it never becomes our controlling tty.
        int fd = Libc.posix_openpt(Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC | Libc.O_NONBLOCK);
        int errno = Marshal.GetLastPInvokeError();
        if (fd < 0) throw new PtyException($"cannot open a pseudo-terminal: {Libc.ErrorText(errno)}", errno);
        var master = new FdHandle(fd);
        FdHandle? wake = null;
        try
        {
            if (Libc.grantpt(fd) != 0) Fail("grantpt");
            if (Libc.unlockpt(fd) != 0) Fail("unlockpt");
            byte* name = stackalloc byte[256];
            int rc = Libc.ptsname_r(fd, name, 256);
            if (rc != 0) throw new PtyException($"ptsname_r failed: {Libc.ErrorText(rc)}", rc);
            string slave = Marshal.PtrToStringUTF8((nint)name)!;
            SetSize(fd, cols, rows);

            int efd = Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
            errno = Marshal.GetLastPInvokeError();
            if (efd < 0) throw new PtyException($"eventfd failed: {Libc.ErrorText(errno)}", errno);
            wake = new FdHandle(efd);

            var conn = new UnixPtyConnection(master, wake, slave);
            var argv = new List<string>(o.CommandLine.Length + 1) { o.App };
            argv.AddRange(o.CommandLine);
            var envp = new List<string>(o.Environment.Count);
            foreach (var (k, v) in o.Environment) envp.Add(k + "=" + v);

            conn.Pid = Spawner.Spawn(o.App, argv, envp, actions =>
            {
                Check(Libc.posix_spawn_file_actions_addchdir_np(actions, o.Cwd));
                // No O_NOCTTY: glibc has already run setsid(), so this open makes the slave the controlling tty.
                Check(Libc.posix_spawn_file_actions_addopen(actions, 0, slave, Libc.O_RDWR, 0));
                Check(Libc.posix_spawn_file_actions_adddup2(actions, 0, 1));
                Check(Libc.posix_spawn_file_actions_adddup2(actions, 0, 2));
            }, o.Cwd);
            ChildReaper.Register(conn.Pid, conn.OnExited);
            return conn;
        }
        catch
        {
            wake?.Dispose();
            master.Dispose();
            throw;
        }

        static void Fail(string what)
        {
            int e = Marshal.GetLastPInvokeError();
            throw new PtyException($"{what} failed: {Libc.ErrorText(e)}", e);
        }
        static void Check(int rc)
        {
            if (rc != 0) throw new PtyException($"posix_spawn file action failed: {Libc.ErrorText(rc)}", rc);
        }
    }

    /// <summary>
    /// Takes over a master this process already holds (kept open across the server replacing its own image) and the
    /// child on its slave, which is still our child: the pid did not change.
    /// </summary>
    internal static UnixPtyConnection Adopt(int masterFd, int pid, string slaveName)
    {
        var master = new FdHandle(masterFd);
        // Close-on-exec again, so no program we start inherits it.
        Libc.fcntl(masterFd, Libc.F_SETFD, Libc.FD_CLOEXEC);
        int efd = Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        int errno = Marshal.GetLastPInvokeError();
        if (efd < 0)
        {
            master.Dispose();
            throw new PtyException($"eventfd failed: {Libc.ErrorText(errno)}", errno);
        }
        var conn = new UnixPtyConnection(master, new FdHandle(efd), slaveName) { Pid = pid };
        ChildReaper.Register(pid, conn.OnExited);
        return conn;
    }

    private static void SetSize(int fd, int cols, int rows)
    {
        var ws = new Libc.WinSize { Cols = (ushort)cols, Rows = (ushort)rows };
        if (Libc.ioctl(fd, Libc.TIOCSWINSZ, &ws) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new PtyException($"TIOCSWINSZ failed: {Libc.ErrorText(errno)}", errno);
        }
    }

    private void OnExited(ExitStatus status)
    {
        EventHandler<PtyExitedEventArgs>? handlers;
        lock (_gate)
        {
            if (_status != null) return;
            _status = status;
            handlers = _handlers;
            _handlers = null;
        }
        _exited.Set();
        handlers?.Invoke(this, new PtyExitedEventArgs(status));
    }

    public void Kill() => Signal(Libc.SIGKILL);

    public void Signal(int signal)
    {
        if (Status != null || Pid <= 0) return; // the pid may already belong to someone else
        // The child is a session (and so process group) leader: its pgid is its pid.
        if (Libc.killpg(Pid, signal) != 0) Libc.kill(Pid, signal);
    }

    public void Resize(int cols, int rows)
    {
        bool added = false;
        try
        {
            _master.DangerousAddRef(ref added);
            SetSize(_master.Fd, Math.Clamp(cols, 1, ushort.MaxValue), Math.Clamp(rows, 1, ushort.MaxValue));
        }
        finally { if (added) _master.DangerousRelease(); }
    }

    public bool WaitForExit(int milliseconds)
    {
        if (_exited.IsSet) return true;
        ChildReaper.ReapAll(); // cheap safety net in case a SIGCHLD was coalesced before registration
        return _exited.Wait(milliseconds);
    }

    /// <summary>Closes the master: the child's terminal hangs up (SIGHUP to its session). Does not kill it;
    /// its exit is still reaped and reported.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        long one = 1;
        Libc.write(_wake.Fd, (byte*)&one, 8); // wakes any reader/writer blocked in poll
        _master.Dispose(); // the close happens when the last in-flight read/write releases it
        _wake.Dispose();
    }

    private bool Disposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// A read this short means the program has most likely written all it had (an echo, a prompt): the next read
    /// waits in poll first rather than find nothing. That saves one system call per keystroke echo, and on a
    /// paravirtualised guest every system call costs microseconds. Under a flood reads are long and go first.
    /// </summary>
    private const int ShortRead = 1024;

    private bool _waitFirst;   // the reader thread's only

    // Pausing: the read(2) itself happens under _readGate, so once PauseReading has set _readingPaused no byte
    // leaves the kernel's buffer; _readerIdle says the caller has finished with the last chunk (it called Read again).
    private readonly object _readGate = new();
    private bool _readingPaused;
    private bool _readerIdle = true;

    public bool PauseReading(TimeSpan waitForReader)
    {
        lock (_readGate)
        {
            _readingPaused = true;
            var deadline = DateTime.UtcNow + waitForReader;
            while (!_readerIdle)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_readGate, left)) return _readerIdle;
            }
            return true;
        }
    }

    public void ResumeReading()
    {
        lock (_readGate)
        {
            _readingPaused = false;
            Monitor.PulseAll(_readGate);
        }
    }

    internal int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || Disposed) return 0;
        lock (_readGate)
        {
            // Called again: whatever the last chunk was, its reader is done with it.
            _readerIdle = true;
            Monitor.PulseAll(_readGate);
        }
        bool m = false, w = false;
        try
        {
            _master.DangerousAddRef(ref m);
            _wake.DangerousAddRef(ref w);
            fixed (byte* p = buffer)
            {
                if (_waitFirst && !WaitReady(Libc.POLLIN)) return 0;
                while (true)
                {
                    nint n;
                    int errno;
                    lock (_readGate)
                    {
                        // Paused for a server image replacement: wait here; what the program writes stays in the
                        // kernel's buffer for the next image to read.
                        while (_readingPaused && !Disposed) Monitor.Wait(_readGate, 1000);
                        n = Libc.read(_master.Fd, p, buffer.Length);
                        errno = Marshal.GetLastPInvokeError();
                        if (n > 0) _readerIdle = false;
                    }
                    if (n >= 0)
                    {
                        _waitFirst = n < ShortRead;
                        return (int)n;
                    }
                    if (errno == Libc.EINTR) continue;
                    if (errno == Libc.EIO) return 0; // every slave fd closed: the child side is gone
                    if (errno != Libc.EAGAIN) throw new IOException($"read from pty failed: {Libc.ErrorText(errno)}");
                    if (!WaitReady(Libc.POLLIN)) return 0;
                }
            }
        }
        catch (ObjectDisposedException) { return 0; }
        finally
        {
            if (w) _wake.DangerousRelease();
            if (m) _master.DangerousRelease();
        }
    }

    public SafeHandle Master => _master;

    /// <summary>Writes what fits without waiting; returns how many bytes were written (0 when the PTY is full).</summary>
    public int TryWrite(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty || Disposed) return 0;
        bool m = false;
        try
        {
            _master.DangerousAddRef(ref m);
            int done = NonBlockingWrite.Write(_master.Fd, data, out int errno);
            if (errno is 0 or Libc.EAGAIN) return done;
            throw new IOException($"write to pty failed: {Libc.ErrorText(errno)}");
        }
        finally
        {
            if (m) _master.DangerousRelease();
        }
    }

    internal void Write(ReadOnlySpan<byte> data)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            data = data[TryWrite(data)..];
            if (data.IsEmpty) return;
            bool w = false;
            try
            {
                _wake.DangerousAddRef(ref w);
                if (!WaitReady(Libc.POLLOUT)) throw new ObjectDisposedException(nameof(UnixPtyConnection));
            }
            finally
            {
                if (w) _wake.DangerousRelease();
            }
        }
    }

    /// <summary>Waits until the master is ready (or hung up: the next read/write reports it). False when disposed.</summary>
    private bool WaitReady(short events)
    {
        var fds = stackalloc Libc.PollFd[2];
        fds[0] = new Libc.PollFd { Fd = _master.Fd, Events = events };
        fds[1] = new Libc.PollFd { Fd = _wake.Fd, Events = Libc.POLLIN };
        while (true)
        {
            int r = Libc.poll(fds, 2, -1);
            int errno = Marshal.GetLastPInvokeError();
            if (r < 0)
            {
                if (errno == Libc.EINTR) continue;
                throw new IOException($"poll on pty failed: {Libc.ErrorText(errno)}");
            }
            if (fds[1].Revents != 0 || Disposed) return false;
            if (fds[0].Revents != 0) return true;
        }
    }

    public override string ToString() => $"pty {SlaveName} pid {Pid}";

    private sealed class PtyStream : Stream
    {
        private readonly UnixPtyConnection _owner;
        private readonly bool _reading;

        public PtyStream(UnixPtyConnection owner, bool reading) { _owner = owner; _reading = reading; }

        public override bool CanRead => _reading;
        public override bool CanWrite => !_reading;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            if (!_reading) throw new NotSupportedException();
            return _owner.Read(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_reading) throw new NotSupportedException();
            _owner.Write(buffer);
        }
    }
}
