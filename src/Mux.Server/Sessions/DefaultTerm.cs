namespace Mux.Server.Sessions;

/// <summary>
/// TERM for windows when none is given: tmux-256color (italics, true colour, focus and bracketed paste are
/// described) when its terminfo entry is installed where programs will look for it, else screen-256color,
/// which every system has.
/// </summary>
public static class DefaultTerm
{
    public const string Preferred = "tmux-256color";
    public const string Fallback = "screen-256color";

    public static string Pick() => IsInstalled(Preferred) ? Preferred : Fallback;

    /// <summary>Whether a compiled terminfo entry for <paramref name="name"/> is in a directory ncurses searches.</summary>
    public static bool IsInstalled(string name)
    {
        foreach (string dir in SearchPath())
        {
            // ncurses files entries under their first letter, or its hex code on case-insensitive file systems.
            if (File.Exists(Path.Combine(dir, name[..1], name)) ||
                File.Exists(Path.Combine(dir, ((int)name[0]).ToString("x2", System.Globalization.CultureInfo.InvariantCulture), name)))
                return true;
        }
        return false;
    }

    private static IEnumerable<string> SearchPath()
    {
        if (Environment.GetEnvironmentVariable("TERMINFO") is { Length: > 0 } own) yield return own;
        if (Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home) yield return Path.Combine(home, ".terminfo");
        if (Environment.GetEnvironmentVariable("TERMINFO_DIRS") is { Length: > 0 } dirs)
            foreach (string d in dirs.Split(':', StringSplitOptions.RemoveEmptyEntries)) yield return d;
        yield return "/etc/terminfo";
        yield return "/lib/terminfo";
        yield return "/usr/share/terminfo";
        yield return "/usr/lib/terminfo";
    }
}
