using System.Buffers;
using Mux.Platform.Native;
using Mux.Platform.Pty;
using Mux.Server.Pty;
using Mux.Vt100;

namespace Mux.Server.Sessions;

/// <summary>
/// One program in a pseudo-terminal, and the emulator that keeps its screen. A dedicated thread reads the PTY
/// and feeds the emulator under the session's lock; input goes through a queue so that a program that does not
/// read its input never blocks the session.
/// </summary>
public sealed class Window
{
    private const int ReadChunk = 64 * 1024;

    private readonly Session _session;
    private readonly IPtyConnection _pty;
    private readonly WindowInput _input;
    private readonly TaskCompletionSource _outputEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _exitReported;

    private Window(Session session, int number, WindowSpec spec, IPtyConnection pty, Terminal terminal)
    {
        _session = session;
        Spec = spec;
        Number = number;
        _pty = pty;
        Terminal = terminal;
        // A program asking for the colours (OSC 4/10/11 "?") learns those of the user's terminal.
        terminal.ColorDefaults = session.ClientColors;
        terminal.KittyKeySupport = session.KittyKeySupport;
        terminal.SharedClipboard = session.Clipboard;
        Command = string.Join(' ', spec.Command);
        Title = spec.Title ?? Path.GetFileName(spec.Command[0]);
        Cwd = Directory.Exists(spec.Cwd) ? spec.Cwd : "/";
        Started = DateTimeOffset.UtcNow;
        _input = new WindowInput(pty, session.ShowMessage);
        Usage = new Jobs.JobUsage(pty.Pid);
    }

    /// <summary>What the window was opened with: <c>rerun</c> starts the same again.</summary>
    public WindowSpec Spec { get; }

    /// <summary>What the program and everything it started cost (CPU, memory, GPU).</summary>
    public Jobs.JobUsage Usage { get; }

    /// <summary>Why this window's last hook failed; null when none did.</summary>
    public string? HookProblem { get; set; }

    /// <summary>Changed only by <see cref="Session.Renumber"/>, which keeps the window list in order.</summary>
    public int Number { get; internal set; }

    public string Title { get; set; }

    public string Command { get; }

    /// <summary>The directory the program started in: relative file names in commands on this window mean this one.</summary>
    public string Cwd { get; }

    /// <summary>A file name as the window's program would mean it (screen resolves against the session's directory).</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, Cwd);

    /// <summary>The window's screen. Read and written only under the session's lock.</summary>
    public Terminal Terminal { get; }

    public int Pid => _pty.Pid;

    public DateTimeOffset Started { get; }

    public DateTimeOffset? Ended { get; private set; }

    /// <summary>How the program ended; null while it runs.</summary>
    public ExitStatus? Exit { get; private set; }

    public bool IsRunning => Exit is null;

    /// <summary>Tell attached clients when this window prints while not shown (screen's monitor).</summary>
    public bool MonitorActivity { get; set; }

    /// <summary>Tell attached clients when this window has printed nothing for this long; zero for never.</summary>
    public TimeSpan SilenceAfter { get; set; }

    /// <summary>What happened in the window since it was last shown: shown on the status line as # ~ !.</summary>
    public bool HadActivity { get; set; }
    public bool WentSilent { get; set; }
    public bool Rang { get; set; }

    /// <summary>When the program last printed (for silence monitoring).</summary>
    public DateTime LastOutputUtc { get; set; } = DateTime.UtcNow;

    internal long BellsSeen { get; set; }

    /// <summary>The bell count event readers were last told of.</summary>
    internal long BellsStreamed { get; set; }

    /// <summary>The window's log file while logging is on.</summary>
    public WindowLog? Log { get; private set; }

    /// <summary>Why the log last asked for could not be opened; null when it was (or none was asked for).</summary>
    public string? LogFailure { get; private set; }

    /// <summary>
    /// Starts or stops logging; returns why the log could not be opened (also shown on the status line), or null.
    /// Caller holds the session lock.
    /// </summary>
    public string? SetLog(string? path, bool raw)
    {
        if (Log is { } old) _ = old.CloseAsync();
        Log = null;
        LogFailure = null;
        if (path is null) return null;
        try
        {
            Log = WindowLog.Open(path, raw, text => _session.ShowMessage($"Window {Number}: {text}"));
            return null;
        }
        catch (IOException e)
        {
            LogFailure = $"cannot open log {path}: {ErrorText.Describe(e)}";
            _session.ShowMessage($"Window {Number}: {LogFailure}");
            return LogFailure;
        }
    }

    private long _dropsAnnounced;

    /// <summary>What an attaching user should hear about this window's log; null when there is no news.</summary>
    internal string? TakeLogNotice()
    {
        if (LogFailure is { } failure) return $"Window {Number}: {failure}";
        if (Log is not { } log) return null;
        long dropped = log.LinesDropped;
        string? problem = log.Problem;
        if (dropped == _dropsAnnounced && problem is null) return null;
        _dropsAnnounced = dropped;
        string lost = dropped > 0 ? $"{dropped} lines not logged (each gap is marked in the log)" : "";
        return $"Window {Number}: log {log.Path}: " + (problem is null ? lost : lost.Length == 0 ? problem : $"{problem}; {lost}");
    }

