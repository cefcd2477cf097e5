namespace Mux.Protocol;

/// <summary>A refused socket directory or peer; the message is one line that says how to fix it.</summary>
public sealed class MuxSecurityException : IOException
{
    public MuxSecurityException(string message) : base(message) { }
}
