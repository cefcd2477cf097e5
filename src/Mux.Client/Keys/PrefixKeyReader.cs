using Mux.Vt100.Input;
using Mux.Vt100.Screen;

namespace Mux.Client.Keys;

/// <summary>
/// Splits the user's input into bytes for the program and prefix commands. Everything that is not the prefix
/// passes through byte for byte, at once: no key (Esc included) waits for a following one.
/// </summary>
/// <remarks>
/// The input is read by <see cref="InputTokenizer"/>; this class only decides where the prefix is a key. Inside
/// a bracketed paste, a mouse report or a terminal reply it is not: they pass through whole. ESC followed by the
/// prefix in one read is Alt+prefix. A sequence cut by the end of a read goes out at once (the tokenizer still
/// follows it), except a mouse report, which the server wants whole.
/// </remarks>
internal sealed class PrefixKeyReader(byte prefix, byte literalPrefix, IReadOnlyDictionary<byte, string[]>? custom = null)
    : IInputSink
{
    private readonly InputTokenizer _tokenizer = new();
    private readonly List<byte> _run = [];   // bytes for the program not yet in an action
    private bool _runViaServer;              // the run holds a mouse report or a piece of a sequence
    private List<KeyAction> _actions = [];
    private bool _afterPrefix;
    private bool _discarding;   // the key after the prefix was a sequence: drop the rest of it
    private int _utf8Left;      // continuation bytes of a UTF-8 key after the prefix, to drop

    public byte Prefix => prefix;

    /// <summary>True while inside a bracketed paste.</summary>
    public bool InPaste => _tokenizer.InPaste;

    /// <summary>
    /// While the client awaits its terminal's answers: a string (an answer) cut by the end of a read waits for its
    /// rest instead of going to the program in pieces.
    /// </summary>
    public bool AwaitingAnswers { get; set; }

    public void Read(ReadOnlySpan<byte> input, List<KeyAction> actions)
    {
        _actions = actions;
        _tokenizer.Feed(input, this);
        _tokenizer.EndOfRead(this, giveOutPartial: !(AwaitingAnswers && _tokenizer.InString));
        Flush();
    }

    void IInputSink.Token(InputToken token)
    {
        var raw = token.Raw;
        if (_discarding)
        {
            // The rest of a sequence (or paste) typed after the prefix.
            if (token.Kind != InputKind.Partial && (token.Kind != InputKind.Paste || token.PasteEnd)) _discarding = false;
            return;
        }
        if (token.Kind == InputKind.Reply && !token.Continued && ColorReport.IsColorReport(raw))
        {
            // The terminal answering the client's colour queries: for the client, never keys, even after the prefix.
            Flush();
            _actions.Add(new KeyAction(KeyActionKind.ColorAnswer, raw.ToArray()));
            return;
        }
        if (_utf8Left > 0 && token.Kind == InputKind.Text)
        {
            int skip = 0;
            while (skip < raw.Length && skip < _utf8Left && raw[skip] is >= 0x80 and < 0xc0) skip++;
            _utf8Left = skip < raw.Length ? 0 : _utf8Left - skip;
            raw = raw[skip..];
            if (raw.IsEmpty) return;
        }
        else _utf8Left = 0;

        if (_afterPrefix)
        {
            _afterPrefix = false;
            if (token.Kind == InputKind.Text)
            {
                byte b = raw[0];
                if (b >= 0xc0) _utf8Left = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
                Bind(b);
                // The rest of the text (a key's UTF-8 continuation dropped) goes on as usual.
                int rest = 1;
                while (rest < raw.Length && _utf8Left > 0 && raw[rest] is >= 0x80 and < 0xc0) { rest++; _utf8Left--; }
                if (rest < raw.Length) Text(raw[rest..]);
                return;
            }
            if (token.Kind == InputKind.Key && raw.Length == 1 && !token.Continued)
            {
                Bind(raw[0]);   // a control, Esc alone included
                return;
            }
            // A function key, Alt+key or anything longer after the prefix: unbound, drop the whole of it.
            _discarding = token.Kind == InputKind.Partial || (token.Kind == InputKind.Paste && !token.PasteEnd);
            return;
        }

        switch (token.Kind)
        {
            case InputKind.Text:
                Text(raw);
                return;
            case InputKind.Key when raw.Length == 1 && raw[0] == prefix && !token.Continued:
                Flush();
                _afterPrefix = true;
                return;
            case InputKind.Mouse or InputKind.Partial or InputKind.Unknown:
                Pass(raw, viaServer: true);
                return;
            default:
                Pass(raw, viaServer: false);
                return;
        }
    }

    /// <summary>Text for the program, unless a printable prefix (<c>-e '`a'</c>) is in it.</summary>
    private void Text(ReadOnlySpan<byte> text)
    {
        while (!text.IsEmpty)
        {
            int at = text.IndexOf(prefix);
            if (at < 0)
            {
                Pass(text, viaServer: false);
                return;
            }
            Pass(text[..at], viaServer: false);
            Flush();
            var after = text[(at + 1)..];
            if (after.IsEmpty)
            {
                _afterPrefix = true;
                return;
            }
            byte b = after[0];
            int next = 1;
            if (b >= 0xc0)
            {
                int left = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
                while (next < after.Length && left > 0 && after[next] is >= 0x80 and < 0xc0) { next++; left--; }
                _utf8Left = left;
            }
            Bind(b);
            text = after[next..];
        }
    }

    private void Pass(ReadOnlySpan<byte> bytes, bool viaServer)
    {
        if (bytes.IsEmpty) return;
        _run.AddRange(bytes);
        _runViaServer |= viaServer;
    }

    private void Flush()
    {
        if (_run.Count == 0) return;
        _actions.Add(KeyAction.Send([.. _run], _runViaServer));
        _run.Clear();
        _runViaServer = false;
    }

    private void Bind(byte key)
    {
        var action = BoundAction(key);
        if (action.Kind != KeyActionKind.None) _actions.Add(action);
    }

    private KeyAction BoundAction(byte key)
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
