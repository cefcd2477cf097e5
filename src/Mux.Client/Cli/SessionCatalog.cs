using Mux.Platform.Native;
using Mux.Protocol;
using Mux.Protocol.Records;

namespace Mux.Client.Cli;

/// <summary>How a session stands, as <c>-ls</c> shows it.</summary>
internal enum SessionState
{
    Detached,
    Attached,
    /// <summary>All its programs have ended; the server keeps their final screens.</summary>
    Ended,
    /// <summary>The server process lives but does not answer (stopped, or too busy to reply in time).</summary>
    Unreachable,
    /// <summary>The server process is gone (or its pid now belongs to another process): only the socket is left.</summary>
    Dead,
    /// <summary>Known only from its record: its server was killed, or the machine restarted, while it ran.</summary>
    Lost,
}

/// <summary>A session socket found in the socket directory, how it stands, and what its server said when asked.</summary>
internal sealed record SessionEntry(SessionName Name, string SocketPath, SessionState State, long CreatedUnixMs, string Exit, SessionInfo? Info = null)
{
    /// <summary>The session's record, for one known only from it (no server to ask).</summary>
    public JobRecord? Record { get; init; }

    /// <summary>Why a lost session was lost (<c>server killed</c>, <c>machine restarted</c>).</summary>
    public string LostReason { get; init; } = "";

    /// <summary>When the record was last written: the last sign of life of its server.</summary>
    public long LastSeenUnixMs { get; init; }

    /// <summary>No server and no socket: a lost or ended session known only from its record.</summary>
    public bool IsRecordOnly => Record is not null;

    /// <summary>The file system could not say how the session stands (no record): only its server can.</summary>
    public bool NeedsProbe { get; init; }

    public bool IsDead => State == SessionState.Dead;

    /// <summary>Written out: a record's generated ToString formats its enum by reflection, which Native AOT would link into mux.</summary>
    public override string ToString() => Name.FileName;

    public bool IsAttached => State == SessionState.Attached;

    /// <summary>A server whose programs still run and that answers: what an automatic choice (-r, -R) may pick.</summary>
    public bool IsRunning => State is SessionState.Attached or SessionState.Detached;

    public string StateText => State switch
    {
        SessionState.Attached => "Attached",
        SessionState.Detached => "Detached",
        SessionState.Ended => Exit,
        SessionState.Unreachable => "Unreachable",
        SessionState.Lost => $"Lost: {LostReason}; last seen {SessionListing.FormatTime(LastSeenUnixMs)}",
        _ => "Dead ???",
    };

    public bool Matches(string target)
    {
        if (target == Name.FileName || target == Name.Name) return true;
        if (int.TryParse(target, out int pid) && pid == Name.Pid) return true;
        return false;
    }

    /// <summary>screen also accepts a prefix of the name.</summary>
    public bool MatchesPrefix(string target) =>
        Name.Name.StartsWith(target, StringComparison.Ordinal) || Name.FileName.StartsWith(target, StringComparison.Ordinal);

    /// <summary>Takes the server's own answer: it says best whether the session is attached or ended.</summary>
    public SessionEntry WithInfo(SessionInfo info) => this with
    {
        Info = info,
        CreatedUnixMs = info.CreatedUnixMs,
        Exit = info.ExitDescription,
        State = info.Ended ? SessionState.Ended : info.AttachedClients > 0 ? SessionState.Attached : SessionState.Detached,
    };
}

/// <summary>
/// Finds the sessions in the socket directory. How each stands comes from the file system alone: the socket's
/// mode bits (attached), the record beside it (start time, exit state) and /proc (is the server alive, is it the
/// same process, is it stopped); <see cref="ProbeAsync"/> asks the servers themselves when details are wanted.
/// </summary>
internal static class SessionCatalog
{
    private const int S_IFSOCK = 0xC000;

    /// <summary>How long a server may take to answer a probe; every server is asked at once, so a listing waits this long at most.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    public static List<SessionEntry> Read(string directory)
    {
        var entries = new List<SessionEntry>();
        if (!Directory.Exists(directory)) return entries;
        uint me = Libc.geteuid();
        foreach (var path in Directory.EnumerateFileSystemEntries(directory))
        {
            if (!SessionName.TryParse(Path.GetFileName(path), out var name)) continue;
            if (Inspect(name, path, me) is { } entry) entries.Add(entry);
        }
        entries.Sort((a, b) => a.Name.Pid != b.Name.Pid ? a.Name.Pid.CompareTo(b.Name.Pid) : string.CompareOrdinal(a.Name.Name, b.Name.Name));
        return entries;
    }

    /// <summary>Null for anything that is not a socket of ours (a regular file named <c>123.x</c>, a link).</summary>
    private static unsafe SessionEntry? Inspect(SessionName name, string path, uint me)
    {
        Libc.Statx st;
        if (Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_TYPE | Libc.STATX_MODE | Libc.STATX_UID, &st) != 0) return null;
        if ((st.Mode & Libc.S_IFMT) != S_IFSOCK || st.Uid != me) return null;

