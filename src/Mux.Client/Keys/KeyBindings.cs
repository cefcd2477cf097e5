namespace Mux.Client.Keys;

/// <summary>One key after the prefix and what it does, as the help overlay lists it.</summary>
/// <summary>A default key binding; bindings of one <paramref name="Group"/> share a line of the help.</summary>
internal readonly record struct KeyBinding(byte[] Keys, string Description, KeyAction Action, string? Group = null);

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

    /// <summary>The help text: one line per binding, prefix key first.</summary>
    public static IReadOnlyList<string> HelpLines(byte prefix, byte literalPrefix)
    {
        string p = KeyName(prefix);
        var lines = new List<string>
        {
            $"Command key: {p}   Literal {p}: {p} {KeyName(literalPrefix)}",
            "",
        };
        // One line per binding, or per group (the regions' keys), so the list fits a 24-row terminal.
        for (int i = 0; i < Defaults.Count;)
        {
            var b = Defaults[i];
            int end = i + 1;
            while (b.Group != null && end < Defaults.Count && Defaults[end].Group == b.Group) end++;
            var group = Defaults.Skip(i).Take(end - i).ToList();
            string keys = b.Keys.Length == 10 ? "0 … 9" : string.Join(" ", group.SelectMany(g => g.Keys).Select(KeyName));
            string text = b.Group is null ? b.Description : $"{b.Group}: {string.Join(", ", group.Select(g => g.Description))}";
            lines.Add($"{p} {keys,-12} {text}");
            i = end;
        }
        lines.Add($"{p} {p,-12} switch to the previous window shown (other)");
        lines.Add($"{p} {KeyName(literalPrefix),-12} send a literal {p} to the window");
        return lines;
    }
}
