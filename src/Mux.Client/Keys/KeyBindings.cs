namespace Mux.Client.Keys;

/// <summary>A default key binding; bindings of one <paramref name="Group"/> share a line of the help.</summary>
internal readonly record struct KeyBinding(byte[] Keys, string Description, KeyAction Action, string? Group = null);

/// <summary>screen's default bindings (after the prefix). The reader and the help overlay share this table.</summary>
internal static class KeyBindings
{
    public static IReadOnlyList<KeyBinding> Defaults { get; } =
    [
        new([(byte)'d', 0x04], "detach", new KeyAction(KeyActionKind.Detach)),
        new([(byte)'D'], "D D: detach, hang up", new KeyAction(KeyActionKind.PowerDetach)),
        new([(byte)'c', 0x03], "create a new window", KeyAction.Run("screen")),
        new([(byte)'n', 0x0e, (byte)' '], "next window", KeyAction.Run("next")),
        new([(byte)'p', 0x10, 0x08, 0x7f], "previous window", KeyAction.Run("prev")),
        new([(byte)'0', (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7', (byte)'8', (byte)'9'],
            "select window 0-9", default),
        new([(byte)'\''], "select a window (asks)", new KeyAction(KeyActionKind.SelectPrompt)),
        new([(byte)'"'], "choose a window from a list", new KeyAction(KeyActionKind.Chooser)),
        new([(byte)'w', 0x17], "show the window list", KeyAction.Run("windows")),
        new([(byte)'N'], "window number and title", KeyAction.Run("number")),
        new([(byte)'i'], "window info line", KeyAction.Run("info")),
        new([(byte)'t', 0x14], "time, host and load", KeyAction.Run("time")),
        new([(byte)'A'], "set the window's title", new KeyAction(KeyActionKind.Rename)),
        new([(byte)'k', 0x0b], "kill the window (asks)", new KeyAction(KeyActionKind.ConfirmKill)),
        new([(byte)':'], "enter a command line", new KeyAction(KeyActionKind.CommandLine)),
        new([(byte)'?'], "show these key bindings", new KeyAction(KeyActionKind.Help)),
        new([(byte)'h'], "hardcopy to a file", KeyAction.Run("hardcopy")),
        new([(byte)'H'], "log the window on/off", KeyAction.Run("log")),
        new([(byte)'M'], "report activity", KeyAction.Run("monitor")),
        new([(byte)'_'], "report 30 s of silence", KeyAction.Run("silence")),
        new([(byte)'[', 0x1b], "copy mode (scrollback)", KeyAction.Run("copy")),
        new([(byte)']'], "paste the copied text", KeyAction.Run("paste")),
        new([(byte)'C'], "clear the window", KeyAction.Run("clear")),
        new([(byte)'F'], "fit window to display", KeyAction.Run("fit")),
        new([(byte)'l', 0x0c], "redraw the display", KeyAction.Run("redisplay")),
        new([(byte)'x', 0x18], "lock ($LOCKPRG, vlock)", new KeyAction(KeyActionKind.Lock)),
        new([(byte)'z', 0x1a], "suspend mux", new KeyAction(KeyActionKind.Suspend)),
        new([(byte)','], "where the licence is", KeyAction.Run("license")),
        new([(byte)'.'], "dumptermcap (not needed)", KeyAction.Run("dumptermcap")),
        new([(byte)'S'], "split", KeyAction.Run("split"), Group: "regions"),
        new([(byte)'|'], "side by side", KeyAction.Run("split", "-v"), Group: "regions"),
        new([(byte)'\t'], "next", KeyAction.Run("focus"), Group: "regions"),
        new([(byte)'X'], "remove", KeyAction.Run("remove"), Group: "regions"),
        new([(byte)'Q'], "only", KeyAction.Run("only"), Group: "regions"),
    ];

    /// <summary>How a key byte is written in the help: ^X for controls, "space", the character otherwise.</summary>
    public static string KeyName(byte key) => key switch
    {
        0x7f => "^?",
        (byte)'\t' => "Tab",
        < 0x20 => "^" + (char)(key + 0x40),
        (byte)' ' => "space",
        _ => ((char)key).ToString(),
    };

    /// <summary>
    /// The help text, prefix key first: a group (the regions' keys) on a line of its own, then two bindings a line, so
    /// the whole list fits a 24-row, 80-column terminal.
    /// </summary>
    public static IReadOnlyList<string> HelpLines(byte prefix, byte literalPrefix)
    {
        string p = KeyName(prefix);
        var lines = new List<string>
        {
            $"Command key: {p}   Literal {p}: {p} {KeyName(literalPrefix)}",
            "",
        };
        var single = new List<string>();
        var grouped = new List<string>();
        for (int i = 0; i < Defaults.Count;)
        {
            var b = Defaults[i];
            int end = i + 1;
            while (b.Group != null && end < Defaults.Count && Defaults[end].Group == b.Group) end++;
            var keyNames = new List<string>();
            var descriptions = new List<string>();
            for (int g = i; g < end; g++)
            {
                foreach (byte k in Defaults[g].Keys) keyNames.Add(KeyName(k));
                descriptions.Add(Defaults[g].Description);
            }
            string keys = b.Keys.Length == 10 ? "0 … 9" : string.Join(" ", keyNames);
            if (b.Group is null) single.Add(Entry(p, keys, b.Description));
            else grouped.Add($"{p} {keys,-9} {b.Group}: {string.Join(", ", descriptions)}");
            i = end;
        }
        single.Add(Entry(p, p, "the window shown before"));
        single.Add(Entry(p, KeyName(literalPrefix), $"send a literal {p}"));
        lines.AddRange(grouped);
        for (int i = 0; i < single.Count; i += 2)
            lines.Add(i + 1 < single.Count ? $"{single[i],-38}  {single[i + 1]}".TrimEnd() : single[i]);
        return lines;
    }

    private static string Entry(string prefix, string keys, string text) => $"{prefix} {keys,-9} {text}";
}
