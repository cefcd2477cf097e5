using System.Globalization;

namespace Mux.Server.Jobs;

/// <summary>
/// Whether the kernel's OOM killer struck: cgroup v2 counts its kills in <c>memory.events</c> (<c>oom_kill N</c>) of
/// the cgroup the program runs in. A count that grew while a program ended by SIGKILL says who sent it; without
/// cgroup v2 nothing is known and the end record just says SIGKILL.
/// </summary>
internal static class OomEvidence
{
    /// <summary>The memory.events file of <paramref name="pid"/>'s cgroup, or null without cgroup v2.</summary>
    public static string? EventsFile(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/cgroup"))
            {
                if (!line.StartsWith("0::", StringComparison.Ordinal)) continue;
                string file = "/sys/fs/cgroup" + line[3..].TrimEnd('/') + "/memory.events";
                return File.Exists(file) ? file : null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return null;
    }

    /// <summary>The cgroup's oom_kill count; 0 when unknown.</summary>
    public static long Count(string? eventsFile)
    {
        if (eventsFile is null) return 0;
        try
        {
            foreach (var line in File.ReadLines(eventsFile))
                if (line.StartsWith("oom_kill ", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(9), NumberStyles.None, CultureInfo.InvariantCulture, out long n)) return n;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return 0;
    }
}
