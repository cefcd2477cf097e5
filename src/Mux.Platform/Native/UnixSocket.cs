using System.Runtime.InteropServices;

namespace Mux.Platform.Native;

/// <summary>
/// A connected Unix stream socket in blocking mode, through our own libc calls. System.Net.Sockets would bring its
/// endpoint, async and telemetry types into every client start (docs/benchmarks.md); this is the few calls a
/// connection needs. Every call holds a reference on the handle, so a close on another thread can never let a call
/// reach a reused descriptor number; a call on a closed socket throws <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed unsafe partial class UnixSocket : SafeHandle
{
    private const int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_CLOEXEC = 0x80000;
    private const int SOL_SOCKET = 1, SO_SNDBUF = 7, SO_PEERCRED = 17;
    private const int SHUT_RDWR = 2;
    private const nuint FIONREAD = 0x541B;

    /// <summary>sizeof(sun_path) on Linux, the terminating NUL included.</summary>
    private const int MaxPathBytes = 108;

    [LibraryImport("libc", SetLastError = true)] private static partial int socket(int domain, int type, int protocol);
    [LibraryImport("libc", SetLastError = true)] private static partial int connect(int fd, byte* address, uint length);
    [LibraryImport("libc", SetLastError = true)] private static partial nint recv(int fd, byte* buffer, nint length, int flags);
    [LibraryImport("libc", SetLastError = true)] private static partial int shutdown(int fd, int how);
    [LibraryImport("libc", SetLastError = true)] private static partial int getsockopt(int fd, int level, int name, void* value, uint* length);
    [LibraryImport("libc", SetLastError = true)] private static partial int setsockopt(int fd, int level, int name, void* value, uint length);

    private UnixSocket(int fd) : base(-1, ownsHandle: true) { SetHandle(fd); }

    public override bool IsInvalid => (int)handle < 0;

    protected override bool ReleaseHandle() => Libc.close((int)handle) == 0;

    /// <summary>Connects to the socket at <paramref name="path"/>; null with the errno when nobody could be reached.</summary>
    public static UnixSocket? Connect(string path, out int errno)
    {
        Span<byte> address = stackalloc byte[2 + MaxPathBytes];
        address.Clear();
        address[0] = AF_UNIX;   // sa_family_t, little-endian on every platform mux builds for
        int pathBytes = System.Text.Encoding.UTF8.GetByteCount(path);
        if (pathBytes >= MaxPathBytes)
        {
            errno = Libc.ENAMETOOLONG;
            return null;
        }
        System.Text.Encoding.UTF8.GetBytes(path, address[2..]);
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }
        fixed (byte* p = address)
        {
            while (true)
            {
                if (connect(fd, p, (uint)(2 + pathBytes + 1)) == 0) break;
                errno = Marshal.GetLastPInvokeError();
                // An interrupted connect goes on in the kernel; asking again says whether it finished.
                if (errno == Libc.EINTR) continue;
                if (errno == Libc.EISCONN) break;
                Libc.close(fd);
                return null;
            }
        }
        errno = 0;
        return new UnixSocket(fd);
    }

    /// <summary>
    /// A socket of our own for the connection behind <paramref name="other"/> (a descriptor another API accepted),
    /// in blocking mode; the caller closes <paramref name="other"/>.
    /// </summary>
    public static UnixSocket Duplicate(SafeHandle other) =>
        TryDuplicate(other, out int errno) ?? throw new IOException(Libc.ErrorText(errno));

    /// <summary><see cref="Duplicate"/>, or null with the errno (EMFILE when the process is out of descriptors).</summary>
    public static UnixSocket? TryDuplicate(SafeHandle other, out int errno)
    {
        ArgumentNullException.ThrowIfNull(other);
        bool added = false;
        try
        {
            other.DangerousAddRef(ref added);
            int fd = Libc.fcntl((int)other.DangerousGetHandle(), Libc.F_DUPFD_CLOEXEC, 0);
            if (fd < 0)
            {
                errno = Marshal.GetLastPInvokeError();
                return null;
            }
            // The flag belongs to the open socket, shared with the original: whoever accepted may have set it.
            int flags = Libc.fcntl(fd, Libc.F_GETFL, 0);
            if (flags >= 0 && (flags & Libc.O_NONBLOCK) != 0) Libc.fcntl(fd, Libc.F_SETFL, flags & ~Libc.O_NONBLOCK);
            errno = 0;
            return new UnixSocket(fd);
        }
        finally
        {
            if (added) other.DangerousRelease();
        }
    }

    /// <summary>
    /// Waits until input, the peer's end or an error can be read, at most <paramref name="timeoutMs"/> (-1: no limit);
    /// false when the time ran out.
    /// </summary>
    public bool WaitReadable(int timeoutMs)
    {
        using var lease = new Lease(this);
        long deadline = timeoutMs < 0 ? long.MaxValue : Environment.TickCount64 + timeoutMs;
        while (true)
        {
            var pfd = new Libc.PollFd { Fd = lease.Fd, Events = Libc.POLLIN };
            int wait = deadline == long.MaxValue ? -1 : (int)Math.Clamp(deadline - Environment.TickCount64, 0, int.MaxValue);
            int n = Libc.poll(&pfd, 1, wait);
            if (n > 0) return true;
            if (n == 0) return false;
            if (Marshal.GetLastPInvokeError() != Libc.EINTR) return true;   // the next receive reports what is wrong
        }
    }

    /// <summary>One recv(2), retried when a signal interrupts it; bytes read (0 at the end), or -1 with errno.</summary>
    public nint Receive(Span<byte> buffer, out int errno)
    {
        using var lease = new Lease(this);
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = recv(lease.Fd, p, buffer.Length, 0);
                errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
                if (n >= 0 || errno != Libc.EINTR) return n;
            }
        }
    }

    /// <summary>One send(2) (never SIGPIPE); bytes sent, or -1 with errno (EINTR included: the caller decides).</summary>
    public nint Send(ReadOnlySpan<byte> data, int flags, out int errno)
    {
        using var lease = new Lease(this);
        fixed (byte* p = data)
        {
            nint n = Libc.send(lease.Fd, p, data.Length, flags | Libc.MSG_NOSIGNAL);
            errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
            return n;
        }
    }

    /// <summary>Bytes waiting to be read (FIONREAD); 0 when that cannot be asked.</summary>
    public int Available
    {
        get
        {
            using var lease = new Lease(this);
            int count = 0;
            return Libc.ioctl(lease.Fd, FIONREAD, &count) == 0 ? count : 0;
        }
    }

    /// <summary>SO_PEERCRED: who is at the other end, as the kernel recorded at connect time.</summary>
    public bool TryGetPeer(out int pid, out uint uid, out uint gid)
    {
        using var lease = new Lease(this);
        int* cred = stackalloc int[3];   // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        uint length = 12;
        bool ok = getsockopt(lease.Fd, SOL_SOCKET, SO_PEERCRED, cred, &length) == 0 && length >= 12;
        pid = ok ? cred[0] : 0;
        uid = ok ? (uint)cred[1] : uint.MaxValue;
        gid = ok ? (uint)cred[2] : uint.MaxValue;
        return ok;
    }

    /// <summary>Asks for a kernel send buffer of <paramref name="bytes"/>; false when refused.</summary>
    public bool SetSendBuffer(int bytes)
    {
        using var lease = new Lease(this);
        return setsockopt(lease.Fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof(int)) == 0;
    }

    /// <summary>Shuts both directions, which wakes any thread waiting on the socket; the descriptor stays until disposed.</summary>
    public void Shutdown()
    {
        bool added = false;
        try
        {
            DangerousAddRef(ref added);
            shutdown((int)handle, SHUT_RDWR);
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            if (added) DangerousRelease();
        }
    }

    /// <summary>The descriptor for one call, kept open until disposed; <see cref="ObjectDisposedException"/> once closed.</summary>
    public readonly ref struct Lease
    {
        private readonly UnixSocket _socket;

        public Lease(UnixSocket socket)
        {
            bool added = false;
            socket.DangerousAddRef(ref added);
            _socket = socket;
            Fd = (int)socket.handle;
        }

        public int Fd { get; }

        public void Dispose() => _socket.DangerousRelease();
    }
}
