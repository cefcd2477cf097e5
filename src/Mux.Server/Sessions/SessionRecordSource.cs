using System.Text;
using Mux.Server.Jobs;
using Mux.Protocol;
using Mux.Protocol.Records;
using Mux.Server.Records;

namespace Mux.Server.Sessions;

/// <summary>
/// The session as its record shows it (<see cref="IRecordSource"/>): its job, its windows, and their last text. A
/// window's final screen is taken when its program ends (<see cref="WindowEnded"/>), before the window can be
/// removed; when the session ends, the whole record is frozen (<see cref="MarkEnded"/>) so that its last write needs
/// nothing more from the session.
/// </summary>
internal sealed class SessionRecordSource : IRecordSource
{
    /// <summary>Ended windows kept in the record besides the running ones, oldest dropped first.</summary>
    private const int MaxEndedWindows = 32;

    private readonly Session _session;
    private readonly ulong _startTicks;
    private readonly string _bootId;
    private readonly string[] _command;
    private readonly string _cwd;
    private readonly string[] _environment;
    private readonly List<Entry> _windows = new();
    private (JobRecord Record, string Screens)? _frozen;
    private long _endedStamp;

    public SessionRecordSource(Session session, ulong startTicks, string bootId, string[] command, string cwd, IReadOnlyDictionary<string, string> environment)
    {
        _session = session;
        _startTicks = startTicks;
        _bootId = bootId;
        _command = command;
        _cwd = cwd;
        _environment = EnvironmentBlock.Format(environment);
    }

    private sealed class Entry(Window window)
    {
        public Window Window { get; } = window;
        public WindowRecord? Final { get; set; }
        public string? FinalText { get; set; }
    }

    /// <summary>Takes the window's final state; called under the session's lock when its program has ended.</summary>
    public void WindowEnded(Window window)
    {
        Track();
        if (_windows.Find(e => e.Window == window) is not { } entry) return;
        entry.Final = Describe(window);
        entry.FinalText = Text(window, SavedScreens.MaxLines);
        _endedStamp++;
        int ended = _windows.Count(e => e.Final is not null);
        for (int i = 0; ended > MaxEndedWindows && i < _windows.Count; i++)
        {
            if (_windows[i].Final is null) continue;
            _windows.RemoveAt(i--);
            ended--;
        }
    }

    /// <summary>The session has ended: the record is taken now, for good. Called under the session's lock.</summary>
    public void MarkEnded()
    {
        if (_frozen is not null) return;
        string exit = _session.ListingExit;
        var record = Build(ended: true, exit.Length > 0 ? exit : "Quit");
        _frozen = (record, Screens(SavedScreens.MaxLines));
    }

    public JobRecord Describe()
    {
        if (_frozen is { } f) return f.Record;
        return Locked(() => Build(ended: false, ""), f => f.Record);
    }

    public long ScreenStamp
    {
        get
        {
            if (_frozen is not null) return long.MaxValue;
            return Locked(() =>
            {
                Track();
                long stamp = _endedStamp * 1_000_003 + _windows.Count;
                foreach (var e in _windows)
                    if (e.Final is null) stamp += e.Window.Terminal.Version * 31 + e.Window.Number;
                return stamp;
            }, _ => long.MaxValue);
        }
    }

    public string ScreenText(int maxLines)
    {
        if (_frozen is { } f) return f.Screens;
        return Locked(() => Screens(maxLines), f => f.Screens);
    }

    /// <summary>
    /// Runs <paramref name="read"/> under the session's lock. The thread that ends the session holds that lock while
    /// it waits for the last write: once the record is frozen, the frozen one answers instead of waiting for the lock.
    /// </summary>
    private T Locked<T>(Func<T> read, Func<(JobRecord Record, string Screens), T> frozen)
    {
        SessionLock.Scope scope;
        while (!_session.Sync.TryEnter(TimeSpan.FromMilliseconds(50), out scope))
            if (_frozen is { } f) return frozen(f);
        using (scope) return _frozen is { } f ? frozen(f) : read();
    }

    /// <summary>Adds the windows opened since last looked. Caller holds the lock.</summary>
    private void Track()
    {
        foreach (var w in _session.Windows)
            if (!_windows.Exists(e => e.Window == w)) _windows.Add(new Entry(w));
    }

    private JobRecord Build(bool ended, string exit)
    {
        Track();
        var windows = _windows.Select(e => e.Final ?? Describe(e.Window)).ToArray();
        return new JobRecord(_session.Name, _session.Pid, _startTicks, _bootId, _command, _cwd, _environment,
            _session.Created.ToUnixTimeMilliseconds(), ended, exit, ended ? _session.FirstExit?.ShellCode ?? 0 : 0, windows);
    }

    private static WindowRecord Describe(Window w) => new(w.Number, w.Title, w.Command, w.Cwd, w.Started.ToUnixTimeMilliseconds(),
        w.Ended?.ToUnixTimeMilliseconds() ?? 0, w.IsRunning ? "" : SessionReport.DescribeExit(w), w.Exit?.ShellCode ?? 0,
        w.IsRunning ? "" : SessionReport.EndRecordOf(w));

    private string Screens(int maxLines)
    {
        Track();
        var sb = new StringBuilder();
        foreach (var e in _windows)
        {
            var w = e.Window;
            sb.Append("--- window ").Append(w.Number).Append(" (").Append(w.Title).Append("): ").Append(w.Command);
            if (e.Final is { } final) sb.Append(" — ").Append(final.EndRecord);
            sb.Append(" ---\n");
            sb.Append(e.FinalText ?? Text(w, maxLines));
        }
        return sb.ToString();
    }

    private static string Text(Window w, int maxLines) => JobEvent.TailText(w.Terminal, maxLines);
}
