namespace Mux.Server.Sessions;

/// <summary>Linux signal numbers the session sends.</summary>
internal static class SignalNumbers
{
    public const int SIGHUP = 1;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
}
