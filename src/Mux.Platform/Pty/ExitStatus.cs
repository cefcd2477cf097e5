namespace Mux.Platform.Pty;

/// <summary>How a child process ended: an exit code or a terminating signal (decoded from a waitpid status).</summary>
public readonly struct ExitStatus : IEquatable<ExitStatus>
{
    private ExitStatus(int code, int signal, bool coreDumped) { Code = code; Signal = signal; CoreDumped = coreDumped; }

    /// <summary>The exit code, or -1 when the process was killed by a signal (or its status was lost).</summary>
    public int Code { get; }

    /// <summary>The terminating signal, or 0 when the process exited normally.</summary>
    public int Signal { get; }

    public bool CoreDumped { get; }

    /// <summary>
    /// What the kernel counted when the child was reaped (wait4): the largest resident set of it or of any
    /// descendant it waited for, and their CPU time. Zero when unknown. Not part of equality.
    /// </summary>
    public long PeakRssBytes { get; private init; }

    public TimeSpan CpuTime { get; private init; }

    public ExitStatus WithUsage(long peakRssBytes, TimeSpan cpuTime) => this with { PeakRssBytes = peakRssBytes, CpuTime = cpuTime };

    public bool Signaled => Signal != 0;

    /// <summary>True when someone else reaped the child (waitpid gave ECHILD) so the real status is unknown.</summary>
    public bool IsLost => Code == -1 && Signal == 0;

    /// <summary>What a shell would put in $?: the code, or 128 + signal.</summary>
    public int ShellCode => Signal != 0 ? 128 + Signal : Code;

    public static ExitStatus Exited(int code) => new(code, 0, false);
    public static ExitStatus Killed(int signal, bool coreDumped = false) => new(-1, signal, coreDumped);
    public static ExitStatus Lost => new(-1, 0, false);

    /// <summary>Decodes a raw waitpid status word (glibc's WIFEXITED/WTERMSIG layout).</summary>
    public static ExitStatus FromWaitStatus(int status)
    {
        int sig = status & 0x7f;
        if (sig == 0) return Exited((status >> 8) & 0xff);
        return Killed(sig, (status & 0x80) != 0);
    }

    public override string ToString() =>
        Signal != 0 ? SignalName(Signal) + (CoreDumped ? " (core dumped)" : "")
        : IsLost ? "unknown" : "exit " + Code;

    /// <summary>"SIGKILL" for 9, "SIG42" for an unnamed one (Linux x86_64/aarch64 numbering).</summary>
    public static string SignalName(int signal) => signal switch
    {
        1 => "SIGHUP", 2 => "SIGINT", 3 => "SIGQUIT", 4 => "SIGILL", 5 => "SIGTRAP", 6 => "SIGABRT",
        7 => "SIGBUS", 8 => "SIGFPE", 9 => "SIGKILL", 10 => "SIGUSR1", 11 => "SIGSEGV", 12 => "SIGUSR2",
        13 => "SIGPIPE", 14 => "SIGALRM", 15 => "SIGTERM", 16 => "SIGSTKFLT", 17 => "SIGCHLD", 18 => "SIGCONT",
        19 => "SIGSTOP", 20 => "SIGTSTP", 21 => "SIGTTIN", 22 => "SIGTTOU", 23 => "SIGURG", 24 => "SIGXCPU",
        25 => "SIGXFSZ", 26 => "SIGVTALRM", 27 => "SIGPROF", 28 => "SIGWINCH", 29 => "SIGIO", 30 => "SIGPWR",
        31 => "SIGSYS",
        _ => "SIG" + signal,
    };

    public bool Equals(ExitStatus other) => Code == other.Code && Signal == other.Signal && CoreDumped == other.CoreDumped;
    public override bool Equals(object? obj) => obj is ExitStatus o && Equals(o);
    public override int GetHashCode() => HashCode.Combine(Code, Signal, CoreDumped);
    public static bool operator ==(ExitStatus a, ExitStatus b) => a.Equals(b);
    public static bool operator !=(ExitStatus a, ExitStatus b) => !a.Equals(b);
}
