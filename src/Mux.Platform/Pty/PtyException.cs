namespace Mux.Platform.Pty;

/// <summary>A PTY or spawn failure; <see cref="Exception.Message"/> is one line fit to show a user.</summary>
public sealed class PtyException : IOException
{
    public PtyException(string message, int errno = 0) : base(message) { Errno = errno; }

    /// <summary>The errno value behind the failure, or 0.</summary>
    public int Errno { get; }
}
