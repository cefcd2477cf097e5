using System.Runtime.InteropServices;

namespace Mux.Platform.Native;

/// <summary>
/// Raw libc entry points (x86_64/aarch64 Linux, glibc). Source-generated P/Invoke so Native AOT needs no
/// runtime marshalling. Every call sets errno: read <see cref="Marshal.GetLastPInvokeError"/> into a local
/// right after the call, before anything else can overwrite it.
/// </summary>
public static unsafe partial class Libc
{
    private const string Lib = "libc";

    // open(2) flags (Linux generic values, same on x86_64 and aarch64).
    public const int O_RDONLY = 0x0, O_WRONLY = 0x1, O_RDWR = 0x2, O_NOCTTY = 0x100, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    public const int O_CREAT = 0x40, O_EXCL = 0x80, O_TRUNC = 0x200, O_APPEND = 0x400, O_DIRECTORY = 0x10000, O_NOFOLLOW = 0x20000, O_PATH = 0x200000;

    public const int EINTR = 4, EIO = 5, EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOENT = 2, EEXIST = 17, ENOTTY = 25;
    public const int ENXIO = 6, ENOSPC = 28, ELOOP = 40, EDQUOT = 122;
    public const int ENAMETOOLONG = 36, EISCONN = 106, ECONNREFUSED = 111, ENFILE = 23, EMFILE = 24;

    public const nuint TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414;

    public const int WNOHANG = 1;

    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGTERM = 15, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGWINCH = 28;

    // posix_spawn flags (glibc values).
    public const short POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08, POSIX_SPAWN_SETSID = 0x80;

    // Opaque glibc structs, sized generously (measured: attr 336, file actions 80, sigset 128, termios 60).
    public const int SpawnAttrSize = 512, FileActionsSize = 256, SigSetSize = 256, TermiosSize = 128;

    public const int TCSANOW = 0, TCSADRAIN = 1, TCSAFLUSH = 2;

    public const short POLLIN = 0x1, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;

    public const int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_EMPTY_PATH = 0x1000;
    public const uint STATX_TYPE = 0x1, STATX_MODE = 0x2, STATX_UID = 0x8, STATX_GID = 0x10, STATX_MTIME = 0x40;
    public const int S_IFMT = 0xF000, S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFLNK = 0xA000, S_IFREG = 0x8000, S_IFIFO = 0x1000;

    public const int X_OK = 1;

    public const int EFD_NONBLOCK = 0x800, EFD_CLOEXEC = 0x80000;

    [StructLayout(LayoutKind.Sequential)]
    public struct WinSize { public ushort Rows, Cols, XPixel, YPixel; }

    /// <summary>The head of struct rusage (144 bytes on 64-bit Linux): CPU times and the peak resident set in KiB.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 144)]
    public struct RUsage
    {
        [FieldOffset(0)] public long UserSeconds;
        [FieldOffset(8)] public long UserMicros;
        [FieldOffset(16)] public long SystemSeconds;
        [FieldOffset(24)] public long SystemMicros;
        [FieldOffset(32)] public long MaxRssKiB;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd { public int Fd; public short Events; public short Revents; }

