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
        if (!Directory.Exists(directory)) return [];
        var found = new List<(SessionName Name, string Path)>();
        foreach (var path in Directory.EnumerateFileSystemEntries(directory))
        {
            if (SessionName.TryParse(Path.GetFileName(path), out var name)) found.Add((name, path));
        }
        // A few sessions are asked in turn (starting thread-pool threads would cost more than the questions);
        // many at once, so that one hung server costs its timeout only once.
        var entries = found.Count <= 4
            ? found.Select(f => Probe(f.Name, f.Path)).ToList()
            : (await Task.WhenAll(found.Select(f => Task.Run(() => Probe(f.Name, f.Path)))).ConfigureAwait(false)).ToList();
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
