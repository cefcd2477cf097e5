using System.Globalization;
using Mux.Platform.Native;
using Mux.Platform.Pty;

namespace Mux.Server.Jobs;

/// <summary>GPU memory and utilisation of one process, as nvidia-smi reports them.</summary>
internal readonly record struct GpuUse(long MemoryBytes, int UtilizationPercent);

/// <summary>
/// Asks nvidia-smi, when it is on the PATH, which processes use the GPUs and how much. A machine without it (or
/// without GPUs) gives an empty answer, never an error: GPU figures are simply not shown there.
/// </summary>
internal static class GpuQuery
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(3);

    /// <summary>nvidia-smi's full path in <paramref name="path"/>, or null.</summary>
    public static string? Find(string? path)
    {
        foreach (var dir in (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "nvidia-smi");
            if (File.Exists(candidate) && Libc.access(candidate, Libc.X_OK) == 0) return candidate;
        }
        return null;
    }

    /// <summary>Per pid: memory from the compute-apps query, SM utilisation from one pmon sample.</summary>
    public static Dictionary<int, GpuUse> Read(string nvidiaSmi, IReadOnlyList<string> envp)
    {
        var result = new Dictionary<int, GpuUse>();
        string memory = Run(nvidiaSmi, ["--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits"], envp);
        foreach (var line in memory.Split('\n'))
        {
            var cols = line.Split(',', StringSplitOptions.TrimEntries);
            if (cols.Length >= 2 && int.TryParse(cols[0], CultureInfo.InvariantCulture, out int pid)
                && long.TryParse(cols[1], CultureInfo.InvariantCulture, out long mib))
            {
                var old = result.GetValueOrDefault(pid, new GpuUse(0, -1));
                result[pid] = old with { MemoryBytes = old.MemoryBytes + mib * 1024 * 1024 };
            }
        }
        if (result.Count == 0) return result;
        // "# gpu pid type sm mem enc dec command" then one row per process; "-" where nothing was measured.
        string pmon = Run(nvidiaSmi, ["pmon", "-c", "1", "-s", "u"], envp);
        foreach (var line in pmon.Split('\n'))
        {
            if (line.TrimStart().StartsWith('#')) continue;
            var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cols.Length >= 4 && int.TryParse(cols[1], CultureInfo.InvariantCulture, out int pid)
                && int.TryParse(cols[3], CultureInfo.InvariantCulture, out int sm) && result.TryGetValue(pid, out var use))
                result[pid] = use with { UtilizationPercent = Math.Max(0, use.UtilizationPercent) + sm };
        }
        return result;
    }

    private static string Run(string program, string[] args, IReadOnlyList<string> envp)
    {
        try
        {
            var child = ChildProcess.Start(program, [program, .. args], envp, "/", null);
            if (!child.Exited.Wait(Limit)) { child.KillGroup(); return ""; }
            if (child.Exited.Result.Code != 0) return "";
            return child.Output.Wait(Limit) ? child.Output.Result : "";
        }
        catch (PtyException) { return ""; }
    }
}
