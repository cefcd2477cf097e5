using System.Runtime.InteropServices;

namespace Mux.Platform.Native;

/// <summary>write(2) to a non-blocking descriptor for as long as it takes bytes.</summary>
public static unsafe class NonBlockingWrite
{
    /// <summary>
    /// Writes until all of <paramref name="data"/> is written or the descriptor takes no more. Returns the count
    /// written. <paramref name="errno"/> is 0 when all of it went, EAGAIN when there was no more room, and the
    /// error otherwise.
    /// </summary>
    public static int Write(int fd, ReadOnlySpan<byte> data, out int errno)
    {
        errno = 0;
        int done = 0;
        fixed (byte* p = data)
        {
            while (done < data.Length)
            {
                nint n = Libc.write(fd, p + done, data.Length - done);
                if (n > 0)
                {
                    done += (int)n;
                    continue;
                }
                int e = n < 0 ? Marshal.GetLastPInvokeError() : Libc.EAGAIN;
                if (e == Libc.EINTR) continue;
                errno = e;
                break;
            }
        }
        return done;
    }
}