        var record = SessionRecord.Read(path);
        long created = record?.CreatedUnixMs ?? 0;
        if (!ProcessStat.TryRead(name.Pid, out var process) || process.Uid != me || process.IsGone
            || (record is { StartTicks: > 0 } r && r.StartTicks != process.StartTicks))
            return new SessionEntry(name, path, SessionState.Dead, created, "");
        if (process.IsStopped) return new SessionEntry(name, path, SessionState.Unreachable, created, "");
        // Without a record (it could not be written, or the server is older) the server must be asked.
        if (record is null || record.StartTicks == 0) return new SessionEntry(name, path, SessionState.Unreachable, created, "") { NeedsProbe = true };
        if (record.Ended) return new SessionEntry(name, path, SessionState.Ended, created, record.Exit);
        bool attached = ((UnixFileMode)(st.Mode & 0x1FF) & SessionRecord.AttachedBit) != 0;
        return new SessionEntry(name, path, attached ? SessionState.Attached : SessionState.Detached, created, "");
    }

    private static unsafe bool SocketSaysAttached(string path)
    {
        Libc.Statx st;
        return Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_MODE, &st) == 0
            && ((UnixFileMode)(st.Mode & 0x1FF) & SessionRecord.AttachedBit) != 0;
    }

    /// <summary>
    /// Asks the servers in <paramref name="entries"/> (every running one, or only those the file system could not
    /// describe) all at once; one that does not answer within <see cref="ProbeTimeout"/> is Unreachable.
    /// </summary>
    public static async Task<List<SessionEntry>> ProbeAsync(List<SessionEntry> entries, bool all, TimeSpan? timeout = null)
    {
        var limit = timeout ?? ProbeTimeout;
        // A stopped server would only run out the clock: it is known Unreachable already. Each question gets its
        // own thread (LongRunning): the pool would start a third blocked one only after half a second.
        var asked = entries.ConvertAll(e => e.NeedsProbe || (all && !e.IsRecordOnly && e.State is not (SessionState.Dead or SessionState.Unreachable))
            ? Task.Factory.StartNew(() => Probe(e, limit), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            : Task.FromResult(e));
        return new List<SessionEntry>(await Task.WhenAll(asked).ConfigureAwait(false));
    }

    private static SessionEntry Probe(SessionEntry entry, TimeSpan timeout)
    {
        try
        {
            // Listing never upgrades a session behind the user's back.
            using var c = SessionConnection.Open(entry.SocketPath, timeout: timeout, upgrade: false);
            return entry.WithInfo(c.Query(timeout)) with { NeedsProbe = false };
        }
        catch (SessionUnreachableException e) when (e.Refused)
        {
            return entry with { State = SessionState.Dead, NeedsProbe = false }; // nobody listens on it any more
        }
        catch (OlderServerException)
        {
            // It answers, in a protocol from before upgrades in place (mux -r attaches with its own binary).
            return entry with { State = SocketSaysAttached(entry.SocketPath) ? SessionState.Attached : SessionState.Detached, NeedsProbe = false };
        }
        catch (Exception e) when (e is SessionUnreachableException or SessionErrorException or ProtocolException or IOException)
        {
            return entry with { State = SessionState.Unreachable, NeedsProbe = false };
        }
    }

    /// <summary>
    /// The sessions <paramref name="target"/> names (all when null), dead ones left out: exact matches first, else
    /// prefixes. A session whose programs run supersedes ended ones: they are left out when it matches too.
    /// </summary>
    public static List<SessionEntry> Match(List<SessionEntry> entries, string? target)
    {
        var found = Filter(entries.FindAll(e => !e.IsDead), target);
        // A session with a server supersedes the records of lost or ended ones of the same name.
        if (found.Exists(e => !e.IsRecordOnly)) found = found.FindAll(e => !e.IsRecordOnly);
        return found.Exists(e => e.State != SessionState.Ended) ? found.FindAll(e => e.State != SessionState.Ended) : found;
    }

    /// <summary>
    /// The sessions known only from their records (lost, or ended with their server gone), added to the socket
    /// entries; a record whose server still runs adds nothing. Records that cannot be read safely are told in
    /// <paramref name="problems"/>.
    /// </summary>
    public static List<SessionEntry> AddRecords(List<SessionEntry> entries, RecordStore? store, List<string> problems)
    {
        if (store is null) return entries;
        string boot = BootId.Current();
        var all = new List<SessionEntry>(entries);
        foreach (var (record, seen) in store.ReadAll(problems))
        {
            // A server that answers on its socket is the better witness of its own session.
            if (entries.Exists(e => e.Name.FileName == record.Id && !e.IsDead)) continue;
            var state = RecordStates.Of(record, boot);
            if (state == RecordState.Running) continue;
            var name = new SessionName(record.Pid, record.Name);
            all.Add(state == RecordState.Ended
                ? new SessionEntry(name, "", SessionState.Ended, record.CreatedUnixMs, record.Exit) { Record = record, LastSeenUnixMs = seen }
                : new SessionEntry(name, "", SessionState.Lost, record.CreatedUnixMs, "")
                    { Record = record, LostReason = RecordStates.Describe(state), LastSeenUnixMs = seen });
        }
        return all;
    }

    /// <summary>
    /// The sessions a command for a running job (<c>-X</c>, <c>-d</c>) may reach: ended ones are left out before
    /// matching, exactly as if they were gone, so a script sees what screen would show it.
    /// </summary>
    public static List<SessionEntry> MatchRunning(List<SessionEntry> entries, string? target) =>
        Filter(entries.FindAll(e => !e.IsDead && !e.IsRecordOnly && e.State != SessionState.Ended), target);

    /// <summary>The entries <paramref name="target"/> names (all when null): exact matches first, else prefixes.</summary>
    public static List<SessionEntry> Filter(List<SessionEntry> entries, string? target)
    {
        if (target is null) return new List<SessionEntry>(entries);
        var exact = entries.FindAll(e => e.Matches(target));
        return exact.Count > 0 ? exact : entries.FindAll(e => e.MatchesPrefix(target));
    }
}
