namespace Mux.Client.Keys;

/// <summary>One key after the prefix and what it does, as the help overlay lists it.</summary>
internal readonly record struct KeyBinding(byte[] Keys, string Description, KeyAction Action);

/// <summary>screen's default bindings (after the prefix). The reader and the help overlay share this table.</summary>
internal static class KeyBindings
{
    public static IReadOnlyList<KeyBinding> Defaults { get; } =
    [
        new([(byte)'d', 0x04], "detach", new KeyAction(KeyActionKind.Detach)),
        new([(byte)'c', 0x03], "create a new window", KeyAction.Run("screen")),
        new([(byte)'n', 0x0e, (byte)' '], "next window", KeyAction.Run("next")),
        new([(byte)'p', 0x10, 0x08, 0x7f], "previous window", KeyAction.Run("prev")),
        new([(byte)'0', (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7', (byte)'8', (byte)'9'],
            "select window 0-9", default),
        new([(byte)'"'], "choose a window from a list", new KeyAction(KeyActionKind.Chooser)),
        new([(byte)'w', 0x17], "show the window list", KeyAction.Run("windows")),
        new([(byte)'A'], "set the window's title", new KeyAction(KeyActionKind.Rename)),
        new([(byte)'k', 0x0b], "kill the window (asks first)", new KeyAction(KeyActionKind.ConfirmKill)),
        new([(byte)'?'], "show these key bindings", new KeyAction(KeyActionKind.Help)),
        new([(byte)'H'], "start or stop logging the window", KeyAction.Run("log")),
        new([(byte)'M'], "report activity in the window", KeyAction.Run("monitor")),
        new([(byte)'_'], "report silence in the window", KeyAction.Run("silence")),
        new([(byte)'[', 0x1b], "copy mode: scroll back, search, mark and copy", KeyAction.Run("copy")),
        new([(byte)']'], "paste the copied text into the window", KeyAction.Run("paste")),
        new([(byte)':'], "enter a command line (Tab completes, Up/Down history)", new KeyAction(KeyActionKind.CommandLine)),
        new([(byte)'\''], "select a window by number or title (asks)", new KeyAction(KeyActionKind.SelectPrompt)),
        new([(byte)'N'], "show the window's number and title", KeyAction.Run("number")),
        new([(byte)'i'], "show the window's info line", KeyAction.Run("info")),
        new([(byte)'t', 0x14], "show the time, host name and load", KeyAction.Run("time")),
        new([(byte)'h'], "write a hardcopy of the window to a file", KeyAction.Run("hardcopy")),
        new([(byte)'C'], "clear the window (its text goes to the history)", KeyAction.Run("clear")),
        new([(byte)'F'], "fit the window to this display", KeyAction.Run("fit")),
        new([(byte)'l', 0x0c], "redraw the display", KeyAction.Run("redisplay")),
        new([(byte)'x', 0x18], "lock the display ($LOCKPRG, vlock or lock)", new KeyAction(KeyActionKind.Lock)),
        new([(byte)'z', 0x1a], "suspend mux (fg brings it back)", new KeyAction(KeyActionKind.Suspend)),
        new([(byte)'D'], "D D: detach and hang up the shell that started mux", new KeyAction(KeyActionKind.PowerDetach)),
        new([(byte)','], "show the licence", KeyAction.Run("license")),
        new([(byte)'.'], "dumptermcap (says why none is needed)", KeyAction.Run("dumptermcap")),
    ];

    /// <summary>How a key byte is written in the help: ^X for controls, "space", the character otherwise.</summary>
    public static string KeyName(byte key) => key switch
    {
        0x7f => "^?",
        < 0x20 => "^" + (char)(key + 0x40),
        (byte)' ' => "space",
        _ => ((char)key).ToString(),
    };

    /// <summary>The help text: one line per binding, prefix key first.</summary>
    public static IReadOnlyList<string> HelpLines(byte prefix, byte literalPrefix)
    {
        string p = KeyName(prefix);
        var lines = new List<string>
        {
            $"Command key: {p}   Literal {p}: {p} {KeyName(literalPrefix)}",
            "",
        };
        foreach (var b in Defaults)
        {
            string keys = b.Keys.Length == 10 ? "0 … 9" : string.Join(" ", b.Keys.Select(KeyName));
            lines.Add($"{p} {keys,-12} {b.Description}");
        }
        lines.Add($"{p} {p,-12} switch to the previous window shown (other)");
        lines.Add($"{p} {KeyName(literalPrefix),-12} send a literal {p} to the window");
        return lines;
    }
}
