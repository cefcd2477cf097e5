using System.Buffers;
using Mux.Server.Ipc;
using Mux.Server.Pty;

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

    public Session(string name, int pid, SessionSettings settings, int columns, int rows)
    {
        _trimmer = new MemoryTrimmer(Trim);
        Name = name;
        Pid = pid;
        Settings = settings;
        Created = DateTimeOffset.UtcNow;
        WindowColumns = columns;
        WindowRows = rows;
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
            if (log != null) window.SetLog(LogPath(window, log, spec.Cwd), Settings.RawLogs);
            window.StartPumps();
            int at = _windows.FindIndex(w => w.Number > number);
            _windows.Insert(at < 0 ? _windows.Count : at, window);
            _firstWindow ??= window;
            Select(window);
            return window;
        }
    }

    /// <summary>Where a window logs: screen's <c>logfile</c> pattern with %n the window number, relative to <paramref name="cwd"/>.</summary>
    public string LogPath(Window window, string cwd) => LogPath(window, Settings.LogFile, cwd);

    public static string LogPath(Window window, string pattern, string cwd)
    {
        string name = pattern.Replace("%n", window.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return Path.GetFullPath(name, cwd);
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
        lock (Sync) _silenceTimer ??= new Timer(_ => CheckSilence(DateTime.UtcNow), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
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
                InvalidateClients();
            }
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

    /// <summary>After a burst of output: history compressed, then the freed memory handed back to the system.</summary>
    private void Trim()
    {
        Window[] windows;
        lock (Sync) windows = [.. _windows];
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
    }

    /// <summary>Output up to this size is drawn on the window's reader thread when the client is idle.</summary>
    private const int InlineRenderLimit = 4096;

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
                // Small output (typing, a prompt) is drawn right here; a flood is left to the paced render loops.
                foreach (var c in _clients)
                    if (data.Length > InlineRenderLimit || !c.TryRenderNow()) c.MarkDirty();
                window.BellsSeen = window.Terminal.BellCount;
                return;
            }
            if (window.Terminal.BellCount != window.BellsSeen)
            {
                window.BellsSeen = window.Terminal.BellCount;
                window.Rang = true;
                Alert($"Bell in window {window.Number} ({window.Title})");
            }
            if (window.MonitorActivity && !window.HadActivity)
            {
                window.HadActivity = true;
                Alert($"Activity in window {window.Number} ({window.Title})");
            }
        }
    }

    internal void OnWindowExited(Window window)
    {
        lock (Sync)
        {
            if (window == _firstWindow) FirstExit = window.Exit;
            if (!Settings.KeepExited)
            {
                RemoveWindow(window);
                if (HasEnded) return;
            }
            ShowMessage($"Window {window.Number} ({window.Title}) {DescribeExit(window)}.");
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
        lock (Sync)
        {
            var windows = _windows.Select(w => new WindowInfo(w.Number, w.Title, w.Command, w.Pid, w.IsRunning,
                w.IsRunning ? "running" : DescribeExit(w), w.Exit?.ShellCode ?? 0, w.Started.ToUnixTimeMilliseconds(),
                w.Ended?.ToUnixTimeMilliseconds() ?? 0)).ToArray();
            bool ended = AllExited || HasEnded;
            var first = FirstExit;
            string state = !ended ? "" : first is { Signaled: true } f ? $"Killed {ExitStatus.SignalName(f.Signal)}" : $"Exited {first?.Code ?? 0}";
            return new SessionInfo(Pid, Name, Created.ToUnixTimeMilliseconds(), _clients.Count, state, ended, first?.ShellCode ?? 0, windows,
                Current?.Number ?? -1);
        }
    }
}
