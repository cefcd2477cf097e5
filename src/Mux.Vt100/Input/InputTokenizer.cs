using System.Buffers;
using Mux.Vt100.Parsing;

namespace Mux.Vt100.Input;

/// <summary>
/// Splits what a terminal sends (the user's keys, mouse and paste, and the terminal's own replies) into
/// <see cref="InputToken"/>s, each with its exact bytes. Escape and control sequences are read by the same
/// <see cref="Parser"/> that reads program output (as Windows Terminal's input engine does); what input has and
/// output has not (SS3 keys, X10 mouse bytes, bracketed paste, strings ended by a control) is handled here.
/// </summary>
/// <remarks>
/// Partial sequences survive between <see cref="Feed"/> calls. A terminal writes a sequence in one go, so what
/// is still open when a read ends is decided by <see cref="EndOfRead"/>: a lone ESC is the Esc key and
/// <c>ESC x</c> is Alt+x (a person typed them), half an X10 mouse report is dropped as <see cref="InputKind.Unknown"/>;
/// longer sequences wait for the next read, or go out at once as <see cref="InputKind.Partial"/> when asked.
/// No clock: a caller that wants a timeout calls <see cref="EndOfRead"/> when its time is up.
/// Inside a sequence, a control or a byte outside ASCII ends it (a terminal never sends one there), so stray
/// bytes never swallow the keys that follow. Nothing is ever dropped: bytes that form no token come out as
/// <see cref="InputKind.Unknown"/>. Memory is bounded by <see cref="MaxPending"/>.
/// </remarks>
public sealed class InputTokenizer
{
    /// <summary>A sequence or string longer than this goes out as <see cref="InputKind.Unknown"/> in pieces.</summary>
    public const int MaxPending = Parser.MaxOscLength + 64;

    private static readonly SearchValues<byte> Controls = SearchValues.Create(ControlBytes());
    private static ReadOnlySpan<byte> PasteEndMarker => "\e[201~"u8;
    private const int PasteStartParameter = 200;

    private enum State : byte { Ground, Escape, Sequence, Ss3, String, StringEscape, X10Mouse, Paste }

    private readonly Parser _parser = new();
    private readonly Dispatch _dispatch = new();
    private readonly byte[] _pending = new byte[MaxPending];
    private int _pendingLength;
    private State _state;
    private int _x10Left;
    private readonly byte[] _x10 = new byte[3];
    private bool _continued;         // the open sequence's start went out as a Partial token
    private bool _sgrMouseOpen;      // the open sequence is an SGR mouse report (ESC [ <)
    private int _pasteMatch;
    private bool _pasteStarted;      // the next paste token is the first of its paste
    private byte[] _scratch = [];

    /// <summary>True while inside a bracketed paste.</summary>
    public bool InPaste => _state == State.Paste;

    /// <summary>True while a string (OSC, DCS, APC…: a terminal's answer) is open.</summary>
    public bool InString => _state is State.String or State.StringEscape;

    /// <summary>True when a sequence is open (its bytes held, or given out as <see cref="InputKind.Partial"/>).</summary>
    public bool HasPending => _state is not (State.Ground or State.Paste);

    /// <summary>How many bytes of the open sequence are held (not given out yet).</summary>
    public int PendingLength => _pendingLength;

    public void Feed(ReadOnlySpan<byte> data, IInputSink sink)
    {
        int i = 0;
        int seqStart = _pendingLength == 0 ? 0 : -1; // where the open sequence began in data, -1 if before it
        while (i < data.Length)
        {
            byte b = data[i];
            switch (_state)
            {
                case State.Ground:
                    if (b == C0.Esc)
                    {
                        seqStart = i;
                        BeginEscape();
                        i++;
                        continue;
                    }
                    if (b < 0x20 || b == C0.Del)
                    {
                        sink.Token(new InputToken { Kind = InputKind.Key, Raw = data.Slice(i, 1), Id = b });
                        i++;
                        continue;
                    }
                    int run = data[i..].IndexOfAny(Controls);
                    if (run < 0) run = data.Length - i;
                    sink.Token(new InputToken { Kind = InputKind.Text, Raw = data.Slice(i, run) });
                    i += run;
                    continue;

                case State.Paste:
                    i = PasteBody(data, i, seqStart, sink);
                    seqStart = i;
                    continue;
            }
            if (!Step(b, sink))
            {
                // b ended what was open without joining it: it starts afresh.
                seqStart = i;
                continue;
            }
            i++;
            if (_state == State.Paste) continue; // the start marker's bytes go with the paste's text
            if (_state == State.Ground) seqStart = i;
            else if (_pendingLength == MaxPending)
            {
                EmitPending(sink, InputKind.Unknown);
                seqStart = -1;
            }
        }
        if (_state == State.Paste) EmitPasteMarkerOnly(sink);
    }

