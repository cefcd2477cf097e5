using System.Globalization;
using Mux.Platform.Pty;

namespace Mux.Protocol;

/// <summary>How a job ended, in one line: <c>exited 1 after 3h12m, peak RSS 11.2 GiB, peak GPU 38 GiB</c>.</summary>
public static class EndRecord
{
    public static string Describe(ExitStatus status, bool oomKilled, TimeSpan runtime, long peakRssBytes, long peakGpuBytes)
    {
        string how = status.Signaled
            ? $"killed by {ExitStatus.SignalName(status.Signal)}{(oomKilled ? " (out of memory: the kernel's OOM killer)" : "")}"
            : status.IsLost ? "ended (status unknown)" : $"exited {status.Code}";
        string text = $"{how} after {Duration(runtime)}";
        if (peakRssBytes > 0) text += $", peak RSS {Size(peakRssBytes)}";
        if (peakGpuBytes > 0) text += $", peak GPU {Size(peakGpuBytes)}";
        return text;
    }

    /// <summary>3h12m, 4m05s, 2.5s.</summary>
    public static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m"
        : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:00}s"
        : t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";

    /// <summary>812 KiB, 200 MiB, 11.2 GiB.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int u = 0;
        while (value >= 1024 && u < units.Length - 1) { value /= 1024; u++; }
        string number = value >= 100 || u == 0 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.#", CultureInfo.InvariantCulture);
        return number + " " + units[u];
    }
}
