using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Mux.Platform.Native;
using Mux.Platform.Pty;
using Mux.Protocol;
using Mux.Protocol.Records;
using Mux.Server.Commands;
using Mux.Server.Records;
using Mux.Server.Survival;

namespace Mux.Server.Sessions;

/// <summary>
/// The session server process: listens on <c>DIR/PID.NAME</c>, runs the first window, serves clients, and exits
/// (removing its socket) when the session ends.
/// </summary>
public static class SessionServer
{
    public static int Run(ServerStartInfo start)
    {
        string dir = SocketDirectory.Resolve();
        SocketDirectory.EnsureSecure(dir, create: true);
        int pid = Environment.ProcessId;
        string path = Path.Combine(dir, new SessionName(pid, start.Name).FileName);

        var session = new Session(start.Name, pid, new SessionSettings { KeepExited = start.StartedDetached }, start.Columns, start.Rows);
        var marks = new ListingMarks(session, path);
        marks.WriteRecord();
        session.ListingChanged = marks.Update;

        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, SessionRecord.DetachedMode);
        listener.Listen(64);

        string? startupError = null;
        var environment = EnvironmentBlock.Current();
        if (start.ConfigFile is { } config) ApplyConfig(session, config, new ClientIdentity(start.Cwd, environment));
        // The command line's -h wins over the config file's defscrollback.
        if (start.Scrollback is { } limit) session.Settings.ScrollbackLimit = Math.Clamp(limit, 0, 1_000_000);
        if (start.Notify is { } notify) session.Hooks.Set("exit", notify);
        if (start.Term is { } term) session.Settings.Term = term;
        if (start.Shell is { } shell) session.Settings.Shell = shell;
        string[] command = start.Command.Length > 0 ? start.Command
            : [session.Settings.Shell ?? ScreenCommand.DefaultShell(environment)];
        using var records = StartRecords(session, marks, command, start.Cwd, environment);
        try
        {
            // The command line's program, or the default shell unless the config file opened windows already.
            if (start.Command.Length > 0 || session.Windows.Count == 0)
                session.OpenWindow(new WindowSpec(command, start.Cwd, environment, start.Title, start.LogFile));
        }
        catch (PtyException e)
        {
            startupError = e.Message;
        }
        if (LogoutPolicy.Warning() is { } logout) session.Notify(logout);
        return Serve(session, listener, path, marks, startupError, replacedAt: null);
    }

    /// <summary>
    /// Goes on with the session the image this process replaced was serving (see <see cref="ServerReplacement"/>):
    /// same pid, same socket, the same windows and programs, their screens drawn back.
    /// </summary>
    public static int Resume(ServerHandover handover, DateTimeOffset? replacedAt)
    {
        string dir = SocketDirectory.Resolve();
        int pid = Environment.ProcessId;
        string path = Path.Combine(dir, new SessionName(pid, handover.Name).FileName);
        var first = handover.Windows.FirstOrDefault();
        var settings = new SessionSettings
        {
            KeepExited = handover.KeepExited, ScrollbackLimit = handover.ScrollbackLimit, Term = handover.Term, Shell = handover.Shell,
        };
        var session = new Session(handover.Name, pid, settings, first?.Columns ?? 80, first?.Rows ?? 24, handover.Created);
        var marks = new ListingMarks(session, path);
        marks.WriteRecord();
        session.ListingChanged = marks.Update;

        // The session's record goes on under the same name (what it started with is the first window's).
        using var records = StartRecords(session, marks, first?.Command.Split(' ') ?? [], first?.Cwd ?? "/", EnvironmentBlock.Current());
        Libc.fcntl(handover.ListenerFd, Libc.F_SETFD, Libc.FD_CLOEXEC);
        using var listener = new Socket(new SafeSocketHandle(handover.ListenerFd, ownsHandle: true));
        foreach (var window in handover.Windows)
        {
            try { session.AdoptWindow(window, window.Number == handover.CurrentWindow); }
            catch (PtyException e) { session.Notify($"Window {window.Number} ({window.Title}) could not be taken over: {e.Message}"); }
        }
        session.Notify(handover.Reason);
        // Every program ended while the images changed hands: the session is over, as it would have been.
        if (session.Windows.Count == 0) session.Quit();
        return Serve(session, listener, path, marks, startupError: null, replacedAt);
    }

    private static int Serve(Session session, Socket listener, string path, ListingMarks marks, string? startupError, DateTimeOffset? replacedAt)
    {
        // Gone from listings before a quit is answered or a client is told the session ended.
        session.Ending = () =>
        {
            try { File.Delete(path); } catch (IOException) { }
            marks.Remove();
            session.RecordEnding?.Invoke();
        };
        var replacement = new ServerReplacement(session, listener, replacedAt);
        session.Replacement = replacement;
        replacement.CatchFatalFaults();

        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; session.Quit(); });
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx => ctx.Cancel = true);

        var accepting = AcceptLoopAsync(listener, session, startupError);
        if (startupError != null)
        {
            // Stay just long enough to tell the client that started us why the session could not start.
            accepting.Wait(TimeSpan.FromSeconds(5));
        }
        else
        {
            session.Ended.Wait();
            // Give attached clients a moment to receive their "terminating" notice.
            Thread.Sleep(50);
            // Event readers get the session's end; one that does not read is not waited for long.
            session.Events.WaitForReaders(TimeSpan.FromSeconds(1));
            // A hook told of the last window's end gets its whole event before the server goes.
            session.Hooks.WaitForRunning(session.Hooks.TimeLimit);
        }
        try { File.Delete(path); } catch (IOException) { }
        marks.Remove();
        return 0;
    }

    /// <summary>How long an ending session waits for its record's last write: a stalled disk must not keep the server.</summary>
    private static readonly TimeSpan RecordFinishTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How many records of sessions that ended normally are kept (the newest); lost sessions' are all kept.</summary>
    private const int KeepEndedRecords = 100;

    /// <summary>
    /// Starts keeping the session's record (see <see cref="RecordWriter"/>); null when the record directory cannot be
    /// used (the client that started the session has said why). The session runs either way.
    /// </summary>
    private static RecordWriter? StartRecords(Session session, ListingMarks marks, string[] command, string cwd, IReadOnlyDictionary<string, string> environment)
    {
        RecordStore? store;
        try { store = RecordStore.Open(create: true); }
        catch (IOException) { return null; }
        if (store is null) return null;
        var source = new SessionRecordSource(session, marks.StartTicks, BootId.Current(), command, cwd, environment);
        var writer = new RecordWriter(source, store, session.FullName, RecordWriter.IntervalFromEnvironment())
        {
            ProblemStarted = problem => session.ShowMessage($"The session's record is not being kept: {problem}"),
            Written = session.AfterChore,
        };
        session.WindowEnded = w =>
        {
            source.WindowEnded(w);
            writer.Nudge();
        };
        var listingChanged = session.ListingChanged;
        session.ListingChanged = () =>
        {
            listingChanged?.Invoke();
            writer.Nudge();
        };
        // Under the session's lock, before a quit is answered: the record says "ended" by the time anyone is told.
        session.RecordEnding = () =>
        {
            source.MarkEnded();
            writer.Finish(RecordFinishTimeout);
        };
        string recordPath = Path.Combine(store.Path, RecordStore.RecordName(session.FullName));
        session.RecordStatus = () =>
            $"record {recordPath}: {writer.Writes} writes ({writer.BytesWritten} bytes), {writer.Skipped} skipped" +
            (writer.Problem is { } problem ? $"; failing: {problem}" : "") +
            $"; last screens refresh {writer.LastRefreshCost.TotalMilliseconds:0.0} ms";
        writer.Start();
        // Ended sessions' records beyond the newest few are cleared, off the start path; lost ones are kept.
        _ = Task.Run(() => store.PruneEnded(KeepEndedRecords, BootId.Current()));
        return writer;
    }

    /// <summary>
    /// Runs the config file's session commands in order (window-creating <c>screen</c> lines included). The
    /// client has already warned about bad lines on its stderr; what went wrong is also kept for the message line of
    /// the first client to attach.
    /// </summary>
    private static void ApplyConfig(Session session, string path, ClientIdentity identity)
    {
        var unreadable = new List<string>();
        foreach (var line in ConfigFile.Read(path, unreadable))
        {
            if (CommandSyntaxes.ClientCommands.Contains(line.Arguments[0])) continue;
            try
            {
                CommandResult result;
                using (session.Sync.Enter()) result = CommandTable.Run(new CommandContext(session, session.Current, identity, null), line.Arguments);
                if (result.Error.Length > 0) session.AddConfigNotice($"{Path.GetFileName(line.File)}:{line.Number}: {result.Error}");
            }
            catch (PtyException) { }
        }
        foreach (var problem in unreadable) session.AddConfigNotice(problem.Replace(path, Path.GetFileName(path), StringComparison.Ordinal));
    }

    private static async Task AcceptLoopAsync(Socket listener, Session session, string? startupError)
    {
        uint uid = Libc.getuid();
        var backOff = new AcceptBackOff();
        var limits = ConnectionLimits.Default;
        var unattached = new UnattachedCount(limits.MaxUnattached);
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;   // the session is ending
            }
            catch (SocketException e)
            {
                await BackOffAsync(e.SocketErrorCode).ConfigureAwait(false);
                continue;
            }
            // Connections speak through our own socket calls, as the client's do (one transport): the listener only
            // accepts. The copy takes a descriptor too, so running out of them shows here as it does at accept(2).
            UnixSocket? socket;
            int errno;
            using (accepted) socket = UnixSocket.TryDuplicate(accepted.SafeHandle, out errno);
            if (socket is null)
            {
                await BackOffAsync(errno is Libc.EMFILE or Libc.ENFILE ? SocketError.TooManyOpenSockets : SocketError.NoBufferSpaceAvailable).ConfigureAwait(false);
                continue;
            }
            backOff.Succeeded();
            try
            {
                FaultInjection.At(FaultSite.Accept);
                if (!Admit(socket, session, uid, startupError, limits, unattached)) return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // One connection's trouble never stops the session from accepting the next.
                socket.Dispose();
                session.Notify($"mux could not take a connection: {ErrorText.Describe(e)}; it goes on accepting");
            }
        }

        // Out of descriptors (EMFILE, ENFILE), of kernel buffers (ENOBUFS) or a peer that left before it was accepted
        // (ECONNABORTED): none of that is the listener's fault, so wait a little and accept again. Giving up here
        // would leave a live session that no client can ever reach.
        async Task BackOffAsync(SocketError error)
        {
            if (backOff.Failed(error) is { } notice) session.ShowMessage(notice);
            await Task.Delay(backOff.Delay).ConfigureAwait(false);
        }
    }

    /// <summary>Checks and serves one connection; false when the accept loop should end (a failed start was reported).</summary>
    private static bool Admit(UnixSocket socket, Session session, uint uid, string? startupError, ConnectionLimits limits, UnattachedCount unattached)
    {
        // Another user never gets further than this.
        if (!IsSameUser(socket, uid))
        {
            socket.Dispose();
            return true;
        }
        var connection = new Connection(socket);
        if (startupError != null)
        {
            ReportStartupError(connection, startupError);
            return false;
        }
        if (!unattached.TryAdd())
        {
            // Refused at once, on this thread: a flood of idle connections gets neither threads nor buffers.
            connection.TrySendError("too many connections are waiting on this session; try again");
            connection.Close();
            return true;
        }
        new ClientHandler(session, connection, limits, unattached).Start();
        return true;
    }

    private static bool IsSameUser(UnixSocket socket, uint uid)
    {
        try { return PeerCredentials.Get(socket).Uid == uid; }
        catch (IOException) { return false; }
    }

    private static void ReportStartupError(Connection connection, string error)
    {
        try { connection.Receive(TimeSpan.FromSeconds(5)); }
        catch (ProtocolException) { }
        connection.Send(MessageType.Error, new PayloadWriter().String(error).WrittenSpan);
        connection.Close();
    }
}
