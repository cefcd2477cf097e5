using Mux.Client.Attach;
using Mux.Platform.Native;
using Mux.Protocol;
using Mux.Protocol.Records;

namespace Mux.Client.Cli;

/// <summary>Carries out what the command line asked for.</summary>
internal static class MuxApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        Options o;
        try { o = CommandLineParser.Parse(args); }
        // `mux events` is for scripts: a mistake in its options is status 2, as grep and most tools have it.
        catch (UsageException e) { return StdIo.Fail(e.Message, args.Length > 0 && args[0] == "events" ? 2 : 1); }
        o.Arguments = args;

        if (o.Help) { StdIo.Out.Write(Usage.Text(InvocationName.Name)); return 0; }
        if (o.Version) { StdIo.Out.WriteLine(Usage.VersionLine); return 0; }
        if (o.SessionName is { } name && SessionName.Validate(name) is { } problem) return StdIo.Fail(problem);

        string dir = SocketDirectory.Resolve();
        try { SocketDirectory.EnsureSecure(dir, create: true); }
        catch (MuxSecurityException e) { return StdIo.Fail(e.Message); }

        if (o.WaitFor is not null) return await WaitAsync(dir, o).ConfigureAwait(false);
        if (o.Events) return Events.EventsCommand.Run(dir, o);
        if (o.Top) return await Top.TopView.RunAsync(dir, o.TopOnce).ConfigureAwait(false);
        if (o.Rerun is not null) return await RerunAsync(dir, o).ConfigureAwait(false);
        if (o.List || o.Wipe) return await ListAsync(dir, o).ConfigureAwait(false);
        if (o.RemoteCommand is { } command) return await RemoteAsync(dir, o, command).ConfigureAwait(false);
        if (o.Resume || o.ResumeOrCreate || o.Share || (o.DetachOthers && !o.DetachedStart)) return await ResumeAsync(dir, o).ConfigureAwait(false);
        return await CreateAsync(dir, o).ConfigureAwait(false);
    }

    private static async Task<int> ListAsync(string dir, Options o)
    {
        if (o.Command.Length > 1)
            return StdIo.Fail($"{(o.Wipe ? "-wipe" : "-ls")} takes one session name to match, not '{string.Join(' ', o.Command)}'");
        string? match = o.Command.Length == 1 ? o.Command[0] : null;
        // Lost and ended sessions are shown to a person (a terminal, -v, --json) and wiped; a script's plain -ls
        // in a pipe never sees them, so it does not pay for reading the records.
        bool showEnded = o.ListVerbose || Tty.IsTerminal(1);
        bool records = o.ListJson || o.Wipe || (showEnded && !o.Quiet);
        using var store = records ? OpenRecords() : null;
        var problems = new List<string>();
        var sockets = SessionCatalog.Read(dir);
        var entries = SessionCatalog.Filter(SessionCatalog.AddRecords(sockets, store, problems), match);
        foreach (var problem in problems) StdIo.Fail(problem);
        // Plain -ls needs nothing the file system does not say; -v and --json show what only the servers know.
        bool details = o.ListVerbose || o.ListJson;
        if (details || entries.Exists(e => e.NeedsProbe))
            entries = await SessionCatalog.ProbeAsync(entries, all: details).ConfigureAwait(false);
        if (o.Wipe)
        {
            entries = Wipe(entries, store);
            if (o.WipeAll && store is not null) WipeAllRecords(store, SessionCatalog.Read(dir));
        }
        if (o.ListJson)
        {
            StdIo.Out.WriteLine(ListingJson.Format(entries, dir));
            return 0;
        }
        if (o.Quiet) return QuietListingCode(entries);
        // How a job ended is shown to a person (a terminal, or -v); a script reading a pipe sees it gone, as screen shows it.
        var (text, anyListed) = SessionListing.Format(entries, dir, o.ListVerbose, showEnded);
        StdIo.Out.Write(text);
        return anyListed ? 0 : 1;
    }

    /// <summary>
    /// Removes the sockets of dead servers (process gone, or its pid now another process's) and ends the sessions
    /// kept only to show how their jobs ended. A live server is never wiped, even one that does not answer.
    /// Returns what is left.
    /// </summary>
    private static List<SessionEntry> Wipe(List<SessionEntry> entries, RecordStore? store)
    {
        int wiped = 0, records = 0;
        var left = new List<SessionEntry>();
        foreach (var e in entries)
        {
            if (e.IsRecordOnly)
            {
                if (store?.Delete(e.Name.FileName) == true) records++;
                continue;
            }
            if (e.IsDead)
            {
                try
                {
                    File.Delete(e.SocketPath);
                    SessionRecord.Delete(e.SocketPath);
                    wiped++;
                    continue;
                }
                catch (Exception x) when (x is IOException or UnauthorizedAccessException)
                {
                    StdIo.Err.WriteLine($"mux: cannot remove {e.SocketPath}: {x.Message}");
                }
            }
            else if (e.State == SessionState.Ended)
            {
                try
                {
                    using var c = SessionConnection.Open(e.SocketPath, timeout: SessionCatalog.ProbeTimeout);
                    c.Command("", ["quit"], SessionCatalog.ProbeTimeout);
                    wiped++;
                    // The server wrote its last record before it answered: the ended job goes with it.
                    if (store?.Delete(e.Name.FileName) == true) records++;
                    continue;
                }
                catch (Exception x) when (x is SessionUnreachableException or SessionErrorException or ProtocolException or IOException)
                {
                    StdIo.Err.WriteLine($"mux: {e.Name.FileName} did not answer, so it is left alone: {x.Message}");
                }
            }
            left.Add(e);
        }
        if (wiped > 0) StdIo.Out.WriteLine($"{wiped} socket{(wiped == 1 ? "" : "s")} wiped out.");
        if (records > 0) StdIo.Out.WriteLine($"{records} record{(records == 1 ? "" : "s")} wiped out.");
        return left;
    }

    /// <summary>
    /// <c>-wipe --all</c>: every file in the record directory that does not belong to a running session, records Mux
    /// could not read included (a link or a FIFO in a record's place is removed, never followed).
    /// </summary>
    private static void WipeAllRecords(RecordStore store, List<SessionEntry> sockets)
    {
        var running = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in sockets)
            if (!e.IsDead) running.Add(e.Name.FileName);
        string boot = BootId.Current();
        foreach (var (record, _) in store.ReadAll([]))
            if (RecordStates.Of(record, boot) == RecordState.Running) running.Add(record.Id);
        int removed = 0;
        foreach (var name in store.Names())
        {
            string id = name.EndsWith(RecordStore.RecordSuffix, StringComparison.Ordinal) ? name[..^RecordStore.RecordSuffix.Length]
                : name.EndsWith(RecordStore.ScreensSuffix, StringComparison.Ordinal) ? name[..^RecordStore.ScreensSuffix.Length] : "";
            if (id.Length == 0 || running.Contains(id)) continue;
            if (store.DeleteFile(name) && name.EndsWith(RecordStore.RecordSuffix, StringComparison.Ordinal)) removed++;
        }
        if (removed > 0) StdIo.Out.WriteLine($"{removed} more record{(removed == 1 ? "" : "s")} wiped out.");
    }

    /// <summary>The record directory, to read; null when there is none. One that is unsafe is said on stderr and not used.</summary>
    private static RecordStore? OpenRecords()
    {
        try { return RecordStore.Open(create: false); }
        catch (IOException e) { StdIo.Fail(e.Message); return null; }
    }

    /// <summary>
    /// <c>mux rerun NAME</c>: the recorded command of a lost or ended session started again, detached, in a new
    /// session of the same name, in the same directory with the same environment. Its old record is replaced by the
    /// new session's. Refused while a session of that name is still there.
    /// </summary>
    private static async Task<int> RerunAsync(string dir, Options o)
    {
        string target = o.Rerun!;
        RecordStore? store;
        try { store = RecordStore.Open(create: false); }
        catch (IOException e) { return StdIo.Fail(e.Message); }
        using (store)
        {
            var sockets = await LoadAsync(dir).ConfigureAwait(false);
            var problems = new List<string>();
            var records = SessionCatalog.Filter(SessionCatalog.AddRecords(sockets, store, problems).FindAll(e => e.IsRecordOnly), target);
            foreach (var problem in problems) StdIo.Fail(problem);
            string mux = InvocationName.Name;
            if (records.Count == 0)
            {
                if (sockets.Find(e => !e.IsDead && e.Matches(target)) is { } running)
                    return StdIo.Fail($"{running.Name.FileName} is still there ({running.StateText}); '{mux} -r {running.Name.FileName}' attaches to it");
                return StdIo.Fail($"no record of a lost or ended session named {target} ('{mux} -ls -v' lists them)");
            }
            // The same name lost more than once: the latest is the one to start again.
            var chosen = records[0];
            foreach (var e in records)
                if (e.CreatedUnixMs > chosen.CreatedUnixMs) chosen = e;
            var record = chosen.Record!;
            if (sockets.Find(e => !e.IsDead && e.Name.Name == record.Name) is { } live)
                return StdIo.Fail($"a session named {record.Name} is still there ({live.Name.FileName}, {live.StateText}); quit it first, or attach with '{mux} -r {live.Name.FileName}'");
            if (record.Command.Length == 0) return StdIo.Fail($"the record of {record.Id} has no command to run");
            var start = new ServerStartInfo(record.Name, 80, 24, record.Cwd, record.Command, StartedDetached: true);
            string path;
            try { path = await ServerLauncher.StartAsync(dir, start, ["-dmS", record.Name, .. record.Command], RerunEnvironment(record)).ConfigureAwait(false); }
            catch (SessionErrorException e) { return StdIo.Fail($"cannot start {record.Name} again: {e.Message}"); }
            store!.Delete(record.Id);
            StdIo.Out.WriteLine($"[{Path.GetFileName(path)} started again: {string.Join(' ', record.Command)} (in {record.Cwd})]");
            return 0;
        }
    }

    /// <summary>Variables that say where Mux itself keeps things: taken from this client, so the new session is found where it looks.</summary>
    private static readonly string[] OwnVariables = ["MUX_DIR", "XDG_RUNTIME_DIR", "XDG_STATE_HOME", "MUX_BOOT_ID_FILE", "MUX_RECORD_INTERVAL_MS"];

    /// <summary>The recorded environment, but for <see cref="OwnVariables"/>.</summary>
    private static string[] RerunEnvironment(JobRecord record)
    {
        var env = EnvironmentBlock.Parse(record.Environment);
        foreach (var name in OwnVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value) env[name] = value;
            else env.Remove(name);
        }
        return EnvironmentBlock.Format(env);
    }

    /// <summary>The sessions in <paramref name="dir"/>, servers asked only about what the file system cannot tell.</summary>
    private static async Task<List<SessionEntry>> LoadAsync(string dir)
    {
        var entries = SessionCatalog.Read(dir);
        return entries.Exists(e => e.NeedsProbe) ? await SessionCatalog.ProbeAsync(entries, all: false).ConfigureAwait(false) : entries;
    }

    /// <summary>A session whose server is stopped would hang whoever talks to it: say so instead.</summary>
    private static int NotAnswering(SessionEntry e) =>
        StdIo.Fail($"{e.Name.FileName} is not answering: its server is stopped or too busy (see mux -ls)");

    /// <summary>
    /// <c>mux wait NAME</c>: blocks until the session's programs have ended, then exits with the first window's
    /// status (128+N for signal N), like a shell's <c>wait</c>. 124 on timeout, as timeout(1) does.
    /// </summary>
    private static async Task<int> WaitAsync(string dir, Options o)
    {
        var entries = await LoadAsync(dir).ConfigureAwait(false);
        var matches = SessionCatalog.Match(entries, o.WaitFor);
        if (matches.Count == 0) return StdIo.Fail($"No screen session found matching {o.WaitFor}.");
        if (matches.Count > 1) return Ambiguous(matches, "Use a pid.name to say which.");
        if (matches[0].State == SessionState.Unreachable) return NotAnswering(matches[0]);
        TimeSpan? timeout = o.WaitTimeout is { } seconds ? TimeSpan.FromSeconds(Math.Max(0.001, seconds)) : null;
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var c = SessionConnection.Open(matches[0].SocketPath);
            var info = c.Wait(timeout);
            if (info is not null)
            {
                // The end record on stderr, so a script's stdout stays its own: "train: exited 1 after 3h12m, …".
                if (info.FirstEndRecord.Length > 0) StdIo.Err.WriteLine($"{info.Name}: {info.FirstEndRecord}");
                return info.ExitCode;
            }
            if (timeout is { } t && clock.Elapsed >= t)
                return StdIo.Fail($"{matches[0].Name.FileName} is still running after {o.WaitTimeout} seconds", 124);
            return StdIo.Fail($"{matches[0].Name.FileName} went away before its programs ended");
        }
        catch (Exception e) when (e is SessionUnreachableException or SessionErrorException)
        {
            return StdIo.Fail($"{matches[0].Name.FileName}: {e.Message}");
        }
    }

    /// <summary>
    /// <c>-X</c> (and <c>-Q</c>, which also prints the command's answer on stdout). Only sessions whose programs
    /// run take commands: an ended one fails like a missing one, so a script's "is it still running?" gets no.
    /// The exceptions: <c>hardcopy</c> only reads (it is how a script saves an ended job's last screen), and
    /// <c>rerun</c> starts an ended window again.
    /// </summary>
    private static async Task<int> RemoteAsync(string dir, Options o, string[] command)
    {
        var entries = await LoadAsync(dir).ConfigureAwait(false);
        string? target = o.SessionName ?? o.Target;
        var matches = SessionCatalog.MatchRunning(entries, target);
        // hardcopy reads an ended job's last screen; rerun starts an ended window again.
        if (matches.Count == 0 && command[0] is "hardcopy" or "rerun" && target is not null) matches = SessionCatalog.Match(entries, target);
        if (matches.Count == 0) return NoSessionFound(entries, target);
        if (matches.Count > 1) return Ambiguous(matches, "Use -S to specify a session.");
        if (matches[0].State == SessionState.Unreachable) return NotAnswering(matches[0]);
        try
        {
            if (command is ["upgrade"])
            {
                SessionConnection old;
                try { old = SessionConnection.OpenAnyVersion(matches[0].SocketPath); }
                catch (OlderServerException e)
                {
                    return StdIo.Fail($"{matches[0].Name.FileName}: its server speaks protocol {e.Version}, from before upgrades in place, " +
                        "so it cannot be upgraded; mux -r still attaches to it (with the mux it runs)");
                }
                StdIo.Err.WriteLine($"{Invocation.Name}: {old.Upgrade(matches[0].SocketPath)}");
                return 0;
            }
            using var c = SessionConnection.Open(matches[0].SocketPath);
            var result = c.Command(o.Window ?? "", command, query: o.Query);
            // screen's -X prints nothing on stdout (its answer goes to the session's message line); -Q prints it.
            if (result.Output.Length > 0 && o.Query) StdIo.Out.Write(result.Output);
            // Notes (something accepted but ignored) and the error, one line each: the user is told either way.
            foreach (var line in result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)) StdIo.Fail(line);
            return result.ExitCode;
        }
        catch (Exception e) when (e is SessionUnreachableException or SessionErrorException)
        {
            return StdIo.Fail($"{matches[0].Name.FileName}: {e.Message}");
        }
    }

    /// <summary>screen's answer, on stdout. A person is also told on stderr when the name is that of an ended job.</summary>
    private static int NoSessionFound(List<SessionEntry> entries, string? target)
    {
        StdIo.Out.Write("No screen session found." + SessionListing.MessageEnd);
        foreach (var e in SessionCatalog.Match(entries, target).FindAll(e => e.State == SessionState.Ended))
            StdIo.Err.WriteLine($"{InvocationName.Name}: {e.Name.FileName} has ended ({e.Exit}); " +
                $"'{InvocationName.Name} -r {e.Name.FileName}' shows its last screen, '{InvocationName.Name} -wipe {e.Name.FileName}' removes it");
        if (target is null) return 1;
        // A name whose server is gone is told apart from one never seen.
        using var store = OpenRecords();
        var recorded = SessionCatalog.AddRecords([], store, []);
        foreach (var e in SessionCatalog.Filter(recorded, target).FindAll(e => e.State == SessionState.Lost))
            StdIo.Err.WriteLine($"{InvocationName.Name}: {e.Name.FileName} was lost ({e.LostReason}); " +
                $"'{InvocationName.Name} -r {e.Name.FileName}' shows its last screen, '{InvocationName.Name} rerun {e.Name.Name}' starts it again");
        return 1;
    }

    private static async Task<int> ResumeAsync(string dir, Options o)
    {
        if (!o.ResumeOrCreate) ClientConfig.Load(o);
        string? target = o.Target ?? o.SessionName;
        using var store = OpenRecords();
        var problems = new List<string>();
        var entries = SessionCatalog.AddRecords(await LoadAsync(dir).ConfigureAwait(false), store, problems);
        var matches = SessionCatalog.Match(entries, target);
        if (o.ResumeOrCreate && !o.Resume)
        {
            // -R makes a new session where only a record is left; the old one is still there to see.
            foreach (var old in matches.FindAll(e => e.IsRecordOnly))
                StdIo.Err.WriteLine($"{InvocationName.Name}: {old.Name.FileName} {(old.State == SessionState.Lost ? $"was lost ({old.LostReason})" : "has ended")}; " +
                    $"'{InvocationName.Name} -r {old.Name.FileName}' shows its last screen");
            matches = matches.FindAll(e => !e.IsRecordOnly);
        }
        // A choice made for the user (no name given) considers only sessions whose programs run and whose server
        // answers; an ended or unresponsive one is reached by its name.
        if (target is null) matches = matches.FindAll(e => e.IsRunning);
        bool takeOver = o.DetachOthers;
        bool share = o.Share;
        // Plain -r/-R only resumes sessions nobody is attached to.
        var candidates = takeOver || share ? matches : matches.FindAll(e => !e.IsAttached);

        if (!o.Resume && !o.ResumeOrCreate && !share && o.DetachOthers) return Detach(entries, target);
        if (candidates.Count == 0)
        {
            if (o.ResumeOrCreate)
            {
                // -R NAME creates the session it asked for, as screen does.
                if (o.SessionName is null && o.Target is { } wanted)
                {
                    if (SessionName.Validate(wanted) is { } problem) return StdIo.Fail(problem);
                    o.SessionName = wanted;
                }
                return await CreateAsync(dir, o).ConfigureAwait(false);
            }
            if (o.Quiet) return 10; // screen's -q -r code for nothing to resume
            return NoneFound(matches.FindAll(e => e.IsAttached), "resumed", target);
        }
        if (candidates.Count > 1) return Ambiguous(candidates, $"Type \"{InvocationName.Name} [-d] -r [pid.]tty.host\" to resume one of them.");
        // No server to attach to: its saved screen, read-only.
        if (candidates[0].IsRecordOnly) return SavedSessionView.Show(candidates[0], store!);
        if (candidates[0].State == SessionState.Unreachable) return NotAnswering(candidates[0]);
        if (!HasTerminal) return StdIo.Fail(NoTerminal);
        var mode = takeOver ? AttachMode.DetachOthers : share ? AttachMode.Shared : AttachMode.Exclusive;
        return AttachSession.Run(candidates[0].SocketPath, mode, o);
    }

    /// <summary>screen's rule: attaching needs a terminal on stdin and stdout. Without one, nothing is created
    /// or taken over (a session started only to fail would be left running detached).</summary>
    private static bool HasTerminal => Tty.IsTerminal(0) && Tty.IsTerminal(1);

    private const string NoTerminal = "Must be connected to a terminal.";

    private static async Task<int> CreateAsync(string dir, Options o)
    {
        if (!o.DetachedStart && !HasTerminal) return StdIo.Fail(NoTerminal);
        WarnWithoutRecords();
        var (columns, rows) = Tty.TryGetSize(1, out int c, out int r) ? (c, r) : (80, 24);
        string name = o.SessionName ?? DefaultName();
        string[] command = o.Command;
        string? config = ClientConfig.Load(o);
        // A detached session starts at 80x24 (resize it with -X width); an attached one at the client's size
        // less the status line.
        string? log = o.Log ? o.LogFile ?? "screenlog.%n" : null;
        var (windowColumns, windowRows) = o.DetachedStart ? (80, 24) : (columns, Math.Max(1, rows - 1));
        var start = new ServerStartInfo(name, windowColumns, windowRows, SessionConnection.SafeCwd(), command, o.DetachedStart,
            log, config, o.Title, o.Scrollback, o.Notify, o.Term, o.Shell);
        string path;
        using var foreground = o.DetachedStart && o.StayInForeground ? ForegroundSession.Begin() : null;
        try { path = await ServerLauncher.StartAsync(dir, start, o.Arguments).ConfigureAwait(false); }
        catch (SessionErrorException e) { return StdIo.Fail(e.Message); }
        // Said once, where the session is started (the server says it again on the first attach).
        if (LogoutPolicy.Warning() is { } logout) StdIo.Err.WriteLine($"{Invocation.Name}: {logout}");
        // The job runs either way; a log asked for and not opened is said here (and on the status line, and in -ls -v).
        if (log != null && o.DetachedStart && FirstWindowLogProblem(path) is { } logProblem)
        {
            int failed = StdIo.Fail($"{logProblem} (the session {Path.GetFileName(path)} runs without it)");
            if (foreground is null) return failed;
        }
        if (foreground is not null) return foreground.Run(path);
        if (o.DetachedStart) return 0;
        return AttachSession.Run(path, AttachMode.Shared, o);
    }

    /// <summary>The record directory is made (or checked) here, so that a session that cannot keep a record says why.</summary>
    private static void WarnWithoutRecords()
    {
        try { RecordStore.Open(create: true)?.Dispose(); }
        catch (IOException e) { StdIo.Fail($"{e.Message}; the session runs without a record"); }
    }

    /// <summary>
    /// screen's <c>-q -ls</c> answer, for scripts that test it: 9 for no session, 10 when none can be attached
    /// (attached elsewhere, or not answering), 10 + N for N that can.
    /// </summary>
    private static int QuietListingCode(List<SessionEntry> entries)
    {
        var running = entries.FindAll(e => e.State is not (SessionState.Ended or SessionState.Dead or SessionState.Lost));
        if (running.Count == 0) return 9;
        return 10 + running.FindAll(e => e.State == SessionState.Detached).Count;
    }

    private static string? FirstWindowLogProblem(string socketPath)
    {
        try
        {
            using var c = SessionConnection.Open(socketPath);
            var info = c.Query(TimeSpan.FromSeconds(5));
            // No log path with a problem: the log could not be opened (a slow or full disk is a later story).
            return (info.Windows.Length > 0 ? info.Windows[0] : null) is { LogPath.Length: 0, LogProblem.Length: > 0 } w ? w.LogProblem : null;
        }
        catch (Exception e) when (e is SessionUnreachableException or SessionErrorException or ProtocolException or IOException) { return null; }
    }

    /// <summary>
    /// <c>-d [session]</c>: detach an attached session from its display, attach nowhere. Only attached sessions are
    /// candidates; as screen does, the detached ones that match are listed before saying there is none to detach.
    /// </summary>
    private static int Detach(List<SessionEntry> entries, string? target)
    {
        var matches = SessionCatalog.MatchRunning(entries, target);
        var candidates = matches.FindAll(e => e.State != SessionState.Detached);
        if (candidates.Count == 0) return NoneFound(matches, "detached", target);
        if (candidates.Count > 1) return Ambiguous(candidates, "Use -S to specify a session.");
        if (candidates[0].State == SessionState.Unreachable) return NotAnswering(candidates[0]);
        using var c = SessionConnection.Open(candidates[0].SocketPath);
        c.Command("", ["detach"]);
        StdIo.Out.WriteLine($"[{candidates[0].Name.FileName} detached.]");
        return 0;
    }

    /// <summary>screen's "There is no screen to be resumed/detached [matching NAME].", after the sessions that
    /// matched but could not be taken; on stdout, exit 1.</summary>
    private static int NoneFound(List<SessionEntry> others, string verb, string? target)
    {
        if (others.Count > 0)
            StdIo.Out.Write((others.Count == 1 ? "There is a screen on:" : "There are screens on:") + SessionListing.MessageEnd + SessionListing.Lines(others));
        StdIo.Out.Write($"There is no screen to be {verb}{(target is null ? "" : " matching " + target)}.{SessionListing.MessageEnd}");
        return 1;
    }

    /// <summary>screen's answer when a name fits several sessions, on stdout, exit 1; <paramref name="hint"/> says what to do.</summary>
    private static int Ambiguous(List<SessionEntry> matches, string hint)
    {
        StdIo.Out.Write("There are several suitable screens on:" + SessionListing.MessageEnd + SessionListing.Lines(matches) + hint + SessionListing.MessageEnd);
        return 1;
    }

    /// <summary>screen names unnamed sessions after the terminal and host: <c>pts-3.host</c>.</summary>
    private static string DefaultName()
    {
        string host = Environment.MachineName;
        string? tty = TtyName.Of(0);
        if (tty is null) return host;
        return tty.Replace("/dev/", "", StringComparison.Ordinal).Replace('/', '-') + "." + host;
    }
}
