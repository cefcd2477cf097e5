using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mux.Platform.Native;

namespace Mux.Server.Jobs;

/// <summary>
/// The kernel's own word on an OOM kill, for machines where the cgroup cannot tell (cgroup v1, or a cgroup shared
/// with other programs): a <c>Killed process PID (name)</c> or <c>oom-kill:…,pid=PID,…</c> line in the kernel log
/// (<c>/dev/kmsg</c>) naming one of the job's processes, stamped after the job started. The log is read without
/// blocking and only when it may be read (dmesg_restrict often forbids it): unreadable means unknown, never an error.
/// </summary>
internal static class OomKernelLog
{
    /// <summary>The kernel log; <c>MUX_KERNEL_LOG</c> names another file in the same format (tests use it).</summary>
    public static string Path => Environment.GetEnvironmentVariable("MUX_KERNEL_LOG") is { Length: > 0 } p ? p : "/dev/kmsg";

    /// <summary>How much earlier than the job's start a line may be stamped: the log's clock and ours may differ a little.</summary>
    private const double SlackSeconds = 2;

    private const int EPIPE = 32;

    /// <summary>At most this much of the log is read (the kernel's ring is usually 128 KiB to 1 MiB).</summary>
    private const int ReadLimit = 4 << 20;

    /// <summary>Seconds since boot on the clock the kernel log stamps its lines with (CLOCK_MONOTONIC, as Stopwatch).</summary>
    public static double Now() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    /// <summary>True when the log says the OOM killer killed one of <paramref name="pids"/> at or after <paramref name="sinceSeconds"/>.</summary>
    public static bool Names(IReadOnlyCollection<int> pids, double sinceSeconds, string? path = null)
    {
        foreach (var line in ReadLines(path ?? Path))
            if (TryParse(line, out double at, out int pid) && pids.Contains(pid) && at >= sinceSeconds - SlackSeconds) return true;
        return false;
    }

    /// <summary>
    /// One log line: <c>/dev/kmsg</c>'s <c>PRIO,SEQ,MICROSECONDS,FLAGS;TEXT</c> or dmesg's <c>[SECONDS.MICRO] TEXT</c>,
    /// whose text reports an OOM kill; <paramref name="seconds"/> since boot and the killed <paramref name="pid"/>.
    /// </summary>
    public static bool TryParse(string line, out double seconds, out int pid)
    {
        seconds = 0;
        pid = 0;
        string text;
        if (line.StartsWith('['))
        {
            int close = line.IndexOf(']');
            if (close < 0 || !double.TryParse(line.AsSpan(1, close - 1).Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out seconds)) return false;
            text = line[(close + 1)..];
        }
        else
        {
            int semi = line.IndexOf(';');
            if (semi < 0) return false;
            var fields = line.AsSpan(0, semi);
            int first = fields.IndexOf(','), second = first < 0 ? -1 : fields[(first + 1)..].IndexOf(',') + first + 1;
            if (first < 0 || second <= first) return false;
            var stamp = fields[(second + 1)..];
            int third = stamp.IndexOf(',');
            if (third >= 0) stamp = stamp[..third];
            if (!long.TryParse(stamp, NumberStyles.None, CultureInfo.InvariantCulture, out long micro)) return false;
            seconds = micro / 1e6;
            text = line[(semi + 1)..];
        }
        return TryKilledPid(text, out pid);
    }

    /// <summary>The pid in <c>Killed process PID (</c> (the OOM killer, global or a memory cgroup's) or <c>oom-kill:…pid=PID</c>.</summary>
    private static bool TryKilledPid(string text, out int pid)
    {
        pid = 0;
        const string killed = "Killed process ";
        int at = text.IndexOf(killed, StringComparison.Ordinal);
        // Older kernels print the kill on a line of its own, without "Out of memory:" but with the victim's sizes.
        if (at >= 0 && (text.Contains("out of memory", StringComparison.OrdinalIgnoreCase) || text.Contains("total-vm:", StringComparison.Ordinal)))
            return LeadingNumber(text.AsSpan(at + killed.Length), out pid);
        at = text.IndexOf("oom-kill:", StringComparison.Ordinal);
        if (at < 0) return false;
        var rest = text.AsSpan(at);
        while (true)
        {
            int p = rest.IndexOf("pid=", StringComparison.Ordinal);
            if (p < 0) return false;
            // ",pid=" or ":pid=", not "tgid=" or "task_pid=".
            if (p > 0 && rest[p - 1] is ',' or ':') return LeadingNumber(rest[(p + 4)..], out pid);
            rest = rest[(p + 4)..];
        }
    }

    private static bool LeadingNumber(ReadOnlySpan<char> s, out int n)
    {
        int end = 0;
        while (end < s.Length && char.IsAsciiDigit(s[end])) end++;
        return int.TryParse(s[..end], NumberStyles.None, CultureInfo.InvariantCulture, out n) && n > 0;
    }

    /// <summary>
    /// The log's lines. /dev/kmsg gives one record per read and EAGAIN at its end (opened non-blocking); a file
    /// gives its text. Nothing when it cannot be opened or read.
    /// </summary>
    private static unsafe List<string> ReadLines(string path)
    {
        var lines = new List<string>();
        int fd = Libc.open(path, Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC | Libc.O_NOCTTY, 0);
        if (fd < 0) return lines;
        try
        {
            var buffer = new byte[8192];
            var pending = new StringBuilder();
            int total = 0;
            while (total < ReadLimit)
            {
                nint n;
                fixed (byte* b = buffer) n = Libc.read(fd, b, buffer.Length);
                // EAGAIN: the end of /dev/kmsg; EPIPE: records overwritten while reading (skip on); anything else: stop.
                if (n < 0)
                {
                    if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == EPIPE) continue;
                    break;
                }
                if (n == 0) break;
                total += (int)n;
                pending.Append(Encoding.UTF8.GetString(buffer, 0, (int)n));
                string text = pending.ToString();
                int last = text.LastIndexOf('\n');
                if (last < 0) continue;
                lines.AddRange(text[..last].Split('\n'));
                pending.Clear().Append(text[(last + 1)..]);
            }
            if (pending.Length > 0) lines.Add(pending.ToString());
        }
        finally { Libc.close(fd); }
        return lines;
    }
}