    /// <summary>Which signal ended a kill this window was asked for, if any.</summary>
    public string? KilledWith { get; private set; }

    internal static Window Start(Session session, int number, WindowSpec spec, int columns, int rows)
    {
        var env = new Dictionary<string, string>(spec.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in session.Settings.EnvironmentChanges)
        {
            if (value is null) env.Remove(name);
            else env[name] = value;
        }
        env["TERM"] = session.Settings.Term;
        env["COLORTERM"] = "truecolor";
        env["STY"] = session.FullName;
        env["WINDOW"] = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var options = new PtyOptions
        {
            Name = session.FullName,
            App = spec.Command[0],
            CommandLine = spec.Command[1..],
            Cwd = Directory.Exists(spec.Cwd) ? spec.Cwd : "/",
            Environment = env,
            Cols = columns,
            Rows = rows,
        };
        var pty = PtyProvider.Spawn(options);
        return new Window(session, number, spec, pty, new Terminal(columns, rows, session.Settings.ScrollbackLimit));
    }

    /// <summary>What the image that replaces this server needs to take the window over. Caller holds the lock.</summary>
    /// <summary>Stops taking output from the program, once the chunk in hand is shown (see <see cref="IPtyConnection.PauseReading"/>).</summary>
    internal bool PauseOutput(TimeSpan waitForReader) => _pty.PauseReading(waitForReader);

    internal void ResumeOutput() => _pty.ResumeReading();

    internal Mux.Protocol.HandedOverWindow HandOver() => new(Number, Title, Pid, (int)_pty.Master.DangerousGetHandle(),
        _pty.SlaveName ?? "", Command, Cwd, Log?.Path, Log?.Raw ?? false, Terminal.Columns, Terminal.Rows,
        Terminal.CursorColumn, Terminal.CursorRow, Survival.ScreenHandover.Capture(Terminal));

    /// <summary>A window the image this server replaced ran: its program goes on, its screen is drawn back.</summary>
    internal static Window Adopt(Session session, Mux.Protocol.HandedOverWindow h)
    {
        var terminal = Survival.ScreenHandover.Restore(h.Columns, h.Rows, session.Settings.ScrollbackLimit, h.Lines, h.CursorColumn, h.CursorRow);
        var pty = PtyProvider.Adopt(h.MasterFd, h.Pid, h.SlaveName);
        var spec = new WindowSpec(h.Command.Split(' '), h.Cwd, new Dictionary<string, string>(), h.Title);
        return new Window(session, h.Number, spec, pty, terminal);
    }

    /// <summary>Starts reading the program's output; called once the window is fully set up (e.g. its log).</summary>
    internal void StartPumps()
    {
        var reader = new Thread(ReadLoop) { IsBackground = true, Name = $"pty-read-{Number}" };
        reader.Start();
        _ = Task.Run(_input.WriteLoopAsync);
        _pty.ProcessExited += (_, e) => _ = OnProcessExitedAsync(e.Status);
        // The program may have exited before the handler was attached.
        if (_pty.Status is { } status) _ = OnProcessExitedAsync(status);
    }

    /// <summary>
    /// Types bytes into the program: at once when its input has room (the common case, and the fast one for
    /// keystroke echo), else through a bounded queue (<see cref="WindowInput"/>) that drains as the program reads.
    /// </summary>
    public void Write(ReadOnlySpan<byte> bytes) => Write(bytes, reply: false);

    private void Write(ReadOnlySpan<byte> bytes, bool reply)
    {
        if (bytes.IsEmpty || !IsRunning) return;
        _input.Write(bytes, reply, $"Window {Number} ({Title})");
    }

    /// <summary>Bytes of terminal replies dropped because the program was not reading its input.</summary>
    public long DroppedReplyBytes => _input.DroppedReplyBytes;

    /// <summary>Bytes typed into the window but dropped because the program was not reading its input.</summary>
    public long DroppedInputBytes => _input.DroppedInputBytes;

    /// <summary>The terminal's master side, for a client that writes keys to it directly.</summary>
    internal System.Runtime.InteropServices.SafeHandle Master => _pty.Master;

    /// <summary>No input waits in the queue: a client writing keys directly overtakes nothing.</summary>
    internal bool InputIdle => _input.IsIdle;

    /// <summary>
    /// Resizes both the emulator and the PTY (the kernel sends the program SIGWINCH); false when the size was
    /// already that. Caller holds the lock.
    /// </summary>
    internal bool Resize(int columns, int rows)
    {
        if (columns == Terminal.Columns && rows == Terminal.Rows) return false;
        Terminal.Resize(columns, rows);
        if (IsRunning)
        {
            try { _pty.Resize(columns, rows); } catch (Exception e) when (e is IOException or PtyException) { }
        }
        return true;
    }

