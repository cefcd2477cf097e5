using System.Runtime.InteropServices;
using System.Text;

namespace Mux.Platform.Native;

/// <summary>The name of the terminal on a descriptor (<c>/dev/pts/3</c>), for naming unnamed sessions as screen does.</summary>
public static unsafe partial class TtyName
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial int ttyname_r(int fd, byte* buffer, nuint size);

    public static string? Of(int fd)
    {
        byte* buffer = stackalloc byte[256];
        if (ttyname_r(fd, buffer, 256) != 0) return null;
        return Marshal.PtrToStringUTF8((nint)buffer);
    }
}
