namespace Mux.Client.Cli;

/// <summary>
/// The name the user called us by: <c>screen</c> when installed as a drop-in (a symlink), else <c>mux</c>. Messages
/// and the session server's process line follow it, so that scripts and tools written for screen find what they expect.
/// </summary>
internal static class Invocation
{
    private static string? _name;

    public static string Name => _name ??= Read();

    public static bool AsScreen => Name == "screen";

    private static string Read()
    {
        // argv[0] as given (the runtime's own view may be the resolved executable).
        try
        {
            var cmdline = File.ReadAllBytes("/proc/self/cmdline");
            int end = Array.IndexOf(cmdline, (byte)0);
            string argv0 = System.Text.Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end);
            if (Path.GetFileName(argv0) == "screen") return "screen";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return "mux";
    }
}
