using System.Buffers;
using Mux.Platform.Native;
using Mux.Platform.Pty;
using Mux.Protocol;
using Mux.Server.Jobs;

namespace Mux.Server.Sessions;

/// <summary>
/// A session: its windows, which one is shown, and the clients attached to it. All state is read and changed
/// under <see cref="Sync"/>; window output, client messages and commands all take it briefly.
/// </summary>
public sealed class Session
{
    private readonly List<Window> _windows = new();
    private readonly List<AttachedClient> _clients = new();
    private readonly List<TaskCompletionSource<SessionInfo>> _waiters = new();
    private Window? _firstWindow;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Session(string name, int pid, SessionSettings settings, int columns, int rows, DateTimeOffset? created = null)
    {
        _trimmer = new MemoryTrimmer(Trim);
        // Start-up touched code and data that an idle server never runs again: give them back once it is quiet.
        _trimmer.Request();
        Name = name;
        Pid = pid;
        Settings = settings;
        Created = created ?? DateTimeOffset.UtcNow;
        WindowColumns = columns;
        WindowRows = rows;
        Usage = new UsageSampler(RunningJobs, static () => Environment.GetEnvironmentVariable("PATH"),
            static () => EnvironmentBlock.Format(EnvironmentBlock.Current()));
    }

    /// <summary>Replaces this server with a fresh image, keeping every window (set once the server serves).</summary>
    public Survival.ServerReplacement? Replacement { get; set; }

    /// <summary>The commands run when a window's job ends or a monitor fires (<c>on exit</c>…).</summary>
    public JobHooks Hooks { get; } = new();

    /// <summary>Reads what the windows' process trees cost.</summary>
    public UsageSampler Usage { get; }

    private List<(int, JobUsage)> RunningJobs()
    {
        lock (Sync) return _windows.Where(w => w.IsRunning).Select(w => (w.Pid, w.Usage)).ToList();
    }

    /// <summary>How the session's first program ended, as one line (<c>exited 1 after 3h12m, peak RSS 11 GiB</c>); empty while it runs.</summary>
    public string FirstEndRecord { get; private set; } = "";

    private JobEvent EventOf(Window w, string evt) => new(evt, Name, w.Number, w.Title, w.Command, w.Pid, w.Exit,
        w.Usage.OomKilled, w.Started, w.Ended, w.Usage.CpuSeconds, w.Usage.PeakRssBytes, w.Usage.PeakGpuBytes,
        JobEvent.TailText(w.Terminal, JobEvent.LineCount));

    /// <summary>Runs the hook for <paramref name="evt"/> on window <paramref name="w"/>, if one is set. Caller holds the lock.</summary>
    private void FireHook(Window w, string evt)
    {
        if (Hooks.Get(evt) is null) return;
        Hooks.Fire(EventOf(w, evt), EnvironmentBlock.Current(), w.Cwd, problem =>
        {
            lock (Sync) w.HookProblem = problem;
            ShowMessage(problem);
        });
    }

    public object Sync { get; } = new();

    public string Name { get; }

    public int Pid { get; }

    public string FullName => $"{Pid}.{Name}";

    public DateTimeOffset Created { get; }

    public SessionSettings Settings { get; }

    public IReadOnlyList<Window> Windows => _windows;

    public IReadOnlyList<AttachedClient> Clients => _clients;

    /// <summary>The window attached clients show.</summary>
    public Window? Current { get; private set; }

    /// <summary>The window shown before <see cref="Current"/> (Ctrl+A Ctrl+A goes back to it).</summary>
    public Window? Previous { get; private set; }

    /// <summary>The text last copied in copy mode, which <c>paste</c> types; shared by the session's clients.</summary>
    public string PasteBuffer { get; set; } = "";

    /// <summary>The size windows have: the smallest attached client's, or the last one set.</summary>
    public int WindowColumns { get; private set; }

    public int WindowRows { get; private set; }

