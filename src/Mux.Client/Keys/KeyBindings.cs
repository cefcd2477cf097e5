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
        new([(byte)'S'], "split the region in two, one above the other", KeyAction.Run("split")),
        new([(byte)'|'], "split the region in two, side by side", KeyAction.Run("split", "-v")),
        new([(byte)'\t'], "move the focus to the next region", KeyAction.Run("focus")),
        new([(byte)'X'], "remove the focused region", KeyAction.Run("remove")),
        new([(byte)'Q'], "keep only the focused region", KeyAction.Run("only")),
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
