namespace Mux.Platform.Pty;

/// <summary>What to run in a new pseudo-terminal (shaped like Pty.Net's PtyOptions).</summary>
public sealed class PtyOptions
{
    public string Name { get; set; } = "";
    public int Rows { get; set; } = 24;
    public int Cols { get; set; } = 80;
    public string Cwd { get; set; } = "/";
    /// <summary>The program; without a '/', it is searched in the PATH of <see cref="Environment"/>.</summary>
    public string App { get; set; } = "/bin/sh";
    /// <summary>Arguments after <see cref="App"/> (argv[0] is App itself).</summary>
    public string[] CommandLine { get; set; } = [];
    /// <summary>The WHOLE environment of the child: nothing is inherited implicitly.</summary>
    public IDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

    /// <summary>A copy of this process's environment, a convenient starting point for <see cref="Environment"/>.</summary>
    public static Dictionary<string, string> CurrentEnvironment()
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            d[(string)e.Key] = (string?)e.Value ?? "";
        return d;
    }
}

/// <summary>A running program on a pseudo-terminal, seen from the master side.</summary>
public interface IPtyConnection : IDisposable
{
    /// <summary>read(2) on the master. Read blocks until data; returns 0 (EOF) once the child side has closed
    /// (EIO) or the connection is disposed. Use a dedicated thread: a blocking Read holds its thread.</summary>
    Stream ReaderStream { get; }

    /// <summary>write(2) on the master; writes everything (loops on partial writes, EAGAIN, EINTR).</summary>
    Stream WriterStream { get; }

    int Pid { get; }

    /// <summary>Valid after <see cref="ProcessExited"/>: the code, or 128 + signal (Pty.Net's convention); -1 while running.</summary>
    int ExitCode { get; }

    /// <summary>Raised once, on a thread-pool thread, after the child was reaped. A handler added after the
    /// exit is called at once (on the thread pool), so subscribing late never misses it.</summary>
    event EventHandler<PtyExitedEventArgs>? ProcessExited;

    /// <summary>SIGKILL to the child's process group.</summary>
    void Kill();

    /// <summary>TIOCSWINSZ on the master; the kernel sends SIGWINCH to the foreground process group.</summary>
    void Resize(int cols, int rows);

    bool WaitForExit(int milliseconds);

    /// <summary>Code or signal; null while running.</summary>
    ExitStatus? Status { get; }

    /// <summary>
    /// Stops reading: after this returns no more bytes are taken from the master (they stay in the kernel's buffer),
    /// and true means the reader has also finished with the last chunk it took (it came back for more within
    /// <paramref name="waitForReader"/>). Used before the server replaces its image, so no output is lost between.
    /// </summary>
    bool PauseReading(TimeSpan waitForReader);

    /// <summary>Undoes <see cref="PauseReading"/> (the replacement did not happen).</summary>
    void ResumeReading();

    /// <summary>Writes what fits without blocking and returns the count (0 when the terminal's input is full).</summary>
    int TryWrite(ReadOnlySpan<byte> data);

    /// <summary>Sends a signal to the child's process group (killpg), falling back to the pid. No-op after exit.</summary>
    void Signal(int signal);

    /// <summary>
    /// The master's descriptor (non-blocking), to hand to an attached client that writes keys to it directly.
    /// Add a reference while using it: it closes when the connection is disposed.
    /// </summary>
    System.Runtime.InteropServices.SafeHandle Master { get; }

    /// <summary>The slave device path, e.g. /dev/pts/3.</summary>
    string? SlaveName { get; }
}

public sealed class PtyExitedEventArgs : EventArgs
{
    public PtyExitedEventArgs(ExitStatus status) { Status = status; }
    public int ExitCode => Status.ShellCode;
    public ExitStatus Status { get; }
}

/// <summary>Entry point, shaped like Pty.Net's so the package can be swapped in by changing this file.</summary>
public static class PtyProvider
{
    public static Task<IPtyConnection> SpawnAsync(PtyOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // posix_spawn returns as soon as the child has exec'd: quick enough to do synchronously.
        return Task.FromResult(Spawn(options));
    }

    public static IPtyConnection Spawn(PtyOptions options) => UnixPtyConnection.Start(options);

    /// <summary>A master descriptor this process holds and the child on its slave (after the server replaced its image).</summary>
    public static IPtyConnection Adopt(int masterFd, int pid, string slaveName) => UnixPtyConnection.Adopt(masterFd, pid, slaveName);
}
