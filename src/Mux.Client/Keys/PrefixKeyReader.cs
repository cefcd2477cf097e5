using System.Text;
using Mux.Client.Attach;
using Mux.Vt100;
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
/// Keys in an extended encoding (kitty's <c>CSI … u</c>, xterm's <c>CSI 27 ; m ; code ~</c>) are the prefix or a
/// bound key when their legacy byte is (<c>ESC[97;5u</c> is Ctrl+A), pass byte for byte when the window asked for
/// that encoding, and are written again in the window's own encoding otherwise (<see cref="KeyEncoder.ForWindow"/>);
/// one with no form the window reads, or a garbled <c>CSI … u</c>, is dropped and the user told. The start of such
/// a key cut by the end of a read is held until its end decides. Focus reports (<c>CSI I</c>, <c>CSI O</c>) go
/// through the server, which passes them only to a window that reads them.
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
    private readonly List<byte> _held = [];   // the start of a CSI key cut by the end of a read, until its end decides

    public byte Prefix => prefix;

    /// <summary>The key encoding the shown window reads (the server says so).</summary>
    public Func<KeyEncoding> WindowKeys { get; init; } = () => KeyEncoding.Legacy;

    /// <summary>At most one note about dropped keys in this long: a flood of them must not flood the message line.</summary>
    private const long TellDroppedEveryMs = 5000;
    private long? _toldDroppedAt;

    /// <summary>True while inside a bracketed paste.</summary>
    public bool InPaste => _tokenizer.InPaste;

    /// <summary>
    /// While the client awaits its terminal's answers: a string (an answer) cut by the end of a read waits for its
    /// rest instead of going to the program in pieces.
    /// </summary>
    public bool AwaitingAnswers { get; set; }

    /// <param name="input">One read of the user's terminal.</param>
    /// <param name="actions">Where what the keys ask for is added.</param>
    /// <param name="moreComing">Asked when the read ends inside a sequence that did not come whole in it (a flood
    /// or a slow link cut it): true when the rest is on its way, so the sequence waits for the next read instead of
    /// being decided now (where <c>ESC [</c> alone would be Alt+[ and the rest text). A sequence that is the whole
    /// read (Esc, Alt+key typed) is decided at once.</param>
    public void Read(ReadOnlySpan<byte> input, List<KeyAction> actions, Func<bool>? moreComing = null)
    {
        _actions = actions;
        bool continuing = _tokenizer.HasPending;
        _tokenizer.Feed(input, this);
        if (AwaitingAnswers && _tokenizer.InString)
        {
            _tokenizer.EndOfRead(this, giveOutPartial: false);
        }
        else
        {
            bool cut = _tokenizer.HasPending && (continuing || _tokenizer.PendingLength < input.Length);
            if (!cut || moreComing?.Invoke() != true) _tokenizer.EndOfRead(this, giveOutPartial: true);
        }
        Flush();
    }

    void IInputSink.Token(InputToken token)
    {
        var raw = token.Raw;
        if (_held.Count > 0)
        {
            if (token.Kind == InputKind.Partial && token.Continued)
            {
                _held.AddRange(raw);   // still not its end
                return;
            }
            byte[] held = [.. _held];
            _held.Clear();
            if (token.Continued && token.Kind == InputKind.Key)
            {
                // The end of a key whose start was held: decided on whole, as if it had come in one read.
                byte[] whole = [.. held, .. raw];
                if (ExtendedKey.TryRead(token, out var cut))
                {
                    if (_afterPrefix) AfterPrefix(cut);
                    else Extended(cut, whole);
                }
                else if (_afterPrefix) _afterPrefix = false;   // a function key after the prefix: unbound
                else if (ExtendedKey.IsKittyToken(token)) Dropped(whole);
                else Pass(whole, viaServer: false);
                return;
            }
            // It broke off (or a paste began): its bytes go on as they came.
            if (!_afterPrefix) Pass(held, viaServer: true);
        }
        if (token.Kind == InputKind.Focus)
        {
            // The terminal's own report, not a key: it does not end the prefix, and it goes through the server, which
            // alone knows whether the window shown now asked for it (the terminal may still report for the window
            // shown before, or already for the one the client has not heard of yet).
            Pass(raw, viaServer: true);
            return;
        }
        if (_discarding)
        {
            // The rest of a sequence (or paste) typed after the prefix.
            if (token.Kind != InputKind.Partial && (token.Kind != InputKind.Paste || token.PasteEnd)) _discarding = false;
            return;
        }
        if (token.Kind == InputKind.Reply && !token.Continued && (ColorReport.IsColorReport(raw) || OuterTerminal.IsKittyKeysAnswer(raw)))
        {
            // The terminal answering the client's queries (colours, kitty keyboard flags): for the client, never keys,
            // even after the prefix.
            Flush();
            _actions.Add(new KeyAction(KeyActionKind.TerminalAnswer, raw.ToArray()));
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

        if (_afterPrefix && token.Kind == InputKind.Key && !token.Continued && ExtendedKey.TryRead(token, out var next))
        {
            AfterPrefix(next);
            return;
        }
        if (_afterPrefix && token.Kind == InputKind.Partial && !token.Continued && MayBeExtendedKey(raw))
        {
            _held.AddRange(raw);
            return;
        }
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
            case InputKind.Key when !token.Continued && ExtendedKey.TryRead(token, out var key):
                Extended(key, raw);
                return;
            case InputKind.Key when !token.Continued && ExtendedKey.IsKittyToken(token):
                Dropped(raw);   // a CSI … u that is no key: garbage to any program
                return;
            case InputKind.Partial when !token.Continued && MayBeExtendedKey(raw):
                // Only its end tells whether the window reads it as it is (a terminal writes a key in one go, so
                // only a flood cuts one).
                _held.AddRange(raw);
                return;
            case InputKind.Mouse or InputKind.Partial or InputKind.Unknown:
                Pass(raw, viaServer: true);
                return;
            default:
                Pass(raw, viaServer: false);
                return;
        }
    }

    /// <summary>The start of a CSI sequence with only numeric parameters so far: it may end as an extended key.</summary>
    private static bool MayBeExtendedKey(ReadOnlySpan<byte> raw)
    {
        if (raw.Length < 2 || raw[0] != 0x1b || raw[1] != (byte)'[') return false;
        foreach (byte b in raw[2..])
            if (b is not ((>= (byte)'0' and <= (byte)'9') or (byte)';' or (byte)':')) return false;
        return true;
    }

    /// <summary>An extended key: the prefix, or a key for the window in the form it reads.</summary>
    private void Extended(ExtendedKey key, ReadOnlySpan<byte> raw)
    {
        if (KeyEncoder.Legacy(key with { Event = 1 }) is [var b] && b == prefix)
        {
            if (key.IsRelease) return;   // the prefix's own release goes nowhere
            Flush();
            _afterPrefix = true;
            return;
        }
        var window = WindowKeys();
        bool asked = key.Form == ExtendedKeyForm.Kitty
            ? window.Kitty != KittyKeyFlags.None && (key.Event == 1 || (window.Kitty & KittyKeyFlags.ReportEventTypes) != 0)
            : window.Kitty == KittyKeyFlags.None && window.ModifyOtherKeys > 0;
        if (asked)
        {
            Pass(raw, viaServer: false);
            return;
        }
        if (KeyEncoder.ForWindow(key, window) is { } bytes) Pass(bytes, viaServer: false);
        else if (!key.IsModifierKey) Dropped(raw);
    }

    /// <summary>
    /// The key after the prefix, in an extended encoding: bound by its legacy byte. A release or a modifier on its
    /// own is not that key (it waits); one with no single legacy byte is unbound and dropped, as a function key is.
    /// </summary>
    private void AfterPrefix(ExtendedKey key)
    {
        if (key.IsRelease || key.IsModifierKey) return;
        _afterPrefix = false;
        if (KeyEncoder.Legacy(key) is [var b]) Bind(b);
    }

    /// <summary>A key no form of which the window reads: dropped, and the user told (at most every few seconds).</summary>
    private void Dropped(ReadOnlySpan<byte> raw)
    {
        long now = Environment.TickCount64;
        if (_toldDroppedAt is { } told && now - told < TellDroppedEveryMs) return;
        _toldDroppedAt = now;
        Flush();
        var shown = new StringBuilder();
        foreach (byte b in raw)
            shown.Append(b == 0x1b ? "ESC" : b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}");
        _actions.Add(KeyAction.Run("echo", $"Dropped a key the window cannot read: {shown}"));
    }

    /// <summary>The prefix key itself for the window (the literal prefix key), in the window's key encoding.</summary>
    private byte[] LiteralPrefix()
    {
        var window = WindowKeys();
        if (prefix is < 1 or > 26 || (window.Kitty == KittyKeyFlags.None && window.ModifyOtherKeys < 2)) return [prefix];
        var key = new ExtendedKey('a' + prefix - 1, ExtendedKey.Ctrl, 1, ExtendedKeyForm.Kitty);
        return KeyEncoder.ForWindow(key, window) ?? [prefix];
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
        if (key == literalPrefix) return KeyAction.Send(LiteralPrefix());
        if (custom != null && custom.TryGetValue(key, out var command))
            return command.Length == 0 ? default : KeyAction.Run(command);
        if (key is >= (byte)'0' and <= (byte)'9') return KeyAction.Run("select", ((char)key).ToString());
        foreach (var binding in KeyBindings.Defaults)
            if (binding.Keys.AsSpan().IndexOf(key) >= 0) return binding.Action;
        return default;
    }
}