    /// <summary>struct statx: unlike struct stat, one layout on every architecture (256 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct Statx
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(24)] public uint Gid;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        /// <summary>stx_mtime.tv_sec: seconds since the epoch.</summary>
        [FieldOffset(112)] public long MtimeSeconds;
        /// <summary>stx_mtime.tv_nsec.</summary>
        [FieldOffset(120)] public uint MtimeNanoseconds;
        [FieldOffset(128)] public uint RdevMajor;
        [FieldOffset(132)] public uint RdevMinor;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;
    }

    // --- memory ---
    public const int MADV_DONTNEED = 4;

    [LibraryImport(Lib, SetLastError = true)] public static partial int madvise(nint addr, nuint length, int advice);

    // --- pseudo-terminals ---
    [LibraryImport(Lib, SetLastError = true)] public static partial int posix_openpt(int flags);
    [LibraryImport(Lib, SetLastError = true)] public static partial int grantpt(int fd);
    [LibraryImport(Lib, SetLastError = true)] public static partial int unlockpt(int fd);
    /// <summary>Returns 0 or an errno value.</summary>
    [LibraryImport(Lib, SetLastError = true)] public static partial int ptsname_r(int fd, byte* buf, nuint buflen);
    // ioctl is variadic; on the SysV x86_64 and Linux aarch64 ABIs a pointer third argument is passed the same way.
    [LibraryImport(Lib, SetLastError = true)] public static partial int ioctl(int fd, nuint request, void* arg);
    [LibraryImport(Lib, SetLastError = true)] public static partial int isatty(int fd);
    [LibraryImport(Lib, SetLastError = true)] public static partial int tcgetpgrp(int fd);

    // --- file descriptors ---
    [LibraryImport(Lib, SetLastError = true)] public static partial nint read(int fd, byte* buf, nint count);
    [LibraryImport(Lib, SetLastError = true)] public static partial nint write(int fd, byte* buf, nint count);
    [LibraryImport(Lib, SetLastError = true)] public static partial int close(int fd);
    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, uint mode);
    [LibraryImport(Lib, SetLastError = true)] public static partial int poll(PollFd* fds, nuint nfds, int timeout);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)] public static partial nint opendir(string path);
    /// <summary>readdir(3): the next struct dirent64 (the name at <see cref="DirentNameOffset"/>), null at the end.</summary>
    [LibraryImport(Lib, SetLastError = true)] public static partial byte* readdir(nint dir);
    [LibraryImport(Lib)] public static partial int closedir(nint dir);
    /// <summary>offsetof(struct dirent64, d_name) on 64-bit Linux: d_ino 8, d_off 8, d_reclen 2, d_type 1.</summary>
    public const int DirentNameOffset = 19;
    [LibraryImport(Lib, SetLastError = true)] public static partial int eventfd(uint initval, int flags);
    /// <summary>send(2); with <see cref="MSG_DONTWAIT"/> it never blocks, whatever the socket's mode.</summary>
    [LibraryImport(Lib, SetLastError = true)] public static partial nint send(int fd, byte* buf, nint len, int flags);
    public const int MSG_DONTWAIT = 0x40, MSG_NOSIGNAL = 0x4000;

    // --- processes and signals ---
    [LibraryImport(Lib, SetLastError = true)] public static partial int kill(int pid, int sig);
    [LibraryImport(Lib, SetLastError = true)] public static partial int killpg(int pgrp, int sig);
    [LibraryImport(Lib, SetLastError = true)] public static partial int waitpid(int pid, int* status, int options);
    /// <summary>waitpid that also reports what the child (and the descendants it waited for) used.</summary>
    [LibraryImport(Lib, SetLastError = true)] public static partial int wait4(int pid, int* status, int options, RUsage* usage);
    [LibraryImport(Lib, SetLastError = true)] public static partial int pipe2(int* fds, int flags);
    [LibraryImport(Lib, SetLastError = true)] public static partial int getpgid(int pid);
    /// <summary>A descriptor that names one process for good: a pid reused later is another process.</summary>
    [LibraryImport(Lib, SetLastError = true)] public static partial int pidfd_open(int pid, uint flags);
    [LibraryImport(Lib, SetLastError = true)] public static partial int pidfd_send_signal(int pidfd, int sig, void* info, uint flags);
    [LibraryImport(Lib, SetLastError = true)] public static partial int getpid();
    [LibraryImport(Lib, SetLastError = true)] public static partial int getppid();
    [LibraryImport(Lib, SetLastError = true)] public static partial uint getuid();
    [LibraryImport(Lib, SetLastError = true)] public static partial uint geteuid();
    [LibraryImport(Lib, SetLastError = true)] public static partial uint getgid();
    [LibraryImport(Lib, SetLastError = true)] public static partial int sigemptyset(void* set);
    [LibraryImport(Lib, SetLastError = true)] public static partial int sigfillset(void* set);

    // --- posix_spawn (all return 0 or an errno value; they do not set errno) ---
    [LibraryImport(Lib)] public static partial int posix_spawnattr_init(void* attr);
    [LibraryImport(Lib)] public static partial int posix_spawnattr_destroy(void* attr);
    [LibraryImport(Lib)] public static partial int posix_spawnattr_setflags(void* attr, short flags);
    [LibraryImport(Lib)] public static partial int posix_spawnattr_setsigdefault(void* attr, void* sigdefault);
    [LibraryImport(Lib)] public static partial int posix_spawnattr_setsigmask(void* attr, void* sigmask);
    [LibraryImport(Lib)] public static partial int posix_spawn_file_actions_init(void* actions);
    [LibraryImport(Lib)] public static partial int posix_spawn_file_actions_destroy(void* actions);
    // glibc copies the path strings, so passing temporary UTF-8 buffers is safe.
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int posix_spawn_file_actions_addopen(void* actions, int fd, string path, int oflag, uint mode);
    [LibraryImport(Lib)] public static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newfd);
    [LibraryImport(Lib)] public static partial int posix_spawn_file_actions_addclose(void* actions, int fd);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int posix_spawn_file_actions_addchdir_np(void* actions, string path);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int posix_spawnp(int* pid, string file, void* actions, void* attr, byte** argv, byte** envp);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int posix_spawn(int* pid, string path, void* actions, void* attr, byte** argv, byte** envp);

    // --- terminal modes ---
    [LibraryImport(Lib, SetLastError = true)] public static partial int tcgetattr(int fd, void* termios);
    [LibraryImport(Lib, SetLastError = true)] public static partial int tcsetattr(int fd, int optionalActions, void* termios);
    [LibraryImport(Lib, SetLastError = true)] public static partial void cfmakeraw(void* termios);

    // --- time ---
    /// <summary>glibc's <c>struct tm</c> (x86_64 and aarch64): nine ints, then <c>tm_gmtoff</c> and <c>tm_zone</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Tm
    {
        public int Sec, Min, Hour, MDay, Mon, Year, WDay, YDay, IsDst;
        public long GmtOff;
        public nint Zone;
    }
    [LibraryImport(Lib)] public static partial Tm* localtime_r(long* time, Tm* result);

    // --- files ---
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(int dirfd, string path, int flags, uint mask, Statx* buf);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkdir(string path, uint mode);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chmod(string path, uint mode);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chown(string path, uint owner, uint group);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int access(string path, int mode);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint readlinkat(int dirfd, string path, byte* buf, nuint size);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int openat(int dirfd, string path, int flags, uint mode);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int renameat(int oldDirfd, string oldPath, int newDirfd, string newPath);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int unlinkat(int dirfd, string path, int flags);
    [LibraryImport(Lib, SetLastError = true)] public static partial int fchmod(int fd, uint mode);
    [LibraryImport(Lib, SetLastError = true)] public static partial int fsync(int fd);
    /// <summary>utimensat with a null times array: both times set to now.</summary>
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int utimensat(int dirfd, string path, void* times, int flags);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkdirat(int dirfd, string path, uint mode);

    // Replacing the server's image in place (see ProcessImage): the pid, the children and chosen descriptors stay.
    public const int F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030, FD_CLOEXEC = 1, SIG_SETMASK = 2;
    [LibraryImport(Lib, SetLastError = true)] public static partial int fcntl(int fd, int cmd, int arg);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int execve(string path, byte** argv, byte** envp);
    [LibraryImport(Lib, SetLastError = true)] public static partial int sigprocmask(int how, void* set, void* oldset);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int memfd_create(string name, uint flags);

    /// <summary>strerror text for an errno value, e.g. "No such file or directory".</summary>
    public static string ErrorText(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