    /// <summary>
    /// The read is over: a lone ESC becomes the Esc key, <c>ESC x</c> Alt+x, half an X10 mouse report
    /// <see cref="InputKind.Unknown"/>. Longer open sequences wait for more input, or, with
    /// <paramref name="giveOutPartial"/>, go out now as <see cref="InputKind.Partial"/> and stay open.
    /// </summary>
    public void EndOfRead(IInputSink sink, bool giveOutPartial = false)
    {
        switch (_state)
        {
            case State.Escape:
                EmitPending(sink, InputKind.Key, id: C0.Esc);
                Reset();
                return;
            case State.Sequence or State.Ss3 or State.String when _pendingLength == 2 && _pending[0] == C0.Esc:
                EmitPending(sink, InputKind.Key, id: _pending[1], alt: true);
                Reset();
                return;
            case State.X10Mouse:
                EmitPending(sink, InputKind.Unknown);
                Reset();
                return;
            case State.Ground or State.Paste:
                return;
        }
        // A mouse report is never a key: it waits for its end, so whoever routes it sees it whole.
        if (giveOutPartial && !_sgrMouseOpen && _pendingLength > 0) EmitPending(sink, InputKind.Partial);
    }

    /// <summary>Gives out whatever is open as <see cref="InputKind.Unknown"/> (or the Esc key) and starts afresh.</summary>
    public void Flush(IInputSink sink)
    {
        if (_state == State.Escape) EmitPending(sink, InputKind.Key, id: C0.Esc);
        else if (_pendingLength > 0) EmitPending(sink, InputKind.Unknown);
        if (_state != State.Paste) Reset();
    }

    private void BeginEscape()
    {
        _parser.Reset();
        _pendingLength = 0;
        Append(C0.Esc);
        _parser.Advance(_dispatch, [C0.Esc]);
        _state = State.Escape;
    }

    private void Reset()
    {
        _parser.Reset();
        _pendingLength = 0;
        _state = State.Ground;
        _sgrMouseOpen = false;
        _continued = false;
    }

    private void Append(byte b) => _pending[_pendingLength++] = b;

    /// <summary>One byte of an open sequence; false when it does not belong to it (the sequence was closed without it).</summary>
    private bool Step(byte b, IInputSink sink)
    {
        switch (_state)
        {
            case State.Escape:
                if (b == C0.Esc || b >= 0x80)
                {
                    // Esc typed twice, or Esc then text: the first is the Esc key.
                    EmitPending(sink, InputKind.Key, id: C0.Esc);
                    Reset();
                    return false;
                }
                if (b < 0x20 || b == C0.Del)
                {
                    Append(b);
                    EmitPending(sink, InputKind.Key, id: b, alt: true);
                    Reset();
                    return true;
                }
                if (b is (byte)']' or (byte)'P' or (byte)'X' or (byte)'^' or (byte)'_')
                {
                    Append(b);
                    _state = State.String;
                    return true;
                }
                Append(b);
                return Parse(b, sink);

            case State.Sequence:
                if (b < 0x20 || b >= C0.Del)
                {
                    EmitPending(sink, InputKind.Unknown);
                    Reset();
                    return false;
                }
                if (b == (byte)'<' && _pendingLength == 2 && _pending[1] == (byte)'[') _sgrMouseOpen = true;
                Append(b);
                return Parse(b, sink);

            case State.Ss3:
                if (b is < 0x20 or > 0x7e)
                {
                    // ESC O then a control: Alt+O, and the control is a key of its own.
                    EmitPending(sink, InputKind.Key, id: 'O', alt: true);
                    Reset();
                    return false;
                }
                Append(b);
                EmitPending(sink, InputKind.Key, id: SequenceId.Make((char)b), ss3: true);
                Reset();
                return true;

            case State.String:
                if (b == C0.Bel)
                {
                    Append(b);
                    EmitPending(sink, InputKind.Reply);
                    Reset();
                    return true;
                }
                if (b == C0.Esc) { Append(b); _state = State.StringEscape; return true; }
                if (b < 0x20)
                {
                    EmitPending(sink, InputKind.Unknown);
                    Reset();
                    return false;
                }
                Append(b);
                return true;

            case State.StringEscape:
                if (b == (byte)'\\')
                {
                    Append(b);
                    EmitPending(sink, InputKind.Reply);
                    Reset();
                    return true;
                }
                // The string ended without ST; the ESC starts something new.
                bool escHeld = _pendingLength > 0;
                if (escHeld)
                {
                    _pendingLength--;
                    if (_pendingLength > 0) EmitPending(sink, InputKind.Unknown);
                    Append(C0.Esc);
                }
                _parser.Reset();
                _parser.Advance(_dispatch, [C0.Esc]);
                _state = State.Escape;
                return false;

            case State.X10Mouse:
                Append(b);
                _x10[3 - _x10Left] = b;
                if (--_x10Left == 0)
                {
                    int code = _x10[0] - 32, x = _x10[1] - 33, y = _x10[2] - 33;
                    if (code < 0 || x < 0 || y < 0) EmitPending(sink, InputKind.Unknown);
                    else
                    {
                        var mouse = new MouseEvent(code, x, y, (code & 3) == 3 && (code & (MouseEvent.Motion | MouseEvent.Wheel)) == 0);
                        EmitPending(sink, InputKind.Mouse, id: SequenceId.Make('M'), mouse: mouse);
                    }
                    Reset();
                }
                return true;
        }
        return true;
    }

