namespace Mux.Client.Cli;

/// <summary>
/// The name mux was started under: <c>screen</c> when a symlink of that name on PATH points at it. Messages that
/// tell the user what to type next use it, so a script or person driving "screen" is told to type "screen".
/// </summary>
internal static class InvocationName
{
    /// <summary>argv[0]'s file name (Native AOT passes argv[0] through; ProcessPath would resolve the link).</summary>
    public static string Name { get; } = FromArgv0(Environment.GetCommandLineArgs() is [var first, ..] ? first : null);

    /// <summary>Called as <c>screen</c>.</summary>
    public static bool IsScreen => Name == "screen";

    public static string FromArgv0(string? argv0)
    {
        string name = Path.GetFileName(argv0 ?? "");
        return name.Length == 0 ? "mux" : name;
    }
}
