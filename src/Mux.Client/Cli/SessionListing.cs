using System.Globalization;
using System.Text;
using Mux.Server.Ipc;

namespace Mux.Client.Cli;

/// <summary>screen's <c>-ls</c> layout, and <c>-wipe</c>.</summary>
internal static class SessionListing
{
    public static string Format(IReadOnlyList<SessionEntry> entries, string directory, bool verbose)
    {
        var sb = new StringBuilder();
        if (entries.Count == 0)
        {
            sb.Append("No Sockets found in ").Append(directory).Append(".\n");
            return sb.ToString();
        }
        sb.Append(entries.Count == 1 ? "There is a screen on:\n" : "There are screens on:\n");
        foreach (var e in entries)
        {
            sb.Append('\t').Append(e.Name.FileName).Append('\t');
            if (e.Info is { } info)
            {
                sb.Append('(').Append(FormatTime(info.CreatedUnixMs)).Append(")\t(")
                  .Append(info.AttachedClients > 0 ? "Attached" : "Detached").Append(")\n");
                if (verbose)
                {
                    foreach (var w in info.Windows)
                        sb.Append("\t\t").Append(w.Number).Append(' ').Append(w.Title).Append("\t").Append(w.Command)
                          .Append("\tpid ").Append(w.Pid).Append('\t').Append(w.Running ? "running" : w.ExitDescription).Append('\n');
                }
            }
            else
            {
                sb.Append("(Dead ???)\n");
            }
        }
        int dead = entries.Count(e => e.IsDead);
        if (dead > 0) sb.Append("Remove dead screens with 'mux -wipe'.\n");
        sb.Append(entries.Count).Append(entries.Count == 1 ? " Socket in " : " Sockets in ").Append(directory).Append(".\n");
        return sb.ToString();
    }

    private static string FormatTime(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToLocalTime().ToString("MM/dd/yyyy hh:mm:ss tt", CultureInfo.InvariantCulture);
}