    /// <summary>Gives the parser the byte just appended and acts on what it recognised.</summary>
    private bool Parse(byte b, IInputSink sink)
    {
        _dispatch.Clear();
        _parser.Advance(_dispatch, [b]);
        _state = State.Sequence;
        switch (_dispatch.Kind)
        {
            case Dispatch.Esc:
                if (_dispatch.Id == 'O') { _state = State.Ss3; return true; }
                EmitPending(sink, InputKind.Key, id: SequenceId.Final(_dispatch.Id), alt: true);
                Reset();
                return true;
            case Dispatch.Csi:
                Csi(_dispatch.Id, _dispatch.Params!, sink);
                return true;
        }
        if (_parser.IsGround)
        {
            // A sequence the parser dropped (too many intermediates, a marker out of place).
            EmitPending(sink, InputKind.Unknown);
            Reset();
        }
        return true;
    }

    private void Csi(int id, Params p, IInputSink sink)
    {
        char final = SequenceId.Final(id), marker = SequenceId.Marker(id), intermediate = SequenceId.Intermediate(id);
        if (id == SequenceId.Make('M') && p.Count == 0)
        {
            // X10 / normal mouse: three raw bytes follow.
            _state = State.X10Mouse;
            _x10Left = 3;
            return;
        }
        if (id == SequenceId.Make('~') && p.Count == 1 && p[0] == PasteStartParameter)
        {
            _state = State.Paste;
            _pasteStarted = true;
            _pasteMatch = 0;
            return;
        }
        var kind = InputKind.Key;
        MouseEvent mouse = default;
        bool focusIn = false;
        if (marker == '<' && intermediate == 0 && final is 'M' or 'm' && p.Count == 3)
        {
            kind = InputKind.Mouse;
            mouse = new MouseEvent(p[0], Math.Max(0, p[1] - 1), Math.Max(0, p[2] - 1), final == 'm');
        }
        else if (marker == 0 && intermediate == 0 && final == 'M' && p.Count == 3 && p[0] >= 32)
        {
            kind = InputKind.Mouse;
            int code = p[0] - 32;
            mouse = new MouseEvent(code, Math.Max(0, p[1] - 1), Math.Max(0, p[2] - 1), (code & 3) == 3 && (code & (MouseEvent.Motion | MouseEvent.Wheel)) == 0);
        }
        else if (marker == 0 && intermediate == 0 && final is 'I' or 'O' && p.Count == 0)
        {
            kind = InputKind.Focus;
            focusIn = final == 'I';
        }
        else if (IsReply(final, marker, intermediate)) kind = InputKind.Reply;
        EmitPending(sink, kind, id, parameters: p, mouse: mouse, focusIn: focusIn);
        Reset();
    }