    /// <summary>Completes when the session has ended (its last window exited, or quit).</summary>
    public Task Ended => _ended.Task;

    public bool HasEnded => _ended.Task.IsCompleted;

    /// <summary>Starts a window and makes it current.</summary>
    public Window OpenWindow(WindowSpec spec)
    {
        lock (Sync)
        {
            int number = 0;
            while (_windows.Any(w => w.Number == number)) number++;
            var window = Window.Start(this, number, spec, WindowColumns, WindowRows);
            string? log = spec.LogFile ?? (Settings.LogNewWindows ? Settings.LogFile : null);
            if (log != null) window.SetLog(LogPath(window, log), Settings.RawLogs);
            int at = _windows.FindIndex(w => w.Number > number);
            _windows.Insert(at < 0 ? _windows.Count : at, window);
            _firstWindow ??= window;
            Select(window);
            ListingChanged?.Invoke();
            // Last: a program that has already exited is reported from here, on this thread, and must find its
            // window in place (else a quick `exit 3` would be recorded as no exit at all).
            window.StartPumps();
            Usage.EnsureRunning();
            return window;
        }
    }

    /// <summary>Takes over a window the image this server replaced ran (see Survival.ServerReplacement).</summary>
    public void AdoptWindow(Mux.Protocol.HandedOverWindow handedOver, bool current)
    {
        lock (Sync)
        {
            var window = Window.Adopt(this, handedOver);
            if (handedOver.LogPath is { } log) window.SetLog(log, handedOver.LogRaw);
            int at = _windows.FindIndex(w => w.Number > window.Number);
            _windows.Insert(at < 0 ? _windows.Count : at, window);
            _firstWindow ??= window;
            if (current || Current is null) Select(window);
            ListingChanged?.Invoke();
            window.StartPumps();
            Usage.EnsureRunning();
        }
    }

    /// <summary>Where a window logs: screen's <c>logfile</c> pattern with %n the window number, relative to the window's directory.</summary>
    public string LogPath(Window window) => LogPath(window, Settings.LogFile);

