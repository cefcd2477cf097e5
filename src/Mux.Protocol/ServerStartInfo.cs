using System.Globalization;

namespace Mux.Protocol;

/// <summary>How the client asks <c>mux-server</c> to start a session.</summary>
/// <param name="LogFile">Log the first window to this file (screen's -L / -Logfile); null for no log.</param>
/// <param name="ConfigFile">A screenrc-style file whose session lines the server applies before the first window.</param>
/// <param name="Notify">A shell command run when a window's job ends (<c>--notify</c>, the same as <c>on exit</c>).</param>
/// <param name="Term">TERM for the windows (screen's -T); null for the default.</param>
/// <param name="Shell">The program of windows given none (screen's -s); null for $SHELL.</param>
public sealed record ServerStartInfo(string Name, int Columns, int Rows, string Cwd, string[] Command, bool StartedDetached,
    string? LogFile = null, string? ConfigFile = null, string? Title = null, int? Scrollback = null, string? Notify = null,
    string? Term = null, string? Shell = null)
{
    /// <summary>The first word of the encoded arguments, so a stray value is never taken for a start request.</summary>
    public const string Verb = "__server";

    /// <summary>
    /// Where the client puts the start arguments for the server it spawns, so that the server's own command line
    /// can read like the user's (<c>SCREEN -dmS name</c>): tools find screen's server by it. The server takes the
    /// variable out of its environment before anything reads it.
    /// </summary>
    public const string EnvironmentVariable = "MUX_SERVER_START";

    private const string None = "-";

    public string[] ToArguments() =>
        [Verb, Name, Columns.ToString(CultureInfo.InvariantCulture), Rows.ToString(CultureInfo.InvariantCulture), Cwd,
            StartedDetached ? "detached" : "attached", LogFile ?? None, ConfigFile ?? None, Title ?? None,
            Scrollback?.ToString(CultureInfo.InvariantCulture) ?? None, Notify ?? None, Term ?? None, Shell ?? None, "--", .. Command];

    public static ServerStartInfo? Parse(string[] args)
    {
        if (args.Length < 14 || args[0] != Verb || args[13] != "--") return null;
        if (!int.TryParse(args[2], CultureInfo.InvariantCulture, out int cols) || !int.TryParse(args[3], CultureInfo.InvariantCulture, out int rows))
            return null;
        int? scrollback = int.TryParse(args[9], CultureInfo.InvariantCulture, out int lines) ? lines : null;
        return new ServerStartInfo(args[1], cols, rows, args[4], args[14..], args[5] == "detached",
            Optional(args[6]), Optional(args[7]), Optional(args[8]), scrollback, Optional(args[10]), Optional(args[11]), Optional(args[12]));
    }

    /// <summary>The arguments as one environment value: NUL-separated UTF-8 (no argument can hold a NUL), in base64.</summary>
    public string Encode() => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(string.Join('\0', ToArguments())));

    public static ServerStartInfo? Decode(string value)
    {
        try { return Parse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(value)).Split('\0')); }
        catch (FormatException) { return null; }
    }

    private static string? Optional(string arg) => arg == None ? null : arg;
}
