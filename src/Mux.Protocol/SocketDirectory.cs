using System.Runtime.InteropServices;
using Mux.Platform.Native;

namespace Mux.Protocol;

/// <summary>Where the session sockets live, and the checks that keep other users out of it.</summary>
public static unsafe class SocketDirectory
{
    private const uint Mode0700 = 0x1C0; // C# has no octal literals
    private const int GroupOtherBits = 0x3F; // 0077

    /// <summary>$MUX_DIR if set, else $XDG_RUNTIME_DIR/mux if that directory exists, else /tmp/mux-$UID.</summary>
    public static string Resolve()
    {
        string? mux = Environment.GetEnvironmentVariable("MUX_DIR");
        if (!string.IsNullOrEmpty(mux)) return Path.TrimEndingDirectorySeparator(mux);
        string? xdg = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!string.IsNullOrEmpty(xdg) && Directory.Exists(xdg)) return Path.Combine(xdg, "mux");
        return "/tmp/mux-" + Libc.getuid();
    }

    /// <summary>
    /// Checks (and with <paramref name="create"/>, creates mode 0700) the socket directory. Only the last
    /// component is created; its parent must exist. Returns false if it does not exist and create is false.
    /// Throws <see cref="MuxSecurityException"/> if it is a symlink, not a directory, owned by another uid,
    /// or has any group/other permission bits; <see cref="IOException"/> if it cannot be created.
    /// </summary>
    public static bool EnsureSecure(string path, bool create)
    {
        if (!TryLstat(path, out var st))
        {
            if (!create) return false;
            if (Libc.mkdir(path, Mode0700) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Libc.EEXIST) // EEXIST: another client won the race; check what it made
                    throw new IOException($"cannot create socket directory {path}: {Libc.ErrorText(errno)}");
            }
            if (!TryLstat(path, out st))
                throw new IOException($"socket directory {path} vanished while being created");
        }

        int type = st.Mode & Libc.S_IFMT;
        if (type == Libc.S_IFLNK)
            throw new MuxSecurityException($"socket directory {path} is a symbolic link; remove it (rm {path}) or set MUX_DIR");
        if (type != Libc.S_IFDIR)
            throw new MuxSecurityException($"socket directory {path} is not a directory; remove it or set MUX_DIR");
        uint me = Libc.geteuid();
        if (st.Uid != me)
            throw new MuxSecurityException($"socket directory {path} is owned by uid {st.Uid}, not you (uid {me}); remove it or set MUX_DIR to a directory of yours");
        int perms = st.Mode & 0xFFF; // permission and setuid/setgid/sticky bits
        if ((perms & GroupOtherBits) != 0)
            throw new MuxSecurityException($"socket directory {path} has mode {Convert.ToString(perms, 8).PadLeft(4, '0')}; run: chmod 700 {path}");
        return true;
    }

    private static bool TryLstat(string path, out Libc.Statx st)
    {
        Libc.Statx buf;
        // AT_SYMLINK_NOFOLLOW: inspect a symlink itself, never what it points to.
        int r = Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE | Libc.STATX_MODE | Libc.STATX_UID, &buf);
        int errno = Marshal.GetLastPInvokeError();
        st = buf;
        if (r == 0) return true;
        if (errno == Libc.ENOENT) return false;
        throw new IOException($"cannot inspect socket directory {path}: {Libc.ErrorText(errno)}");
    }
}