    /// <summary>
    /// SIGHUP, then SIGTERM, then SIGKILL, each after a grace period, to every process of the window's terminal
    /// session (a job the shell put in a group of its own, or one left behind when the shell died, included).
    /// The window is reported ended only once this is over, so the message says what really ended it.
    /// </summary>
    public Task KillAsync()
    {
        lock (_killGate) return _killing ??= IsRunning ? KillEverythingAsync() : Task.CompletedTask;
    }

    private readonly object _killGate = new();
    private Task? _killing;

    private async Task KillEverythingAsync()
    {
        var grace = _session.Settings.KillGrace;
        using var processes = new WindowProcesses(_pty.Pid, _pty.SlaveName);
        foreach (var (signal, name) in new[] { (SignalNumbers.SIGHUP, "SIGHUP"), (SignalNumbers.SIGTERM, "SIGTERM"), (SignalNumbers.SIGKILL, "SIGKILL") })
        {
            processes.Refresh();
            var others = processes.Alive();
            bool leaderRuns = _pty.Status is null;
            if (!leaderRuns && others.Count == 0) return;
            KilledWith = name;
            if (!leaderRuns) _othersKilled = (name, others.Select(p => p.Name).ToArray());
            try { _pty.Signal(signal); } catch (Exception e) when (e is IOException or PtyException) { }
            processes.Signal(signal);
            if (await AllEndedAsync(grace, processes).ConfigureAwait(false)) return;
        }
        _survivors = processes.Alive().Select(p => p.Name).ToArray();
    }

    private async Task<bool> AllEndedAsync(TimeSpan grace, WindowProcesses processes)
    {
        // Processes outside our children announce nothing: look every few milliseconds, and only while a kill runs.
        var deadline = DateTime.UtcNow + grace;
        while (true)
        {
            if (_pty.Status is not null && processes.Alive().Count == 0) return true;
            if (DateTime.UtcNow >= deadline) return false;
            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    private (string Signal, string[] Names)? _othersKilled;
    private string[] _survivors = [];

    /// <summary>Which signal was in force when the program itself ended, if a kill was asked for.</summary>
    public string? ProgramKilledWith { get; private set; }

    /// <summary>What a kill did beyond the program itself ("" when nothing): processes it left that needed a
    /// stronger signal, or that even SIGKILL did not end.</summary>
    public string KillAftermath
    {
        get
        {
            string text = "";
            if (_othersKilled is { } o && o.Signal != ProgramKilledWith)
                text += $"; {Processes(o.Names)} it left ended by {o.Signal}";
            if (_survivors.Length > 0) text += $"; {Processes(_survivors)} survived SIGKILL";
            return text;
        }
    }

    private static string Processes(string[] names) =>
        $"{names.Length} {(names.Length == 1 ? "process" : "processes")} ({string.Join(", ", names)})";

    private void ReadLoop()
    {
        // On the pinned heap: the read blocks inside a fixed statement while the program is quiet, and a buffer
        // pinned in the young generation keeps that whole region of the heap from being compacted and given back.
        var buffer = GC.AllocateUninitializedArray<byte>(ReadChunk, pinned: true);
        var replies = new ArrayBufferWriter<byte>();
        var stream = _pty.ReaderStream;
        while (true)
        {
            int n;
            try { n = stream.Read(buffer, 0, buffer.Length); }
            catch (Exception e) when (e is IOException or ObjectDisposedException) { n = 0; }
            if (n <= 0) break;
            try
            {
                Survival.FaultInjection.SawOutput(buffer.AsSpan(0, n));
                Survival.FaultInjection.At(Survival.FaultSite.Reader);
                _session.OnWindowOutput(this, buffer.AsSpan(0, n), replies);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A fault in the emulator or the log must not hang up the program's terminal: that output may be
                // missing from the screen, but the program runs on and its later output is shown.
                _session.Notify($"Window {Number} ({Title}): mux could not show some of its output ({Mux.Platform.Native.ErrorText.Describe(e)}); the program runs on");
                replies.Clear();
                continue;
            }
            if (replies.WrittenCount > 0)
            {
                Write(replies.WrittenSpan, reply: true);
                replies.Clear();
            }
        }
        _outputEnded.TrySetResult();
    }

    private async Task OnProcessExitedAsync(ExitStatus status)
    {
        if (Interlocked.Exchange(ref _exitReported, 1) != 0) return;
        // Let the reader drain what the program wrote before it exited. A background grandchild that still holds
        // the terminal would keep it open forever, so give up after a moment.
        ProgramKilledWith = KilledWith;
        try { await _outputEnded.Task.WaitAsync(TimeSpan.FromMilliseconds(300)).ConfigureAwait(false); }
        catch (TimeoutException) { }
        Usage.Finish(status);
        // A kill under way finishes with what the program left behind before the window is reported ended.
        Task? killing;
        lock (_killGate) killing = _killing;
        if (killing is not null) await killing.ConfigureAwait(false);
        Exit = status;
        Ended = DateTimeOffset.UtcNow;
        if (Log is { } log) _ = log.CloseAsync();
        _input.Complete();
        _session.OnWindowExited(this);
        _pty.Dispose();
    }
}
