namespace Mux.Client.Keys;

/// <summary>
/// Splits the user's input into bytes for the program and prefix commands. Everything that is not the prefix
/// passes through byte for byte, at once: no key (Esc included) waits for a following one.
/// </summary>
/// <remarks>
/// The input is followed through the shapes terminals send (Alt+key, CSI and SS3 keys, X10 mouse reports,
/// OSC/DCS replies, bracketed paste) only to know where the prefix may be a key: inside a bracketed paste
/// (<c>ESC[200~ … ESC[201~</c>) it is text and goes through verbatim, and ESC followed by the prefix in one
/// read is Alt+prefix. A control byte inside a CSI or a string ends it (a terminal never sends one there), so
/// a stray <c>ESC [</c> can never swallow a later prefix. States that only a single write can produce
/// (a lone ESC, a mouse report's three bytes) end with the read.
/// </remarks>
internal sealed class PrefixKeyReader(byte prefix, byte literalPrefix, IReadOnlyDictionary<byte, string[]>? custom = null)
{
    private const byte Esc = 0x1b;
    private const byte Bel = 0x07;
    private static readonly byte[] PasteEnd = "\e[201~"u8.ToArray();

    private enum State { Ground, Escape, Csi, Ss3, String, StringEscape, Mouse, Paste }

    private State _state;
    private bool _afterPrefix;
    private bool _discarding;   // the key after the prefix was a sequence: drop the rest of it
    private int _utf8Left;      // continuation bytes of a UTF-8 key after the prefix, to drop
    private int _mouseLeft;
    private int _csiLength;     // bytes after ESC [ so far, to spot ESC[200~
    private int _csiStart;      // '2' '0' '0' matched
    private int _pasteMatch;    // how much of ESC[201~ the paste ended with so far

    public byte Prefix => prefix;

    /// <summary>True while inside a bracketed paste.</summary>
    public bool InPaste => _state == State.Paste;

    public void Read(ReadOnlySpan<byte> input, List<KeyAction> actions)
    {
        int start = 0; // first byte of the pending run for the program
        for (int i = 0; i < input.Length; i++)
        {
            byte b = input[i];
            if (_afterPrefix)
            {
                Flush(input, start, i, actions);
                start = i + 1;
                _afterPrefix = false;
                if (b == Esc && i + 1 < input.Length)
                {
                    // A function key or Alt+key after the prefix: unbound, drop the whole sequence.
                    _state = State.Escape;
                    _discarding = true;
                    continue;
                }
                if (b >= 0xc0) _utf8Left = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
                var action = Bind(b);
                if (action.Kind != KeyActionKind.None) actions.Add(action);
                continue;
            }
            if (_utf8Left > 0)
            {
                if (b is >= 0x80 and < 0xc0) { _utf8Left--; start = i + 1; continue; }
                _utf8Left = 0;
            }
            if (Step(b) == Step_Prefix)
            {
                Flush(input, start, i, actions);
                start = i + 1;
                _afterPrefix = true;
                _discarding = false;
            }
            else if (_discarding)
            {
                start = i + 1;
                if (_state == State.Ground) _discarding = false;
            }
        }
        Flush(input, start, input.Length, actions);
        // A lone ESC or a mouse report never spans two reads: the next read starts fresh.
        if (_state is State.Escape or State.Mouse) _state = State.Ground;
        if (_state == State.Ground) _discarding = false;
    }

    private const int Step_Pass = 0, Step_Prefix = 1;

    /// <summary>Advances the state over one byte; says whether the byte is the prefix key.</summary>
    private int Step(byte b)
    {
        switch (_state)
        {
            case State.Paste:
                _pasteMatch = b == PasteEnd[_pasteMatch] ? _pasteMatch + 1 : b == Esc ? 1 : 0;
                if (_pasteMatch == PasteEnd.Length) { _pasteMatch = 0; _state = State.Ground; }
                return Step_Pass;
            case State.Escape:
                switch (b)
                {
                    case (byte)'[': _state = State.Csi; _csiLength = 0; _csiStart = 0; return Step_Pass;
                    case (byte)'O': _state = State.Ss3; return Step_Pass;
                    case (byte)']' or (byte)'P' or (byte)'_' or (byte)'^' or (byte)'X': _state = State.String; return Step_Pass;
                    case Esc: return Step_Pass; // Alt+Esc, or Esc typed twice: still an escape
                    default: _state = State.Ground; return Step_Pass; // Alt+key, Alt+prefix included
                }
            case State.Csi:
                if (b is >= 0x20 and <= 0x3f)
                {
                    // Parameters and intermediates; remember whether they are "200".
                    if (_csiLength < 3 && b == "200"[_csiLength]) _csiStart++;
                    _csiLength++;
                    return Step_Pass;
                }
                if (b is >= 0x40 and <= 0x7e)
                {
                    if (b == (byte)'~' && _csiLength == 3 && _csiStart == 3) { _state = State.Paste; _pasteMatch = 0; }
                    else if (b == (byte)'M' && _csiLength == 0) { _state = State.Mouse; _mouseLeft = 3; }
                    else _state = State.Ground;
                    return Step_Pass;
                }
                _state = State.Ground;
                return Ground(b);
            case State.Ss3:
                _state = State.Ground;
                return b is >= 0x20 and <= 0x7e ? Step_Pass : Ground(b);
            case State.Mouse:
                if (--_mouseLeft == 0) _state = State.Ground;
                return Step_Pass;
            case State.String:
                if (b == Bel) { _state = State.Ground; return Step_Pass; }
                if (b == Esc) { _state = State.StringEscape; return Step_Pass; }
                if (b < 0x20) { _state = State.Ground; return Ground(b); }
                return Step_Pass;
            case State.StringEscape:
                if (b == (byte)'\\') { _state = State.Ground; return Step_Pass; }
                _state = State.Escape;
                return Step(b);
            default:
                return Ground(b);
        }
    }

    private int Ground(byte b)
    {
        if (b == prefix) return Step_Prefix;
        if (b == Esc) _state = State.Escape;
        return Step_Pass;
    }

    private static void Flush(ReadOnlySpan<byte> input, int start, int end, List<KeyAction> actions)
    {
        if (end > start) actions.Add(KeyAction.Send(input[start..end].ToArray()));
    }

    private KeyAction Bind(byte key)
    {
        if (key == prefix) return KeyAction.Run("other");
        if (key == literalPrefix) return KeyAction.Send([prefix]);
        if (custom != null && custom.TryGetValue(key, out var command))
            return command.Length == 0 ? default : KeyAction.Run(command);
        if (key is >= (byte)'0' and <= (byte)'9') return KeyAction.Run("select", ((char)key).ToString());
        foreach (var binding in KeyBindings.Defaults)
            if (binding.Keys.AsSpan().IndexOf(key) >= 0) return binding.Action;
        return default;
    }
}
