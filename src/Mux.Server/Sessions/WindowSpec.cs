namespace Mux.Server.Sessions;

/// <summary>What a new window runs, where, and with which environment.</summary>
/// <param name="LogFile">Log this window from its first byte to this file pattern (%n = number); null to follow deflog.</param>
public sealed record WindowSpec(string[] Command, string Cwd, IReadOnlyDictionary<string, string> Environment, string? Title = null, string? LogFile = null);

/// <summary>Session-wide settings (screen's defaults unless changed by a command).</summary>
public sealed class SessionSettings
{
    public int ScrollbackLimit { get; set; } = 10_000;

    /// <summary>
    /// Keep windows whose program exited, with their final screen, until the user dismisses them (screen's
    /// zombie). On for sessions started detached, so a crashed job's traceback is still there later.
    /// </summary>
    public bool KeepExited { get; set; }

    /// <summary>TERM in the windows (screen's <c>-T</c> and <c>term</c>); see <see cref="DefaultTerm"/>.</summary>
    public string Term { get; set; } = DefaultTerm.Pick();

    /// <summary>The program new windows run when given none (screen's <c>shell</c>); null for $SHELL.</summary>
    public string? Shell { get; set; }

    /// <summary>screen's logfile pattern; %n is the window number.</summary>
    public string LogFile { get; set; } = "screenlog.%n";

    /// <summary>Log every new window (screen's deflog).</summary>
    public bool LogNewWindows { get; set; }

    /// <summary>Log the bytes as the program wrote them instead of the text a person reads.</summary>
    public bool RawLogs { get; set; }

    /// <summary>Variables set (value) or removed (null) for windows created from now on: setenv/unsetenv.</summary>
    public Dictionary<string, string?> EnvironmentChanges { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// tmux's <c>mouse on</c>: client terminals report the mouse to the server, which passes it to a program that
    /// asked for it and otherwise scrolls into copy mode with the wheel.
    /// </summary>
    public bool Mouse { get; set; } = true;

    /// <summary>
    /// tmux's <c>set-clipboard</c>: copy mode's copies and programs' OSC 52 sets are passed on to the attached
    /// clients' terminals (OSC 52), so they land in the user's own clipboard.
    /// </summary>
    public bool Clipboard { get; set; } = true;

    /// <summary>
    /// tmux's <c>set-titles</c>: the clients' terminals are titled after the focused window,
    /// <c>SESSION:NUMBER TITLE</c> (see <see cref="ClientScreen"/>).
    /// </summary>
    public bool SetTitle { get; set; } = true;

    /// <summary>Hyperlinks (OSC 8) programs print are drawn as links on the clients' terminals (tmux's <c>hyperlinks</c> feature).</summary>
    public bool Hyperlinks { get; set; } = true;

    /// <summary>The status line at the bottom of each client (screen's hardstatus).</summary>
    public bool StatusLine { get; set; } = true;

    /// <summary>screen's hardstatus string (<c>%</c> escapes); null for Mux's own status line.</summary>
    public string? HardstatusFormat { get; set; }

    /// <summary>screen's <c>caption always</c>: a line under the window drawn from <see cref="CaptionFormat"/>.</summary>
    public bool Caption { get; set; }

    public string CaptionFormat { get; set; } = "%3n %t";

    /// <summary>screen's <c>vbell on</c>: a bell shows a message instead of ringing the user's terminal.</summary>
    public bool VisualBell { get; set; }

    /// <summary>
    /// How an alert (a job ending, a bell, activity, silence or a match in a window not shown) also reaches the
    /// desktop: OSC 9 (9), OSC 777 (777) or not at all (0). The message line and the bell come either way.
    /// </summary>
    public int DesktopNotify { get; set; } = 9;

    /// <summary>How long a message stays on the status line.</summary>
    public TimeSpan MessageDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The silence period of <c>silence on</c> (screen's silencewait).</summary>
    public TimeSpan SilenceWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Grace between SIGHUP, SIGTERM and SIGKILL when a window is killed.</summary>
    public TimeSpan KillGrace { get; set; } = TimeSpan.FromSeconds(1);
}
