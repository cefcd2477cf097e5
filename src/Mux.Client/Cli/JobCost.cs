using System.Globalization;
using Mux.Protocol;

namespace Mux.Client.Cli;

/// <summary>What a window's job costs, as <c>-ls -v</c> and <c>-ls --json</c> show it.</summary>
internal static class JobCost
{
    /// <summary><c>cpu 12.3s (98%)  rss 1.2 GiB (peak 3.4 GiB)  gpu 38 GiB 97% (peak 38 GiB)</c>, or the end record once it ended.</summary>
    public static string Text(WindowInfo w)
    {
        if (!w.Running && w.EndRecord.Length > 0)
            return $"{w.EndRecord}, cpu {w.CpuSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s";
        string text = $"cpu {w.CpuSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s ({w.CpuPercent.ToString("0", CultureInfo.InvariantCulture)}%)"
            + $"  rss {EndRecord.Size(w.RssBytes)} (peak {EndRecord.Size(w.PeakRssBytes)})";
        if (w.GpuBytes >= 0)
            text += $"  gpu {EndRecord.Size(w.GpuBytes)}" + (w.GpuPercent >= 0 ? $" {w.GpuPercent}%" : "")
                + $" (peak {EndRecord.Size(Math.Max(0, w.PeakGpuBytes))})";
        return text;
    }

    public static void WriteJson(JsonText w, WindowInfo win)
    {
        w.Number("cpuSeconds", Math.Round(win.CpuSeconds * 100) / 100);
        if (win.Running) w.Number("cpuPercent", Math.Round(win.CpuPercent * 10) / 10);
        if (win.Running) w.Number("rssBytes", win.RssBytes);
        w.Number("peakRssBytes", win.PeakRssBytes);
        if (win.GpuBytes >= 0) w.Number("gpuMemoryBytes", win.GpuBytes);
        if (win.GpuPercent >= 0) w.Number("gpuPercent", win.GpuPercent);
        if (win.PeakGpuBytes > 0) w.Number("peakGpuMemoryBytes", win.PeakGpuBytes);
        if (win.EndRecord.Length > 0) w.String("endRecord", win.EndRecord);
        if (win.HookProblem.Length > 0) w.String("hookProblem", win.HookProblem);
    }
}
