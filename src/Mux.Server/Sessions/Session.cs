using System.Buffers;
using Mux.Platform.Native;
using Mux.Platform.Pty;
using Mux.Protocol;
using Mux.Server.Events;
using Mux.Server.Jobs;
using Mux.Server.Layout;
using Mux.Vt100;
using Mux.Vt100.Screen;

namespace Mux.Server.Sessions;

/// <summary>
/// A session: its windows, the layout of regions that shows them, and the clients attached to it. All state is
/// read and changed under <see cref="Sync"/>; window output, client messages and commands all take it briefly.
/// How windows are sized (<see cref="WindowSizing"/>), what the status line says (<see cref="StatusText"/>), what
/// <c>-ls</c> and <c>info</c> report (<see cref="SessionReport"/>) and the bell, activity and silence watch
/// (<see cref="WindowMonitors"/>) live in their own types.
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
        _idlePages = new IdlePages(IsIdle);
        // Start-up touched code and data that an idle server never runs again: give them back once it is quiet.
        _trimmer.Request();
        Name = name;
        Pid = pid;
        Settings = settings;
        Created = created ?? DateTimeOffset.UtcNow;
        WindowColumns = columns;
        WindowRows = rows;
        Monitors = new WindowMonitors(this);
        _clock = new StatusClock(this);
        Usage = new UsageSampler(RunningJobs, static () => Environment.GetEnvironmentVariable("PATH"),
            static () => EnvironmentBlock.Format(EnvironmentBlock.Current()), StatusShowsCost, RedrawStatus, AfterChore);
        // A server that took over from another image goes on with the same session: it did not start again.
        if (created is null) PublishSession(EventText.SessionStarted, $"{name} session started (pid {pid})");
    }

    /// <summary>What happened in the session lately, and its readers (<c>mux events</c>).</summary>
    public EventLog Events { get; } = new();

    /// <summary>Tells the event readers about something that happened in a window (without its last lines).</summary>
    private void Publish(Window w, string evt, Func<JobEvent, JobEvent>? with = null)
    {
        var now = DateTimeOffset.UtcNow;
        var e = EventOf(w, evt, text: false);
        if (with is not null) e = with(e);
        Events.Add(now.ToUnixTimeMilliseconds(), EventText.Line(e), EventText.Json(e, now));
    }

    private void PublishSession(string evt, string text, bool ends = false)
    {
        var now = DateTimeOffset.UtcNow;
        Events.Add(now.ToUnixTimeMilliseconds(), text, EventText.Json(evt, Name, Pid, now, text: text), ends);
    }

    /// <summary>Replaces this server with a fresh image, keeping every window (set once the server serves).</summary>
    public Survival.ServerReplacement? Replacement { get; set; }

    /// <summary>The commands run when a window's job ends or a monitor fires (<c>on exit</c>…).</summary>
    public JobHooks Hooks { get; } = new();

    /// <summary>Reads what the windows' process trees cost.</summary>
    public UsageSampler Usage { get; }

    /// <summary>An attached client's hardstatus or caption shows what the current window costs (%U, %R, %G).</summary>
    private bool StatusShowsCost()
    {
        using (Sync.Enter())
            return _clients.Count > 0
                && ((Settings.StatusLine && Status.StatusFormat.ShowsCost(Settings.HardstatusFormat))
                    || (Settings.Caption && Status.StatusFormat.ShowsCost(Settings.CaptionFormat)));
    }

    /// <summary>New costs were read: each client composes a frame, which sends only what changed (the figures).</summary>
    private void RedrawStatus()
    {
        using (Sync.Enter())
            foreach (var c in _clients) c.MarkDirty();
    }

    private List<(int, JobUsage)> RunningJobs()
    {
        using (Sync.Enter()) return _windows.Where(w => w.IsRunning).Select(w => (w.Pid, w.Usage)).ToList();
    }

    /// <summary>How the session's first program ended, as one line (<c>exited 1 after 3h12m, peak RSS 11 GiB</c>); empty while it runs.</summary>
    public string FirstEndRecord { get; private set; } = "";

    /// <param name="text">With the window's last lines (what a hook is given).</param>
    private JobEvent EventOf(Window w, string evt, string? line = null, int dropped = 0, bool text = true) => new(evt, Name, w.Number, w.Title,
        w.Command, w.Pid, w.Exit, w.Usage.OomKilled, w.Started, w.Ended, w.Usage.CpuSeconds, w.Usage.PeakRssBytes,
        w.Usage.PeakGpuBytes, text ? JobEvent.TailText(w.Terminal, JobEvent.LineCount) : "", line, dropped);

    /// <summary>Runs the hook for <paramref name="evt"/> on window <paramref name="w"/>, if one is set. Caller holds the lock.</summary>
    internal Task? FireHook(Window w, string evt, string? line = null, int dropped = 0) =>
        Hooks.Get(evt) is null ? null : FireHook(w, evt, EventOf(w, evt, line, dropped));

    private Task? FireHook(Window w, string evt, JobEvent e)
    {
        if (Hooks.Get(evt) is null) return null;
        return Hooks.Fire(e, EnvironmentBlock.Current(), w.Cwd, problem => ReportHookProblem(w, problem));
    }

    /// <summary>A monitor fired (activity, silence): the event readers are told and the hook runs. Caller holds the lock.</summary>
    internal void OnMonitorEvent(Window w, string evt)
    {
        Publish(w, evt);
        FireHook(w, evt);
    }

    /// <summary>A shell in the window said (OSC 133) a command finished: <c>done</c>, and <c>fail</c> when it failed.</summary>
    private void OnFinishedCommand(Window w, Mux.Vt100.FinishedCommand command)
    {
        JobEvent Finished(JobEvent e) => e with { Exit = ExitStatus.Exited(command.ExitCode), CommandLine = command.CommandLine ?? "" };
        // One event to its readers (its exit code says which); a hook may be set for either.
        Publish(w, command.ExitCode == 0 ? "done" : "fail", Finished);
        foreach (string evt in command.ExitCode == 0 ? ["done"] : (string[])["done", "fail"])
            if (Hooks.Get(evt) is not null) FireHook(w, evt, Finished(EventOf(w, evt)));
    }

    private void ReportHookProblem(Window w, string problem)
    {
        using (Sync.Enter())
        {
            w.HookProblem = problem;
            Publish(w, EventText.HookFailed, e => e with { Problem = problem });
        }
        ShowMessage(problem);
    }

    /// <summary>Tries the lines a window just completed on <c>on match</c>'s pattern. Caller holds the lock.</summary>
    private void MatchLines(Window window, ReadOnlySpan<byte> data)
    {
        if (Hooks.Match is not { } match) return;
        var now = DateTime.UtcNow;
        string? line = match.Offer(window, data, now, problem => ReportHookProblem(window, $"hook 'on match' for window {window.Number}: {problem}"));
        if (line is null) return;
        Publish(window, "match", e => e with { Line = line });
        match.Ran(FireHook(window, "match", line, match.Dropped), now);
        if (!Layout.Shows(window)) Alert($"Window {window.Number} ({window.Title}) printed: {line}");
    }

    public SessionLock Sync { get; } = SessionLock.Create();

    public string Name { get; }

    public int Pid { get; }

    public string FullName => $"{Pid}.{Name}";

    public DateTimeOffset Created { get; }

    public SessionSettings Settings { get; }

    public IReadOnlyList<Window> Windows => _windows;

    public IReadOnlyList<AttachedClient> Clients => _clients;

    /// <summary>
    /// The regions the session's windows are shown in, and which is focused. The session's, shared by its clients
    /// (as tmux shares a window's panes) and kept while nobody is attached, so a reattach finds its split again.
    /// </summary>
    public RegionLayout Layout { get; private set; } = new();

    /// <summary>Layouts kept by name (screen's <c>layout save</c>), for <c>layout select</c>.</summary>
    private readonly Dictionary<string, RegionLayout> _savedLayouts = new(StringComparer.Ordinal);

    /// <summary>
    /// Changes the layout (split, focus, resize, remove…), then sizes the windows to their regions and redraws every
    /// client. What <paramref name="change"/> returns is passed back.
    /// </summary>
    public T ChangeLayout<T>(Func<RegionLayout, T> change)
    {
        using (Sync.Enter())
        {
            var result = change(Layout);
            OnLayoutChanged();
            return result;
        }
    }

    private void OnLayoutChanged()
    {
        _focus.Follow(Current);
        if (Current is { } current) current.HadActivity = current.WentSilent = current.Rang = false;
        // Splitting or unsplitting moves the caption into the regions or out of them: the area changes with it.
        if (_clients.Count > 0) (WindowColumns, WindowRows) = WindowSizing.Area(_clients, ReservedRows);
        ResizeWindows();
        foreach (var c in _clients) c.OnLayoutChanged();
        InvalidateClients();
    }

    /// <summary>Saved layouts a session keeps at most, so a script in a loop cannot grow the server without bound.</summary>
    public const int MaxSavedLayouts = 64;

    /// <summary>Keeps a copy of the layout under <paramref name="name"/> (screen's <c>layout save</c>); false when
    /// <see cref="MaxSavedLayouts"/> others are kept already.</summary>
    public bool SaveLayout(string name)
    {
        using (Sync.Enter())
        {
            if (!_savedLayouts.ContainsKey(name) && _savedLayouts.Count >= MaxSavedLayouts) return false;
            _savedLayouts[name] = Layout.Clone();
            return true;
        }
    }

    /// <summary>Brings back the layout saved as <paramref name="name"/>; false when there is none. Windows gone since show blank.</summary>
    public bool SelectLayout(string name)
    {
        using (Sync.Enter())
        {
            if (!_savedLayouts.TryGetValue(name, out var saved)) return false;
            var layout = saved.Clone();
            layout.Prune(_windows);
            Layout = layout;
            OnLayoutChanged();
            return true;
        }
    }

    /// <summary>The names of the saved layouts, in order.</summary>
    public IReadOnlyList<string> LayoutNames
    {
        get { using (Sync.Enter()) return [.. _savedLayouts.Keys.Order(StringComparer.Ordinal)]; }
    }

    /// <summary>Focus reports for the windows that asked, as the focused window changes.</summary>
    private readonly WindowFocus _focus = new();

    /// <summary>The window in the focused region: where keys go, what <c>select</c>, <c>next</c> and <c>prev</c> replace.</summary>
    public Window? Current => Layout.Focused.Window;

    /// <summary>The window the focused region showed before <see cref="Current"/> (Ctrl+A Ctrl+A goes back to it).</summary>
    public Window? Previous => Layout.Focused.Previous;

    /// <summary>Watches windows not shown for bells, activity and silence.</summary>
    internal WindowMonitors Monitors { get; }

    private readonly StatusClock _clock;

    /// <summary>The text last copied in copy mode, which <c>paste</c> types; shared by the session's clients.</summary>
    public string PasteBuffer
    {
        get;
        set
        {
            field = value;
            Clipboard.Data = System.Text.Encoding.UTF8.GetBytes(value);
        }
    } = "";

    /// <summary>What the windows' programs may read with an OSC 52 query (only with <c>clipboardread on</c>).</summary>
    internal Vt100.SharedClipboard Clipboard { get; } = new();

    /// <summary>The size windows have: the smallest attached client's, or the last one set.</summary>
    public int WindowColumns { get; private set; }

    public int WindowRows { get; private set; }

    /// <summary>Completes when the session has ended (its last window exited, or quit).</summary>
    public Task Ended => _ended.Task;

    public bool HasEnded => _ended.Task.IsCompleted;

    /// <summary>Starts a window and makes it current.</summary>
    public Window OpenWindow(WindowSpec spec)
    {
        using (Sync.Enter())
        {
            int number = 0;
            while (_windows.Any(w => w.Number == number)) number++;
            // Split, it starts at the size of the region it opens in, so its program does not start at another.
            var (columns, rows) = Layout.IsSplit
                ? (Math.Max(1, Layout.Focused.Content.Width), Math.Max(1, Layout.Focused.Content.Height))
                : (WindowColumns, WindowRows);
            var window = Window.Start(this, number, spec, columns, rows);
            string? log = spec.LogFile ?? (Settings.LogNewWindows ? Settings.LogFile : null);
            if (log != null) window.SetLog(LogPath(window, log), Settings.RawLogs);
            int at = _windows.FindIndex(w => w.Number > number);
            _windows.Insert(at < 0 ? _windows.Count : at, window);
            _firstWindow ??= window;
            Select(window);
            ListingChanged?.Invoke();
            Publish(window, EventText.WindowOpened);
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
        using (Sync.Enter())
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
        using (Sync.Enter()) return _windows.FirstOrDefault(w => w.Number == number);
    }

    /// <summary>Finds a window by number or title, as screen's <c>-p</c> and <c>select</c> do.</summary>
    public Window? FindWindow(string numberOrTitle)
    {
        using (Sync.Enter())
        {
            if (int.TryParse(numberOrTitle, System.Globalization.NumberStyles.None, null, out int n)) return FindWindow(n);
            return _windows.FirstOrDefault(w => w.Title == numberOrTitle)
                ?? _windows.FirstOrDefault(w => w.Title.StartsWith(numberOrTitle, StringComparison.Ordinal));
        }
    }

    /// <summary>Gives the window another number; a window that had it takes the old one (screen's <c>number</c>).</summary>
    public void Renumber(Window window, int number)
    {
        using (Sync.Enter())
        {
            if (_windows.FirstOrDefault(w => w.Number == number) is { } other && other != window) other.Number = window.Number;
            window.Number = number;
            _windows.Sort((a, b) => a.Number.CompareTo(b.Number));
            InvalidateClients();
        }
    }

    /// <summary>screen's registers: named texts for <c>paste</c>, filled by <c>register</c> and <c>readreg</c>.</summary>
    public Registers Registers { get; } = new();

    /// <summary>Shows <paramref name="window"/> in the focused region.</summary>
    public void Select(Window window)
    {
        using (Sync.Enter())
        {
            window.HadActivity = window.WentSilent = window.Rang = false;
            if (Current == window) return;
            Layout.Show(window);
            _focus.Follow(window);
            // Unsplit, every window already has the whole area (or the size `width`/`height` gave it).
            if (Layout.IsSplit) ResizeWindows();
            foreach (var c in _clients) c.OnLayoutChanged();
            InvalidateClients();
        }
    }

    /// <summary>Selects the window <paramref name="step"/> places after (or before) the current one, wrapping.</summary>
    public bool SelectRelative(int step)
    {
        using (Sync.Enter())
        {
            if (Current is null || _windows.Count < 2) return false;
            int i = _windows.IndexOf(Current);
            Select(_windows[((i + step) % _windows.Count + _windows.Count) % _windows.Count]);
            return true;
        }
    }

    // ---- clients ----

    /// <summary>The client that most recently attached or typed (under the lock; a writable one while any is attached); null with nobody attached.</summary>
    internal AttachedClient? ActiveClient { get; private set; }

    /// <summary>A client typed (caller holds the lock): the windows' colour answers follow its terminal from now on.</summary>
    internal void NoteTyping(AttachedClient client)
    {
        if (ActiveClient != client && _clients.Contains(client) && MayTakeOver(client)) MakeActive(client);
    }

    /// <summary>
    /// A read-only display watches: it steers neither the colours answered nor the direct key route while a writable
    /// display is attached, else a watcher attaching or pressing a key would change what the writer's programs see.
    /// </summary>
    private bool MayTakeOver(AttachedClient client) => !client.ReadOnly || ActiveClient is null or { ReadOnly: true };

    /// <summary>Who becomes active when the active client leaves: the latest writable display, else the latest one.</summary>
    private AttachedClient? Successor() => _clients.LastOrDefault(c => !c.ReadOnly) ?? _clients.LastOrDefault();

    /// <summary>Only the active client writes keys directly (see AttachedClient): the one that stops being it is told.</summary>
    private void MakeActive(AttachedClient? client)
    {
        var before = ActiveClient;
        ActiveClient = client;
        before?.MarkDirty();   // its render loop revokes its direct route
        client?.MarkDirty();   // and this one's grants it
        OfferKittyKeys();
    }

    /// <summary>
    /// The kitty keyboard flags every window offers its program (its answer to CSI ? u): all of them when the active
    /// client's terminal speaks the protocol (its keys then come encoded as the window asks), none otherwise.
    /// </summary>
    internal KittyKeyFlags KittyKeySupport => ActiveClient is { KittyKeys: true } ? KittyKeyFlags.All : KittyKeyFlags.None;

    /// <summary>What a client's terminal provides changed, or the active client did (caller holds the lock).</summary>
    internal void OfferKittyKeys()
    {
        var support = KittyKeySupport;
        foreach (var w in _windows) w.Terminal.KittyKeySupport = support;
    }

    /// <summary>
    /// What every window answers a colour query with when its program set none: the colours the active client's
    /// terminal told (tmux asks its clients the same way), else xterm's defaults. Read while windows are fed, which
    /// never overlaps the session's holder, who alone changes the active client and what it told.
    /// </summary>
    internal IColorDefaults ClientColors => _clientColors ??= new ActiveClientColors(this);

    private IColorDefaults? _clientColors;

    private sealed class ActiveClientColors(Session session) : IColorDefaults
    {
        public (byte R, byte G, byte B) Get(int slot) =>
            session.ActiveClient is { } client ? client.Colors.Get(slot) : XtermColorDefaults.Instance.Get(slot);
    }

    /// <summary>Adds an attached client; returns false (and why) when the mode forbids it.</summary>
    public bool TryAttach(AttachedClient client, AttachMode mode, out string? refusal)
    {
        using (Sync.Enter())
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
            if (MayTakeOver(client)) MakeActive(client);
            PublishSession(EventText.Attached, $"{Name} attached{(client.ReadOnly ? " read-only" : "")} ({Displays(_clients.Count)})");
            _clock.ClientsChanged(_clients.Count);
            UpdateWindowSize();
            client.Invalidate();
            if (_windows.Any(w => w.IsRunning)) Usage.EnsureRunning();
            ListingChanged?.Invoke();
            // What went wrong with a log while nobody watched is said on the next attach.
            var notices = _unseenNotices.Concat(_windows.Select(w => w.TakeLogNotice()).OfType<string>()).ToList();
            _unseenNotices.Clear();
            // What the config file asked that could not be done is said to the first display, not only logged.
            notices.AddRange(_configNotices);
            _configNotices.Clear();
            if (notices.Count > 0) client.ShowMessage(string.Join("; ", notices));
            return true;
        }
    }

    public void Detach(AttachedClient client, DetachReason reason)
    {
        using (Sync.Enter())
        {
            if (!_clients.Remove(client)) return;
            if (ActiveClient == client) MakeActive(Successor());
            PublishSession(EventText.Detached, $"{Name} detached ({Displays(_clients.Count)} left)");
            _clock.ClientsChanged(_clients.Count);
            client.OnDetached(reason);
            UpdateWindowSize();
            ListingChanged?.Invoke();
            if (_clients.Count == 0) _trimmer.Request();
        }
    }

    private static string Displays(int n) => n == 1 ? "1 display" : $"{n} displays";

    public void DetachAll(DetachReason reason)
    {
        using (Sync.Enter())
        {
            foreach (var c in _clients.ToArray()) Detach(c, reason);
        }
    }

    /// <summary>A client's terminal changed size.</summary>
    public void OnClientResized()
    {
        using (Sync.Enter()) UpdateWindowSize();
    }

    /// <summary>Sets the window size while nobody (or everybody) is attached: screen's width/height commands.</summary>
    public void SetWindowSize(Window window, int columns, int rows)
    {
        using (Sync.Enter())
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
        using (Sync.Enter())
        {
            if (Settings.StatusLine == on) return;
            Settings.StatusLine = on;
            UpdateWindowSize();
            InvalidateClients();
        }
    }

    private readonly List<string> _configNotices = [];

    /// <summary>A config file line that could not be done as written; the first client to attach is told.</summary>
    public void AddConfigNotice(string text)
    {
        using (Sync.Enter()) _configNotices.Add(text);
    }

    /// <summary>Shows or hides the caption line under the window; windows give up or take back its row.</summary>
    public void SetCaption(bool on)
    {
        using (Sync.Enter())
        {
            if (Settings.Caption == on) return;
            Settings.Caption = on;
            UpdateWindowSize();
            InvalidateClients();
        }
    }

    /// <summary>
    /// The rows under the windows' area: the status line, and <c>caption always</c>'s line while unsplit (split,
    /// every region has its caption line inside the area, the last one's included, as in screen).
    /// </summary>
    public int ReservedRows => (Settings.StatusLine ? 1 : 0) + (Settings.Caption && !Layout.IsSplit ? 1 : 0);

    /// <summary>%H: read once, as screen does; asking the system costs a call on every frame with a status line.</summary>
    private static readonly string HostName = Environment.MachineName;

    /// <summary>
    /// What the status escapes read, for a display <paramref name="width"/> columns wide; %n and %t name
    /// <paramref name="shown"/> (a region's window, for its caption) or else the current window.
    /// </summary>
    public Status.StatusState StatusState(int width, Window? shown = null)
    {
        using (Sync.Enter())
        {
            var windows = _windows.Select(w => new Status.StatusWindow(w.Number, w.Title, StatusText.Flags(this, w),
                w.IsRunning ? w.Usage.CpuPercent : -1, w.Usage.RssBytes, w.Usage.GpuBytes)).ToList();
            return new Status.StatusState(Name, HostName, DateTime.Now, () => Commands.TimeCommand.LoadAverage() ?? "",
                windows, (shown ?? Current)?.Number, width);
        }
    }

    /// <summary>Turns mouse reporting by the clients' terminals on or off (the next frame sets their modes).</summary>
    public void SetMouse(bool on)
    {
        using (Sync.Enter())
        {
            Settings.Mouse = on;
            foreach (var c in _clients) c.MarkDirty();
        }
    }

    /// <summary>
    /// A message, a bell and (<c>desktopnotify</c>) a desktop notification on every attached client: something
    /// happened in a window not shown.
    /// </summary>
    public void Alert(string text)
    {
        using (Sync.Enter())
        {
            var desktop = Settings.DesktopNotify == 0 ? null : Mux.Vt100.DesktopNotification.Of(Settings.DesktopNotify, $"mux {Name}", text);
            foreach (var c in _clients)
            {
                c.ShowMessage(text);
                c.Bell();
                if (desktop is not null) c.DesktopNotify(desktop);
            }
        }
    }

    private readonly List<string> _unseenNotices = new();

    /// <summary>Tells the user: on the attached clients' status lines, or, with none attached, on the next attach.</summary>
    public void Notify(string text)
    {
        using (Sync.Enter())
        {
            if (_clients.Count > 0) ShowMessage(text);
            else if (!_unseenNotices.Contains(text)) _unseenNotices.Add(text);
        }
    }

    /// <summary>Shows a message on every attached client's status line for a few seconds.</summary>
    public void ShowMessage(string text)
    {
        using (Sync.Enter())
        {
            foreach (var c in _clients) c.ShowMessage(text);
        }
    }

    public void InvalidateClients()
    {
        using (Sync.Enter())
        {
            foreach (var c in _clients) c.Invalidate();
        }
    }

    /// <summary>The attached clients' sizes changed (or the status line came or went): windows follow.</summary>
    private void UpdateWindowSize()
    {
        if (_clients.Count == 0) return;
        (WindowColumns, WindowRows) = WindowSizing.Area(_clients, ReservedRows);
        ResizeWindows();
        InvalidateClients();
    }

    /// <summary>Lays the regions out over the windows' area and sizes every window to where it is shown.</summary>
    private void ResizeWindows()
    {
        // A reflow writes the history anew, unpacked: pack it again, and give back what the reflow used, afterwards.
        if (WindowSizing.Apply(Layout, _windows, WindowColumns, WindowRows)) _trimmer.Request();
    }

    // ---- window events (called from the windows' threads) ----

    private readonly MemoryTrimmer _trimmer;
    private readonly IdlePages _idlePages;

    /// <summary>No client attached and no burst of output waiting for its trim: what runs now is only chores.</summary>
    private bool IsIdle()
    {
        using (Sync.Enter()) if (_clients.Count > 0 || HasEnded) return false;
        return !_trimmer.IsScheduled;
    }

    /// <summary>A background chore ran (a cost sample, the record's refresh): in an idle session, give back what it mapped.</summary>
    internal void AfterChore()
    {
        if (IsIdle()) _idlePages.Request();
    }

    /// <summary>
    /// After a burst of output, start-up or the last client leaving: history compressed, then the freed memory handed
    /// back to the system, and with no client attached also the pages of code nobody is running (a client that
    /// attaches later has them mapped back by minor faults, once; typing into an attached session never waits for that).
    /// </summary>
    private void Trim()
    {
        Window[] windows;
        bool detached;
        using (Sync.Enter())
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
                using (Sync.Enter())
                {
                    w.Terminal.PackHistory(maxPages: 16);
                    more = w.Terminal.CanPackHistory;
                }
        }
        MemoryTrimmer.Collect();
        // Last: whatever runs after this maps its pages back.
        if (detached) _idlePages.Request();
    }

    internal void OnWindowOutput(Window window, ReadOnlySpan<byte> data, IBufferWriter<byte> replies)
    {
        _trimmer.NoteOutput(data.Length);
        // The screen alone first, beside other windows' readers; then the rest, still beside their feeds: it touches
        // this window's screen and the session's state, and what needs every screen (a frame) enters fully.
        using (Sync.EnterFeed()) window.Terminal.Feed(data);
        using (Sync.EnterBesideFeeds())
        {
            window.Log?.Append(data);
            MatchLines(window, data);
            if (window.Terminal.HasReplies) window.Terminal.TakeReplies(replies);
            // A program's clipboard set goes to whoever is attached now; with nobody attached it is not kept for later.
            if (window.Terminal.TakeClipboard() is { } clipboard && Settings.Clipboard)
                foreach (var c in _clients) c.SetClipboard(clipboard);
            if (window.Terminal.HasFinishedCommands)
            {
                foreach (var command in window.Terminal.TakeFinishedCommands()) OnFinishedCommand(window, command);
                if (window.Terminal.TakeDroppedCommands() is > 0 and var lostCommands)
                    ReportHookProblem(window, $"window {window.Number}: {lostCommands} finished commands came at once and were not reported to hooks");
            }
            // A program's own desktop notifications go on to whoever is attached, shown or not.
            if (window.Terminal.HasNotifications)
            {
                var notifications = window.Terminal.TakeNotifications();
                int lost = window.Terminal.TakeDroppedNotifications();
                foreach (var c in _clients)
                {
                    foreach (var n in notifications) c.DesktopNotify(n);
                    c.NotificationsDropped(lost);
                }
            }
            // Every bell is an event to its readers, in a window shown or not (one for a burst read at once).
            if (window.Terminal.BellCount != window.BellsStreamed)
            {
                window.BellsStreamed = window.Terminal.BellCount;
                Publish(window, "bell");
            }
            window.LastOutputUtc = DateTime.UtcNow;
            window.WentSilent = false;
            if (Layout.Shows(window))
            {
                foreach (var c in _clients) c.OnOutput(data.Length);
                // screen's vbell: a bell in the window shown is a message on the displays.
                if (Settings.VisualBell && window.Terminal.BellCount != window.BellsSeen)
                    foreach (var c in _clients) c.ShowMessage("Wuff, Wuff!!");
                window.BellsSeen = window.Terminal.BellCount;
                return;
            }
            Monitors.OnHiddenOutput(window);
        }
    }

    internal void OnWindowExited(Window window)
    {
        using (Sync.Enter())
        {
            bool hidden = !Layout.Shows(window);
            // Before anything may remove the window: its final screen is kept in the session's record.
            WindowEnded?.Invoke(window);
            if (window == _firstWindow)
            {
                FirstExit = window.Exit;
                FirstEndRecord = EndRecord.Describe(window.Exit!.Value, window.Usage.OomKilled, window.Ended!.Value - window.Started,
                    window.Usage.PeakRssBytes, window.Usage.PeakGpuBytes);
            }
            Publish(window, "exit");
            // Before the window may be removed: the hook reads its last lines.
            foreach (var evt in JobHooks.EndEvents(window.Exit!.Value)) FireHook(window, evt);
            if (!Settings.KeepExited)
            {
                RemoveWindow(window);
                if (HasEnded) return;
            }
            string ended = $"Window {window.Number} ({window.Title}) {SessionReport.DescribeExit(window)}.";
            if (hidden) Alert(ended);
            else ShowMessage(ended);
            // The record first: whoever a waiter tells next may list the sessions at once.
            ListingChanged?.Invoke();
            if (AllExited) NotifyWaiters();
            InvalidateClients();
        }
    }

    /// <summary>Closes an exited window the user has seen (any key on its final screen).</summary>
    public void Dismiss(Window window)
    {
        using (Sync.Enter())
        {
            if (window.IsRunning) return;
            RemoveWindow(window);
        }
    }

    private void RemoveWindow(Window window)
    {
        if (_windows.Remove(window)) Publish(window, EventText.WindowClosed);
        if (_windows.Count == 0)
        {
            End();
            return;
        }
        Layout.Forget(window, () => _windows[0]);
        _focus.Follow(Current);
        foreach (var (_, saved) in _savedLayouts) saved.Prune(_windows);
        if (Current is { } current) current.HadActivity = current.WentSilent = current.Rang = false;
        if (Layout.IsSplit) ResizeWindows();
        InvalidateClients();
    }

    /// <summary>True when every window's program has exited (their final screens may still be kept).</summary>
    public bool AllExited
    {
        get { using (Sync.Enter()) return _windows.Count == 0 || _windows.All(w => !w.IsRunning); }
    }

    /// <summary>How the session's first program ended; null while it runs.</summary>
    public ExitStatus? FirstExit { get; private set; }

    /// <summary>Completes with the session's state once every program in it has ended.</summary>
    public Task<SessionInfo> WhenAllExitedAsync()
    {
        using (Sync.Enter())
        {
            if (AllExited || HasEnded) return Task.FromResult(SessionReport.Describe(this));
            var waiter = new TaskCompletionSource<SessionInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add(waiter);
            return waiter.Task;
        }
    }

    private void NotifyWaiters()
    {
        var info = SessionReport.Describe(this);
        foreach (var w in _waiters) w.TrySetResult(info);
        _waiters.Clear();
    }

    /// <summary>Ends the session: every window's program is hung up, every client detached.</summary>
    public void Quit()
    {
        using (Sync.Enter())
        {
            foreach (var w in _windows.ToArray()) _ = w.KillAsync();
            End();
        }
    }

    /// <summary>Runs (under <see cref="Sync"/>) when a window's program has ended, before the window may be removed.</summary>
    public Action<Window>? WindowEnded { get; set; }

    /// <summary>How the keeping of the session's record goes (<c>record</c> answers it); null when it keeps none.</summary>
    public Func<string>? RecordStatus { get; set; }

    /// <summary>Runs (under <see cref="Sync"/>) as the session ends, after its socket is gone: the record's last write.</summary>
    public Action? RecordEnding { get; set; }

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
            using (Sync.Enter())
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
        PublishSession(EventText.SessionEnded, $"{Name} session ended", ends: true);
        NotifyWaiters();
        DetachAll(DetachReason.SessionEnded);
        _ended.TrySetResult();
    }
}