    public static string LogPath(Window window, string pattern)
    {
        string name = pattern.Replace("%n", window.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return window.ResolvePath(name);
    }

    public Window? FindWindow(int number)
    {
        lock (Sync) return _windows.FirstOrDefault(w => w.Number == number);
    }

    /// <summary>Finds a window by number or title, as screen's <c>-p</c> and <c>select</c> do.</summary>
    public Window? FindWindow(string numberOrTitle)
    {
        lock (Sync)
        {
            if (int.TryParse(numberOrTitle, System.Globalization.NumberStyles.None, null, out int n)) return FindWindow(n);
            return _windows.FirstOrDefault(w => w.Title == numberOrTitle)
                ?? _windows.FirstOrDefault(w => w.Title.StartsWith(numberOrTitle, StringComparison.Ordinal));
        }
    }

    /// <summary>Gives the window another number; a window that had it takes the old one (screen's <c>number</c>).</summary>
    public void Renumber(Window window, int number)
    {
        lock (Sync)
        {
            if (_windows.FirstOrDefault(w => w.Number == number) is { } other && other != window) other.Number = window.Number;
            window.Number = number;
            _windows.Sort((a, b) => a.Number.CompareTo(b.Number));
            InvalidateClients();
        }
    }

    /// <summary>screen's registers: named texts for <c>paste</c>, filled by <c>register</c> and <c>readreg</c>.</summary>
    public Registers Registers { get; } = new();

    public void Select(Window window)
    {
        lock (Sync)
        {
            window.HadActivity = window.WentSilent = window.Rang = false;
            if (Current == window) return;
            Previous = Current;
            Current = window;
            InvalidateClients();
        }
    }

    /// <summary>Selects the window <paramref name="step"/> places after (or before) the current one, wrapping.</summary>
    public bool SelectRelative(int step)
    {
        lock (Sync)
        {
            if (Current is null || _windows.Count < 2) return false;
            int i = _windows.IndexOf(Current);
            Select(_windows[((i + step) % _windows.Count + _windows.Count) % _windows.Count]);
            return true;
        }
    }

    // ---- clients ----

    /// <summary>Adds an attached client; returns false (and why) when the mode forbids it.</summary>
    public bool TryAttach(AttachedClient client, AttachMode mode, out string? refusal)
    {
        lock (Sync)
        {
            refusal = null;
            if (HasEnded) { refusal = "the session has ended"; return false; }
            if (_clients.Count > 0)
            {
                if (mode == AttachMode.Exclusive)
                {
                    refusal = $"There is a screen on {FullName} (Attached); use -x to share it or -d -r to take it over.";
                    return false;
                }
                if (mode == AttachMode.DetachOthers)
                {
                    foreach (var other in _clients.ToArray()) Detach(other, DetachReason.DetachedElsewhere);
                }
            }
            _clients.Add(client);
            UpdateWindowSize();
            client.Invalidate();
            ListingChanged?.Invoke();
            // What went wrong with a log while nobody watched is said on the next attach.
            var notices = _unseenNotices.Concat(_windows.Select(w => w.TakeLogNotice()).OfType<string>()).ToList();
            _unseenNotices.Clear();
            if (notices.Count > 0) client.ShowMessage(string.Join("; ", notices));
            return true;
        }
    }

    public void Detach(AttachedClient client, DetachReason reason)
    {
        lock (Sync)
        {
            if (!_clients.Remove(client)) return;
            client.OnDetached(reason);
            UpdateWindowSize();
            ListingChanged?.Invoke();
            if (_clients.Count == 0) _trimmer.Request();
        }
    }

    public void DetachAll(DetachReason reason)
    {
        lock (Sync)
        {
            foreach (var c in _clients.ToArray()) Detach(c, reason);
        }
    }

    /// <summary>A client's terminal changed size.</summary>
    public void OnClientResized()
    {
        lock (Sync) UpdateWindowSize();
    }

    /// <summary>Sets the window size while nobody (or everybody) is attached: screen's width/height commands.</summary>
    public void SetWindowSize(Window window, int columns, int rows)
    {
        lock (Sync)
        {
            columns = Math.Clamp(columns, 1, 1000);
            rows = Math.Clamp(rows, 1, 1000);
            if (_clients.Count == 0) { WindowColumns = columns; WindowRows = rows; }
            if (window.Resize(columns, rows)) _trimmer.Request();
            InvalidateClients();
        }
    }

    /// <summary>Shows or hides the status line; windows give up or take back its row.</summary>
    public void SetStatusLine(bool on)
    {
        lock (Sync)
        {
            if (Settings.StatusLine == on) return;
            Settings.StatusLine = on;
            UpdateWindowSize();
            InvalidateClients();
        }
    }

    /// <summary>Turns mouse reporting by the clients' terminals on or off (the next frame sets their modes).</summary>
    public void SetMouse(bool on)
    {
        lock (Sync)
        {
            Settings.Mouse = on;
            foreach (var c in _clients) c.MarkDirty();
        }
    }

    /// <summary>A message and a bell on every attached client: something happened in a window not shown.</summary>
    public void Alert(string text)
    {
        lock (Sync)
        {
            foreach (var c in _clients)
            {
                c.ShowMessage(text);
                c.Bell();
            }
        }
    }

    private Timer? _silenceTimer;

    /// <summary>Starts checking for silence once a second; only once some window is watched, so an idle server sleeps.</summary>
    public void EnsureSilenceMonitor()
    {
        lock (Sync) _silenceTimer ??= new Timer(_ => CheckSilenceContained(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>A fault in a timer would end the process: it costs this one check instead.</summary>
    private void CheckSilenceContained()
    {
        try { CheckSilence(DateTime.UtcNow); }
        catch (Exception e) when (e is not OutOfMemoryException) { Notify($"mux could not check for silence: {Mux.Platform.Native.ErrorText.Describe(e)}"); }
    }

    /// <summary>Called about once a second: reports windows that went quiet (screen's silence monitor).</summary>
    public void CheckSilence(DateTime nowUtc)
    {
        lock (Sync)
        {
            foreach (var w in _windows)
            {
                if (w.SilenceAfter <= TimeSpan.Zero || w.WentSilent || !w.IsRunning) continue;
                if (nowUtc - w.LastOutputUtc < w.SilenceAfter) continue;
                w.WentSilent = true;
                Alert($"Window {w.Number} ({w.Title}): silence for {(int)w.SilenceAfter.TotalSeconds} seconds");
                FireHook(w, "silence");
                InvalidateClients();
            }
        }
    }

    private readonly List<string> _unseenNotices = new();

    /// <summary>Tells the user: on the attached clients' status lines, or, with none attached, on the next attach.</summary>
    public void Notify(string text)
    {
        lock (Sync)
        {
            if (_clients.Count > 0) ShowMessage(text);
            else if (!_unseenNotices.Contains(text)) _unseenNotices.Add(text);
        }
    }

    /// <summary>Shows a message on every attached client's status line for a few seconds.</summary>
    public void ShowMessage(string text)
    {
        lock (Sync)
        {
            foreach (var c in _clients) c.ShowMessage(text);
        }
    }

    public void InvalidateClients()
    {
        lock (Sync)
        {
            foreach (var c in _clients) c.Invalidate();
        }
    }

    private void UpdateWindowSize()
    {
        if (_clients.Count == 0) return;
        int statusRows = Settings.StatusLine ? 1 : 0;
        int columns = _clients.Min(c => c.Columns);
        int rows = Math.Max(1, _clients.Min(c => c.Rows) - statusRows);
        WindowColumns = Math.Max(1, columns);
        WindowRows = rows;
        bool resized = false;
        foreach (var w in _windows) resized |= w.Resize(WindowColumns, WindowRows);
        // A reflow writes the history anew, unpacked: pack it again, and give back what the reflow used, afterwards.
        if (resized) _trimmer.Request();
        InvalidateClients();
    }

    // ---- window events (called from the windows' threads) ----

    private readonly MemoryTrimmer _trimmer;

    /// <summary>
    /// After a burst of output, start-up or the last client leaving: history compressed, then the freed memory handed
    /// back to the system, and with no client attached also the pages of code nobody is running (a client that
    /// attaches later has them mapped back by minor faults, once; typing into an attached session never waits for that).
    /// </summary>
    private void Trim()
    {
        Window[] windows;
        bool detached;
        lock (Sync)
        {
            windows = [.. _windows];
            detached = _clients.Count == 0;
        }
        // A megabyte at a time (a few ms), the session lock released in between: typing is never held up for
        // long, even with a history of millions of lines.
        foreach (var w in windows)
        {
            bool more = true;
            // Bounded, in case new output keeps sealing pages as fast as they are packed.
            for (int round = 0; more && round < 4096; round++)
                lock (Sync)
                {
                    w.Terminal.PackHistory(maxPages: 16);
                    more = w.Terminal.CanPackHistory;
                }
        }
        MemoryTrimmer.Collect();
        // Last: whatever runs after this maps its pages back.
        if (detached) CodePages.Release();
    }

    internal void OnWindowOutput(Window window, ReadOnlySpan<byte> data, IBufferWriter<byte> replies)
    {
        _trimmer.NoteOutput(data.Length);
        lock (Sync)
        {
            window.Terminal.Feed(data);
            window.Log?.Append(data);
            if (window.Terminal.HasReplies) window.Terminal.TakeReplies(replies);
            window.LastOutputUtc = DateTime.UtcNow;
            window.WentSilent = false;
            if (window == Current)
            {
                foreach (var c in _clients) c.OnOutput(data.Length);
                window.BellsSeen = window.Terminal.BellCount;
                return;
            }
            if (window.Terminal.BellCount != window.BellsSeen)
            {
                window.BellsSeen = window.Terminal.BellCount;
                window.Rang = true;
                Alert($"Bell in window {window.Number} ({window.Title})");
                FireHook(window, "bell");
            }
            if (window.MonitorActivity && !window.HadActivity)
            {
                window.HadActivity = true;
                Alert($"Activity in window {window.Number} ({window.Title})");
                FireHook(window, "activity");
            }
        }
    }

    internal void OnWindowExited(Window window)
    {
        lock (Sync)
        {
            if (window == _firstWindow)
            {
                FirstExit = window.Exit;
                FirstEndRecord = EndRecord.Describe(window.Exit!.Value, window.Usage.OomKilled, window.Ended!.Value - window.Started,
                    window.Usage.PeakRssBytes, window.Usage.PeakGpuBytes);
            }
            // Before the window may be removed: the hook reads its last lines.
            foreach (var evt in JobHooks.EndEvents(window.Exit!.Value)) FireHook(window, evt);
            if (!Settings.KeepExited)
            {
                RemoveWindow(window);
                if (HasEnded) return;
            }
            ShowMessage($"Window {window.Number} ({window.Title}) {DescribeExit(window)}.");
            // The record first: whoever a waiter tells next may list the sessions at once.
            ListingChanged?.Invoke();
            if (AllExited) NotifyWaiters();
            InvalidateClients();
        }
    }

    /// <summary>Closes an exited window the user has seen (any key on its final screen).</summary>
    public void Dismiss(Window window)
    {
        lock (Sync)
        {
            if (window.IsRunning) return;
            RemoveWindow(window);
        }
    }

    private void RemoveWindow(Window window)
    {
        _windows.Remove(window);
        if (_windows.Count == 0)
        {
            End();
            return;
        }
        if (Previous == window) Previous = null;
        if (Current == window)
        {
            Current = null;
            Select(Previous ?? _windows[0]);
            Previous = null;
        }
        InvalidateClients();
    }

    /// <summary>True when every window's program has exited (their final screens may still be kept).</summary>
    public bool AllExited
    {
        get { lock (Sync) return _windows.Count == 0 || _windows.All(w => !w.IsRunning); }
    }

    /// <summary>How the session's first program ended; null while it runs.</summary>
    public ExitStatus? FirstExit { get; private set; }

    /// <summary>Completes with the session's state once every program in it has ended.</summary>
    public Task<SessionInfo> WhenAllExitedAsync()
    {
        lock (Sync)
        {
            if (AllExited || HasEnded) return Task.FromResult(Describe());
            var waiter = new TaskCompletionSource<SessionInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add(waiter);
            return waiter.Task;
        }
    }

    private void NotifyWaiters()
    {
        var info = Describe();
        foreach (var w in _waiters) w.TrySetResult(info);
        _waiters.Clear();
    }

    public static string DescribeExit(Window window) => window.Exit switch
    {
        null => "running",
        { } s => DescribeExit(s) + (window.ProgramKilledWith is { } k && !s.Signaled ? $" after {k}" : "") + window.KillAftermath,
    };

    public static string DescribeExit(ExitStatus status) =>
        status.Signaled ? $"killed by {ExitStatus.SignalName(status.Signal)}" : $"exited with status {status.Code}";

    /// <summary>Ends the session: every window's program is hung up, every client detached.</summary>
    public void Quit()
    {
        lock (Sync)
        {
            foreach (var w in _windows.ToArray()) _ = w.KillAsync();
            End();
        }
    }

    /// <summary>Runs first when the session ends, before anyone is told (the server removes its socket here).</summary>
    public Action? Ending { get; set; }

    /// <summary>Runs (under <see cref="Sync"/>) when what <c>-ls</c> shows may have changed: a client came or went,
    /// a program started or ended.</summary>
    public Action? ListingChanged { get; set; }

    /// <summary>How <c>-ls</c> shows the session once all its programs have ended (<c>Exited 3</c>,
    /// <c>Killed SIGKILL</c>); empty while one runs.</summary>
    public string ListingExit
    {
        get
        {
            lock (Sync)
            {
                if (!AllExited && !HasEnded) return "";
                return FirstExit is { Signaled: true } f ? $"Killed {ExitStatus.SignalName(f.Signal)}" : $"Exited {FirstExit?.Code ?? 0}";
            }
        }
    }

    private void End()
    {
        if (HasEnded) return;
        Ending?.Invoke();
        NotifyWaiters();
        DetachAll(DetachReason.SessionEnded);
        _ended.TrySetResult();
    }

    // ---- status ----

    /// <summary>The status line: session name, windows (<c>*</c> current, <c>-</c> previous) and the help hint.</summary>
    public string StatusLine(int width)
    {
        lock (Sync)
        {
            var sb = new System.Text.StringBuilder();
            sb.Append('[').Append(Name).Append("] ");
            sb.Append(WindowList());
            const string hint = "Ctrl+A ? help";
            int pad = width - sb.Length - hint.Length;
            if (pad >= 1) sb.Append(' ', pad).Append(hint);
            return sb.Length > width ? sb.ToString(0, width) : sb.ToString();
        }
    }

    /// <summary>screen's window list: <c>0 bash  1* train  2- logs</c>.</summary>
    public string WindowList()
    {
        lock (Sync)
        {
            var parts = _windows.Select(w => $"{w.Number}{Flags(w)} {w.Title}");
            return string.Join("  ", parts);
        }
    }

    /// <summary>tmux's window flags: * current, - previous, # activity, ~ silence, ! bell; X for an exited program.</summary>
    private string Flags(Window w)
    {
        var f = new System.Text.StringBuilder(2);
        if (w == Current) f.Append('*');
        else if (w == Previous) f.Append('-');
        if (w.HadActivity) f.Append('#');
        if (w.WentSilent) f.Append('~');
        if (w.Rang) f.Append('!');
        if (!w.IsRunning) f.Append('X');
        return f.ToString();
    }

    public SessionInfo Describe()
    {
        // Fresh figures for whoever asks, read from /proc outside the lock when the caller does not hold it.
        if (!Monitor.IsEntered(Sync)) Usage.SampleNow();
        lock (Sync)
        {
            var windows = _windows.Select(w => new WindowInfo(w.Number, w.Title, w.Command, w.Pid, w.IsRunning,
                w.IsRunning ? "running" : DescribeExit(w), w.Exit?.ShellCode ?? 0, w.Started.ToUnixTimeMilliseconds(),
                w.Ended?.ToUnixTimeMilliseconds() ?? 0, w.Log?.Path ?? "", w.LogFailure ?? w.Log?.Problem ?? "",
                w.Log?.LinesDropped ?? 0, w.Usage.CpuSeconds, w.Usage.CpuPercent, w.Usage.RssBytes, w.Usage.PeakRssBytes,
                w.Usage.GpuBytes, w.Usage.GpuPercent, w.Usage.PeakGpuBytes, w.IsRunning ? "" : EndRecordOf(w),
                w.HookProblem ?? "", w.DroppedInputBytes, w.DroppedReplyBytes)).ToArray();
            bool ended = AllExited || HasEnded;
            var first = FirstExit;
            return new SessionInfo(Pid, Name, Created.ToUnixTimeMilliseconds(), _clients.Count, ListingExit, ended, first?.ShellCode ?? 0, windows,
                Current?.Number ?? -1, FirstEndRecord);
        }
    }

    private static string EndRecordOf(Window w) =>
        EndRecord.Describe(w.Exit!.Value, w.Usage.OomKilled, (w.Ended ?? DateTimeOffset.UtcNow) - w.Started, w.Usage.PeakRssBytes, w.Usage.PeakGpuBytes);
}
