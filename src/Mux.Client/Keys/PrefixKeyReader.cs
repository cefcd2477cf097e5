namespace Mux.Client.Keys;

/// <summary>
/// Splits the user's input into bytes for the program and prefix commands. Everything that is not the prefix
/// passes through byte for byte, at once: no key (Esc included) waits for a following one.
/// </summary>
internal sealed class PrefixKeyReader(byte prefix, byte literalPrefix)
{
    private bool _afterPrefix;

    public byte Prefix => prefix;

    public void Read(ReadOnlySpan<byte> input, List<KeyAction> actions)
    {
        while (!input.IsEmpty)
        {
            if (_afterPrefix)
            {
                _afterPrefix = false;
                var action = Bind(input[0]);
                if (action.Kind != KeyActionKind.None) actions.Add(action);
                input = input[1..];
                continue;
            }
            int p = input.IndexOf(prefix);
            if (p < 0)
            {
                actions.Add(KeyAction.Send(input.ToArray()));
                return;
            }
            if (p > 0) actions.Add(KeyAction.Send(input[..p].ToArray()));
            _afterPrefix = true;
            input = input[(p + 1)..];
        }
    }

    /// <summary>screen's default bindings.</summary>
    private KeyAction Bind(byte key)
    {
        if (key == prefix) return KeyAction.Run("other");
        if (key == literalPrefix) return KeyAction.Send([prefix]);
        return key switch
        {
            (byte)'d' or 0x04 => new KeyAction(KeyActionKind.Detach),
            (byte)'c' or 0x03 => KeyAction.Run("screen"),
            (byte)'n' or 0x0e or (byte)' ' => KeyAction.Run("next"),
            (byte)'p' or 0x10 or 0x08 or 0x7f => KeyAction.Run("prev"),
            >= (byte)'0' and <= (byte)'9' => KeyAction.Run("select", ((char)key).ToString()),
            (byte)'k' or 0x0b => new KeyAction(KeyActionKind.ConfirmKill),
            (byte)'w' or 0x17 => KeyAction.Run("windows"),
            (byte)'H' => KeyAction.Run("log"),
            (byte)'A' => new KeyAction(KeyActionKind.Rename),
            (byte)'?' => new KeyAction(KeyActionKind.Help),
            (byte)'"' => new KeyAction(KeyActionKind.Chooser),
            _ => default,
        };
    }
}
