namespace Mux.Client.Cli;

/// <summary>What the user asked for on the command line.</summary>
internal sealed class Options
{
    public bool Help { get; set; }
    public bool Version { get; set; }
    public bool List { get; set; }
    public bool ListVerbose { get; set; }
    public bool ListJson { get; set; }
    public bool Wipe { get; set; }
    /// <summary><c>-wipe --all</c>: every record of a session that does not run, not only those listed.</summary>
    public bool WipeAll { get; set; }
    /// <summary><c>mux rerun NAME</c>: the recorded job started again.</summary>
    public string? Rerun { get; set; }
    /// <summary>-d (once) or -D: detach the session elsewhere; with -m, start detached.</summary>
    public bool DetachOthers { get; set; }
    public bool DetachedStart { get; set; }
    /// <summary>-D with -m: stay in the foreground until the session ends (screen -DmS, for supervisors and service units).</summary>
    public bool StayInForeground { get; set; }
    public bool Resume { get; set; }
    /// <summary>-R: resume if possible, else create.</summary>
    public bool ResumeOrCreate { get; set; }
    /// <summary>-x: attach even if someone is attached.</summary>
    public bool Share { get; set; }
    /// <summary>--read-only: watch only; the server drops this display's keys (copy mode and detach still work).</summary>
    public bool ReadOnly { get; set; }
    public string? SessionName { get; set; }
    /// <summary>The argument of -r/-R/-x/-d (a name, pid or pid.name).</summary>
    public string? Target { get; set; }
    public string? Window { get; set; }
    public string? Title { get; set; }
    public string[]? RemoteCommand { get; set; }
    /// <summary>-Q: the remote command's answer is printed here.</summary>
    public bool Query { get; set; }
    public string[] Command { get; set; } = [];
    /// <summary>The command line as given (the session server's process line repeats it).</summary>
    public string[] Arguments { get; set; } = [];
    /// <summary>-q: no listing, only screen's exit codes for -ls.</summary>
    public bool Quiet { get; set; }
    /// <summary>-T: TERM in the windows.</summary>
    public string? Term { get; set; }
    /// <summary>-s: the program of windows given none.</summary>
    public string? Shell { get; set; }
    /// <summary>Prefix key and the key that sends it literally (-e xy).</summary>
    public byte PrefixKey { get; set; } = 0x01;
    public byte LiteralPrefixKey { get; set; } = (byte)'a';
    public int? Scrollback { get; set; }
    /// <summary>Keys bound by the config file (bind KEY COMMAND…); an empty command unbinds.</summary>
    public Dictionary<byte, string[]> Bindings { get; } = new();
    /// <summary>-L: log the first window; -Logfile FILE: to FILE.</summary>
    public bool Log { get; set; }
    public string? LogFile { get; set; }
    /// <summary>-c FILE: the config file instead of ~/.muxrc.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>The config file's problems, short, for the message line once attached (stderr has them in full).</summary>
    public List<string> ConfigWarnings { get; } = [];
    /// <summary><c>mux wait NAME [--timeout SECONDS]</c>.</summary>
    public string? WaitFor { get; set; }
    public double? WaitTimeout { get; set; }
    /// <summary><c>mux top</c>: the live view of every window's cost; <c>--once</c> prints one snapshot.</summary>
    public bool Top { get; set; }

    /// <summary><c>mux events [NAME] [--json] [--since D] [--no-follow]</c>: the sessions' events as they happen.</summary>
    public bool Events { get; set; }
    public string? EventsTarget { get; set; }
    public bool EventsJson { get; set; }
    public string? EventsSince { get; set; }
    public bool EventsNoFollow { get; set; }
    public bool TopOnce { get; set; }
    /// <summary><c>--notify CMD</c>: a shell command run (with the end record as JSON on stdin) when the job ends.</summary>
    public string? Notify { get; set; }
}
