using Mux.Server.Ipc;

namespace Mux.Client.Cli;

/// <summary>A session socket found in the socket directory, and what its server said (null when dead).</summary>
internal sealed record SessionEntry(SessionName Name, string SocketPath, SessionInfo? Info)
{
    public bool IsDead => Info is null;

    public bool IsAttached => Info is { AttachedClients: > 0 };

    public bool Matches(string target)
    {
        if (target == Name.FileName || target == Name.Name) return true;
        if (int.TryParse(target, out int pid) && pid == Name.Pid) return true;
        return false;
    }

    /// <summary>screen also accepts a prefix of the name.</summary>
    public bool MatchesPrefix(string target) =>
        Name.Name.StartsWith(target, StringComparison.Ordinal) || Name.FileName.StartsWith(target, StringComparison.Ordinal);
}

/// <summary>Finds the sessions in the socket directory and asks each server how it is.</summary>
internal static class SessionCatalog
{
    public static async Task<List<SessionEntry>> ReadAsync(string directory)
    {
        var tasks = new List<Task<SessionEntry>>();
        if (!Directory.Exists(directory)) return [];
        foreach (var path in Directory.EnumerateFileSystemEntries(directory))
        {
            if (!SessionName.TryParse(Path.GetFileName(path), out var name)) continue;
            tasks.Add(Task.Run(() => Probe(name, path)));
        }
        var entries = (await Task.WhenAll(tasks).ConfigureAwait(false)).ToList();
        entries.Sort((a, b) => a.Name.Pid.CompareTo(b.Name.Pid));
        return entries;
    }

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private static SessionEntry Probe(SessionName name, string path)
    {
        try
        {
            using var c = SessionConnection.Open(path, timeout: ProbeTimeout);
            return new SessionEntry(name, path, c.Query(ProbeTimeout));
        }
        catch (Exception e) when (e is SessionUnreachableException or SessionErrorException or ProtocolException or IOException)
        {
            return new SessionEntry(name, path, null);
        }
    }

    /// <summary>The live sessions <paramref name="target"/> names (all live ones when null): exact matches first, else prefixes.</summary>
    public static List<SessionEntry> Match(IEnumerable<SessionEntry> entries, string? target)
    {
        var live = entries.Where(e => !e.IsDead).ToList();
        if (target is null) return live;
        var exact = live.Where(e => e.Matches(target)).ToList();
        return exact.Count > 0 ? exact : live.Where(e => e.MatchesPrefix(target)).ToList();
    }
}
