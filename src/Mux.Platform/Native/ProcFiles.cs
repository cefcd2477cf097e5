using System.Globalization;
using System.Runtime.InteropServices;

namespace Mux.Platform.Native;

/// <summary>
/// Reading /proc the cheap way, for what runs in the background of an idle server every few seconds: the process
/// numbers with one readdir loop (the framework's enumerator stats every entry that is a link and makes a string of
/// each), and a small /proc file into a buffer of the caller's.
/// </summary>
public static unsafe class ProcFiles
{
    /// <summary>Every process /proc lists now. IOException when /proc cannot be read.</summary>
    public static List<int> Pids()
    {
        nint dir = Libc.opendir("/proc");
        if (dir == 0) throw SecureFile.Failure(Marshal.GetLastPInvokeError());
        var pids = new List<int>(256);
        try
        {
            byte* entry;
            while ((entry = Libc.readdir(dir)) != null)
                if (ParsePid(entry + Libc.DirentNameOffset) is int pid) pids.Add(pid);
        }
        finally
        {
            Libc.closedir(dir);
        }
        return pids;
    }

    /// <summary>A name of digits only (at most 9 of them) as a pid; null for anything else (<c>self</c>, <c>net</c>…).</summary>
    public static int? ParsePid(byte* name)
    {
        int pid = 0, i = 0;
        for (; name[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            if (i == 9) return null;
            pid = pid * 10 + (name[i] - '0');
        }
        return i > 0 && name[i] == 0 ? pid : null;
    }

    /// <summary>Reads /proc/PID/FILE into <paramref name="buffer"/> (the start of it, if it is longer); the byte count,
    /// or -1 when the process is gone or the file unreadable.</summary>
    public static int Read(int pid, string file, Span<byte> buffer)
    {
        int fd = Libc.open("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/" + file, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return -1;
        try
        {
            int total = 0;
            fixed (byte* p = buffer)
            {
                while (total < buffer.Length)
                {
                    nint n = Libc.read(fd, p + total, buffer.Length - total);
                    if (n < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
                    if (n < 0) return -1;
                    if (n == 0) break;
                    total += (int)n;
                }
            }
            return total;
        }
        finally
        {
            Libc.close(fd);
        }
    }
}
