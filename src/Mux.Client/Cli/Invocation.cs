namespace Mux.Client.Cli;

/// <summary>
/// The name the user called us by: <c>screen</c> when installed as a drop-in (a symlink), else <c>mux</c>. Messages
/// and the session server's process line follow it, so that scripts and tools written for screen find what they expect.
/// </summary>
internal static class Invocation
{
    public static string Name => InvocationName.IsScreen ? "screen" : "mux";

    public static bool AsScreen => InvocationName.IsScreen;
}