    /// <summary>The final bytes of a terminal's answers; a terminal sends no key that ends so.</summary>
    private static bool IsReply(char final, char marker, char intermediate) => final switch
    {
        'c' => true,                               // DA1 (?), DA2 (>), DA3
        'n' or 'R' => true,                        // DSR, CPR
        't' => true,                               // window reports
        'y' => intermediate == '$',                // DECRPM
        'u' => marker == '?',                      // kitty keyboard flags
        _ => false,
    };

    /// <summary>Text of a bracketed paste from <paramref name="i"/>, up to and with its end marker or the end of data.</summary>
    private int PasteBody(ReadOnlySpan<byte> data, int i, int seqStart, IInputSink sink)
    {
        int j = i;
        bool ended = false;
        while (j < data.Length)
        {
            if (_pasteMatch == 0)
            {
                int esc = data[j..].IndexOf(C0.Esc);
                if (esc < 0) { j = data.Length; break; }
                j += esc;
            }
            byte b = data[j++];
            _pasteMatch = b == PasteEndMarker[_pasteMatch] ? _pasteMatch + 1 : b == C0.Esc ? 1 : 0;
            if (_pasteMatch == PasteEndMarker.Length) { ended = true; break; }
        }
        ReadOnlySpan<byte> raw;
        if (_pendingLength == 0) raw = data[i..j];
        else if (seqStart >= 0 && i - seqStart == _pendingLength) raw = data[seqStart..j];
        else
        {
            // The start marker came in an earlier feed: join it to this text.
            int length = _pendingLength + (j - i);
            if (_scratch.Length < length) _scratch = new byte[Math.Max(length, 2 * _scratch.Length)];
            _pending.AsSpan(0, _pendingLength).CopyTo(_scratch);
            data[i..j].CopyTo(_scratch.AsSpan(_pendingLength));
            raw = _scratch.AsSpan(0, length);
        }
        _pendingLength = 0;
        sink.Token(new InputToken { Kind = InputKind.Paste, Raw = raw, PasteStart = _pasteStarted, PasteEnd = ended });
        _pasteStarted = false;
        if (ended)
        {
            _pasteMatch = 0;
            Reset();
        }
        return j;
    }

    /// <summary>A paste whose start marker ended the feed: the marker goes out now, the text follows.</summary>
    private void EmitPasteMarkerOnly(IInputSink sink)
    {
        if (_pendingLength == 0) return;
        sink.Token(new InputToken { Kind = InputKind.Paste, Raw = _pending.AsSpan(0, _pendingLength), PasteStart = _pasteStarted });
        _pasteStarted = false;
        _pendingLength = 0;
    }

    private void EmitPending(IInputSink sink, InputKind kind, int id = 0, bool alt = false, bool ss3 = false,
        Params? parameters = null, MouseEvent mouse = default, bool focusIn = false)
    {
        if (_pendingLength == 0 && kind is InputKind.Unknown or InputKind.Partial) return;
        sink.Token(new InputToken
        {
            Kind = kind, Raw = _pending.AsSpan(0, _pendingLength), Id = id, Alt = alt, Ss3 = ss3,
            Parameters = parameters, Mouse = mouse, FocusIn = focusIn, Continued = _continued,
        });
        _pendingLength = 0;
        _continued = kind == InputKind.Partial;
    }

    private static byte[] ControlBytes()
    {
        var bytes = new byte[0x21];
        for (int b = 0; b < 0x20; b++) bytes[b] = (byte)b;
        bytes[0x20] = C0.Del;
        return bytes;
    }

    /// <summary>Records what the parser recognised for the byte just given to it.</summary>
    private sealed class Dispatch : IParserHandler
    {
        public const int None = 0, Esc = 1, Csi = 2;
        public int Kind;
        public int Id;
        public Params? Params;

        public void Clear() => Kind = None;

        public void EscDispatch(int id) { Kind = Esc; Id = id; }
        public void CsiDispatch(int id, Params parameters) { Kind = Csi; Id = id; Params = parameters; }

        // Text, controls and strings never reach the parser: the tokenizer reads them itself.
        public void PrintAscii(ReadOnlySpan<byte> run) { }
        public void Print(int codePoint) { }
        public void Execute(byte control) { }
        public void OscDispatch(ReadOnlySpan<byte> data, bool bellTerminated) { }
        public void DcsHook(int id, Params parameters) { }
        public void DcsPut(byte b) { }
        public void DcsUnhook() { }
    }
}
