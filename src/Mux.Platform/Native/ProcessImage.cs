using System.Runtime.InteropServices;

namespace Mux.Platform.Native;

/// <summary>
/// Replaces this process's image with a program (execve): the pid stays, so the children stay ours, and the
/// descriptors named stay open. Everything else of the old image, its threads included, is gone.
/// </summary>
public static unsafe class ProcessImage
{
    /// <summary>The running program's own file, even if it was replaced or removed on disk since.</summary>
    public const string Self = "/proc/self/exe";

    /// <summary>Runs <paramref name="path"/> in place of this process; returns only on failure, with the reason.</summary>
    public static string Replace(string path, IReadOnlyList<string> argv, IReadOnlyList<string> envp, IReadOnlyCollection<int> keep)
    {
        foreach (int fd in keep) SetCloseOnExec(fd, false);
        using var args = new NativeStringArray(argv);
        using var env = new NativeStringArray(envp);
        // The mask of the thread that calls execve is the new image's: a thread that blocked signals must not pass that on.
        byte* none = stackalloc byte[Libc.SigSetSize];
        Libc.sigemptyset(none);
        Libc.sigprocmask(Libc.SIG_SETMASK, none, null);
        Libc.execve(path, args.Pointer, env.Pointer);
        int errno = Marshal.GetLastPInvokeError();
        foreach (int fd in keep) SetCloseOnExec(fd, true);
        return $"cannot run {path}: {Libc.ErrorText(errno)}";
    }

    private static void SetCloseOnExec(int fd, bool on)
    {
        int flags = Libc.fcntl(fd, Libc.F_GETFD, 0);
        if (flags < 0) return;
        Libc.fcntl(fd, Libc.F_SETFD, on ? flags | Libc.FD_CLOEXEC : flags & ~Libc.FD_CLOEXEC);
    }

    /// <summary>
    /// Puts bytes in an anonymous memory file (close-on-exec until passed to <see cref="Replace"/>): nothing on disk for
    /// another user to read, plant a link at, or leave behind.
    /// </summary>
    public static int WriteMemoryFile(string name, ReadOnlySpan<byte> data)
    {
        const uint MFD_CLOEXEC = 1;
        int fd = Libc.memfd_create(name, MFD_CLOEXEC);
        int errno = Marshal.GetLastPInvokeError();
        if (fd < 0) throw new IOException($"memfd_create failed: {Libc.ErrorText(errno)}");
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = Libc.write(fd, p + done, data.Length - done);
                errno = Marshal.GetLastPInvokeError();
                if (n < 0 && errno == Libc.EINTR) continue;
                if (n <= 0)
                {
                    Libc.close(fd);
                    throw new IOException($"writing the memory file failed: {Libc.ErrorText(errno)}");
                }
                done += (int)n;
            }
        }
        return fd;
    }

    /// <summary>Reads a memory file made by <see cref="WriteMemoryFile"/> in the old image, and closes it.</summary>
    public static byte[] ReadMemoryFile(int fd)
    {
        // /proc/self/fd/N opens the file afresh, at offset 0.
        try { return File.ReadAllBytes($"/proc/self/fd/{fd}"); }
        finally { Libc.close(fd); }
    }
}
