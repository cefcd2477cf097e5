using Mux.Vt100.Parsing;

namespace Mux.Vt100.Input;

/// <summary>What a run of the user's input (or of the terminal's replies mixed into it) is.</summary>
public enum InputKind : byte
{
    /// <summary>Printable text: ASCII and UTF-8, no controls.</summary>
    Text,

    /// <summary>
    /// One key: a C0 control or DEL, ESC alone, ESC + key (Alt), a cursor or function key in CSI or SS3 form
    /// (modifiers in its parameters), a <c>CSI … u</c> key.
    /// </summary>
    Key,

    /// <summary>A mouse report (SGR 1006, urxvt 1015 or X10/normal <c>CSI M</c>), decoded in <see cref="InputToken.Mouse"/>.</summary>
    Mouse,

    /// <summary>
    /// Bracketed paste (<c>CSI 200~ … CSI 201~</c>) with its markers. A paste longer than one feed comes in pieces:
    /// <see cref="InputToken.PasteStart"/> on the first, <see cref="InputToken.PasteEnd"/> on the last.
    /// </summary>
    Paste,

    /// <summary>Focus in (<c>CSI I</c>) or out (<c>CSI O</c>), mode 1004.</summary>
    Focus,

    /// <summary>A terminal's answer to a query: DA1/DA2, DSR/CPR, DECRPM, window reports, kitty flags, OSC/DCS/APC strings.</summary>
    Reply,

    /// <summary>Bytes that form no token (a broken sequence, a string cut by a control): kept so nothing is lost.</summary>
    Unknown,

    /// <summary>
    /// The start of a sequence cut by the end of a read, given out at once (<see cref="InputTokenizer.EndOfRead"/>);
    /// the token that completes it carries only the rest of its bytes.
    /// </summary>
    Partial,
}

/// <summary>
/// One token of input. <see cref="Raw"/> holds its exact bytes, so a caller that does not want a token forwards it
/// byte for byte; everything is only valid during the call that receives it.
/// </summary>
public readonly ref struct InputToken
{
    public InputKind Kind { get; init; }

    /// <summary>The bytes as they came; the concatenation of every token's bytes is the input.</summary>
    public ReadOnlySpan<byte> Raw { get; init; }

    /// <summary>
    /// For a CSI key, a mouse report, a focus event or a CSI reply: the sequence's <see cref="SequenceId"/>.
    /// For an SS3 key: <see cref="SequenceId.Make"/> of its final, with <see cref="Ss3"/> set. For an Alt key
    /// (<c>ESC x</c>): the key's byte, with <see cref="Alt"/> set. For a control: the control.
    /// </summary>
    public int Id { get; init; }

    /// <summary>The parameters of a CSI key or reply; null otherwise.</summary>
    public Params? Parameters { get; init; }

    public MouseEvent Mouse { get; init; }

    public bool Alt { get; init; }
    public bool Ss3 { get; init; }
    public bool PasteStart { get; init; }
    public bool PasteEnd { get; init; }
    public bool FocusIn { get; init; }

    /// <summary>The token ends a sequence whose start went out as <see cref="InputKind.Partial"/>: <see cref="Raw"/> is only its rest.</summary>
    public bool Continued { get; init; }

    /// <summary>True for a key sent as an escape sequence (CSI or SS3), not a byte or Alt+byte.</summary>
    public bool IsSequenceKey => Kind == InputKind.Key && !Alt && Raw.Length > 1 && !IsLoneEscape;

    /// <summary>The Esc key alone.</summary>
    public bool IsLoneEscape => Kind == InputKind.Key && Raw.Length == 1 && Raw[0] == C0.Esc && !Alt;

    /// <summary>The parameter at <paramref name="index"/>, 0 when missing.</summary>
    public int Parameter(int index) => Parameters?.GetRaw(index) ?? 0;

    /// <summary>How many parameters the sequence had.</summary>
    public int ParameterCount => Parameters?.Count ?? 0;
}

/// <summary>Receives the tokens of <see cref="InputTokenizer.Feed"/>, in order.</summary>
public interface IInputSink
{
    void Token(InputToken token);
}
