namespace Mux.Vt100.Parsing;

/// <summary>
/// A byte-stream parser for DEC/ECMA-48 escape sequences after Paul Williams' DEC ANSI parser
/// (vt100.net/emu/dec_ansi_parser), with UTF-8 decoding in the ground state.
/// State (a partial sequence, a partial UTF-8 character) survives between <see cref="Advance"/> calls,
/// so input may be split anywhere. Nothing is allocated per byte.
/// C1 controls are recognised as the code points U+0080..U+009F (their UTF-8 form); a raw byte
/// 0x80..0x9F is malformed UTF-8 and prints as U+FFFD.
/// </summary>
public sealed class Parser
{
    /// <summary>OSC strings longer than this are truncated so hostile input cannot grow memory.</summary>
    public const int MaxOscLength = 4096;

    /// <summary>An OSC 52 clipboard string may grow to this (1 MB of text in base64, and its header).</summary>
    public const int MaxClipboardOscLength = (1 << 20) / 3 * 4 + 64;

    private const int MaxIntermediates = 2;
    private const int ReplacementCharacter = 0xFFFD;

    private enum State : byte
    {
        Ground,
        Escape,
        EscapeIntermediate,
        CsiEntry,
        CsiParam,
        CsiIntermediate,
        CsiIgnore,
        DcsEntry,
        DcsParam,
        DcsIntermediate,
        DcsPassthrough,
        DcsIgnore,
        OscString,
        SosPmApcString,
    }

    private State _state;
    private readonly Params _params = new();
    private int _currentParam;
    private bool _currentIsSub;
    private bool _hasParamBytes;
    private int _marker;
    private int _intermediates;
    private int _intermediateCount;
    private bool _tooManyIntermediates;

    // Code points of decoded text on their way to the handler.
    private readonly int[] _text = new int[TextBufferLength];
    private const int TextBufferLength = 256;

    private byte[] _osc = new byte[MaxOscLength];
    private int _oscLength;
    private bool _oscOverflow;

    // Partial UTF-8 character: code point so far, continuation bytes still needed, smallest valid value.
    private int _utf8Value;
    private int _utf8Needed;
    private int _utf8Min;
    // Allowed range of the next continuation byte: narrower than 80..BF only right after E0, ED, F0 and F4
    // (Unicode table 3-7), so an overlong, surrogate or out-of-range prefix ends at its first bad byte and each
    // maximal subpart becomes one U+FFFD (Unicode §3.9, "U+FFFD substitution of maximal subparts").
    private byte _utf8Low = 0x80, _utf8High = 0xBF;

    /// <summary>True when the parser sits in the ground state with no partial character pending.</summary>
    public bool IsGround => _state == State.Ground && _utf8Needed == 0;

    /// <summary>Drops any partial sequence or character and returns to the ground state.</summary>
    public void Reset()
    {
        _state = State.Ground;
        _utf8Needed = 0;
        Clear();
    }

    public void Advance(IParserHandler handler, ReadOnlySpan<byte> data)
    {
        int i = 0;
        while (i < data.Length)
        {
            if (_state == State.Ground)
            {
                if (_utf8Needed == 0)
                {
                    // Fast path: a run of printable ASCII goes to the handler in one call.
                    if ((uint)(data[i] - 0x20) <= 0x7E - 0x20)
                    {
                        var rest = data[i..];
                        int run = rest.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
                        if (run < 0) run = rest.Length;
                        handler.PrintAscii(rest[..run]);
                        i += run;
                        if (i == data.Length) return;
                    }
                    // Text beyond ASCII (CJK, accents, box drawing): decoded in bulk while it is well-formed.
                    if (data[i] >= 0xC2)
                    {
                        int end = PrintText(handler, data, i);
                        if (end > i)
                        {
                            i = end;
                            continue;
                        }
                    }
                }
                byte g = data[i];
                if (g >= 0x80 || _utf8Needed > 0)
                {
                    i = DecodeUtf8(handler, data, i);
                    continue;
                }
                if (g == C0.Esc)
                {
                    int end = TryCsi(handler, data, i);
                    if (end > i)
                    {
                        i = end;
                        continue;
                    }
                }
                i++;
                Step(handler, g);
                continue;
            }
            if (_state == State.CsiParam)
            {
                // Parameters are most of a control sequence's bytes: take a run of them without the state switch.
                byte p = data[i];
                while (ByteClass.IsParameter(p))
                {
                    Param(p);
                    if (++i == data.Length) return;
                    p = data[i];
                }
            }
            Step(handler, data[i++]);
        }
    }

    /// <summary>
    /// The fast path for control sequences (SGR above all): ESC [, an optional private marker, parameters, at most two
    /// intermediates and a final byte, all in <paramref name="data"/>, are dispatched without a state change per
    /// byte. Returns the index after the sequence, or -1 for anything else (a sequence cut off by the end of
    /// <paramref name="data"/>, a control inside it, bytes out of order), which the state machine then takes from
    /// the ESC on, with the same result.
    /// </summary>
    private int TryCsi(IParserHandler handler, ReadOnlySpan<byte> data, int i)
    {
        int j = i + 2;
        if (j >= data.Length || data[i + 1] != '[') return -1;
        Clear();
        byte b = data[j];
        if (ByteClass.IsPrivateMarker(b))
        {
            _marker = b;
            j++;
        }
        int value = 0;
        bool isSub = false, hasParamBytes = false;
        for (; j < data.Length; j++)
        {
            b = data[j];
            uint digit = (uint)(b - '0');
            if (digit <= 9) value = Math.Min(value * 10 + (int)digit, Params.MaxValue);
            else if (b is (byte)';' or (byte)':')
            {
                _params.Push(value, isSub);
                value = 0;
                isSub = b == ':';
            }
            else break;
            hasParamBytes = true;
        }
        for (; j < data.Length && ByteClass.IsIntermediate(b = data[j]); j++)
        {
            if (_intermediateCount == MaxIntermediates) return -1;
            Collect(b);
        }
        if (j >= data.Length || !ByteClass.IsCsiFinal(b)) return -1;
        if (hasParamBytes) _params.Push(value, isSub);
        handler.CsiDispatch(Id(b), _params);
        return j + 1;
    }

    /// <summary>
    /// The fast path for text: decodes well-formed UTF-8 and printable ASCII from <paramref name="i"/> into code
    /// points and hands them over in runs. Stops before anything else (a control, a C1 code point, malformed UTF-8,
    /// a character cut off by the end of <paramref name="data"/>), which the byte-at-a-time path then takes; returns
    /// the new index.
    /// </summary>
    private int PrintText(IParserHandler handler, ReadOnlySpan<byte> data, int i)
    {
        while (true)
        {
            int n = DecodeText(data, ref i, _text);
            if (n > 0) handler.Print(_text.AsSpan(0, n));
            if (n < _text.Length) return i;
        }
    }

    /// <summary>
    /// Decodes printable text from <paramref name="i"/> into <paramref name="text"/> until it is full or something
    /// else comes; returns how many code points. No call, so the loop keeps its variables in registers.
    /// </summary>
    private static int DecodeText(ReadOnlySpan<byte> data, ref int i, Span<int> text)
    {
        int at = i, n = 0;
        while (n < text.Length && at < data.Length)
        {
            uint b = data[at];
            int cp;
            if (b < 0x80)
            {
                if (b - 0x20 > 0x7E - 0x20) break;
                cp = (int)b;
                at++;
            }
            else if (b - 0xE0 <= 0x0F)
            {
                // Three bytes: the rest of the BMP, CJK among it.
                if (at + 2 >= data.Length) break;
                uint b1 = data[at + 1] ^ 0x80u, b2 = data[at + 2] ^ 0x80u;
                if ((b1 | b2) > 0x3F) break;
                cp = (int)((b & 0x0F) << 12 | b1 << 6 | b2);
                if (cp < 0x800 || cp is >= 0xD800 and <= 0xDFFF) break;   // overlong, surrogate
                at += 3;
            }
            else if (b - 0xC2 <= 0xDF - 0xC2)
            {
                if (at + 1 >= data.Length) break;
                uint b1 = data[at + 1] ^ 0x80u;
                if (b1 > 0x3F) break;
                cp = (int)((b & 0x1F) << 6 | b1);
                if (cp <= C1.Last) break;
                at += 2;
            }
            else if (b - 0xF0 <= 0xF4 - 0xF0)
            {
                if (at + 3 >= data.Length) break;
                uint b1 = data[at + 1] ^ 0x80u, b2 = data[at + 2] ^ 0x80u, b3 = data[at + 3] ^ 0x80u;
                if ((b1 | b2 | b3) > 0x3F) break;
                cp = (int)((b & 0x07) << 18 | b1 << 12 | b2 << 6 | b3);
                if (cp is < 0x10000 or > 0x10FFFF) break;
                at += 4;
            }
            else break;
            text[n++] = cp;
        }
        i = at;
        return n;
    }

    /// <summary>Decodes UTF-8 from <paramref name="i"/> until an ASCII byte or a state change; returns the new index.</summary>
    private int DecodeUtf8(IParserHandler handler, ReadOnlySpan<byte> data, int i)
    {
        while (i < data.Length)
        {
            byte b = data[i];
            if (_utf8Needed == 0)
            {
                if (b < 0x80) return i;
                i++;
                if (b is >= 0xC2 and <= 0xDF) Begin(b & 0x1F, 1, 0x80);
                else if (b is >= 0xE0 and <= 0xEF) Begin(b & 0x0F, 2, 0x800);
                else if (b is >= 0xF0 and <= 0xF4) Begin(b & 0x07, 3, 0x10000);
                else
                {
                    handler.Print(ReplacementCharacter);
                    continue;
                }
                (_utf8Low, _utf8High) = b switch
                {
                    0xE0 => ((byte)0xA0, (byte)0xBF),
                    0xED => ((byte)0x80, (byte)0x9F),
                    0xF0 => ((byte)0x90, (byte)0xBF),
                    0xF4 => ((byte)0x80, (byte)0x8F),
                    _ => ((byte)0x80, (byte)0xBF),
                };
                continue;
            }
            if (b < _utf8Low || b > _utf8High)
            {
                // Truncated or ill-formed sequence: replace what came so far and reprocess this byte from scratch.
                _utf8Needed = 0;
                _utf8Low = 0x80;
                _utf8High = 0xBF;
                handler.Print(ReplacementCharacter);
                continue;
            }
            i++;
            _utf8Low = 0x80;
            _utf8High = 0xBF;
            _utf8Value = _utf8Value << 6 | (b & 0x3F);
            if (--_utf8Needed > 0) continue;
            int cp = _utf8Value;
            if (cp < _utf8Min || cp > 0x10FFFF || cp is >= 0xD800 and <= 0xDFFF)
                handler.Print(ReplacementCharacter);
            else if (cp <= C1.Last)
            {
                Step(handler, (byte)cp);
                if (_state != State.Ground) return i;
            }
            else
                handler.Print(cp);
        }
        return i;
    }

    private void Begin(int value, int needed, int min)
    {
        _utf8Value = value;
        _utf8Needed = needed;
        _utf8Min = min;
    }

    /// <summary>One byte through the state machine (controls, sequence bytes, C1 from decoded UTF-8).</summary>
    private void Step(IParserHandler handler, byte b)
    {
        // Transitions from anywhere.
        switch (b)
        {
            case C0.Can:
            case C0.Sub:
                Abort(handler);
                handler.Execute(b);
                return;
            case C0.Esc:
                Leave(handler);
                Clear();
                _state = State.Escape;
                return;
        }
        if (b is >= C1.First and <= C1.Last && _state is State.Ground)
        {
            StepC1(handler, b);
            return;
        }

        switch (_state)
        {
            case State.Ground:
                if (ByteClass.IsC0(b)) handler.Execute(b);
                return;

            case State.Escape:
                if (ByteClass.IsC0(b)) handler.Execute(b);
                else if (ByteClass.IsIntermediate(b)) { Collect(b); _state = State.EscapeIntermediate; }
                else if (b == '[') { Clear(); _state = State.CsiEntry; }
                else if (b == ']') StartOsc();
                else if (b == 'P') { Clear(); _state = State.DcsEntry; }
                else if (b is (byte)'X' or (byte)'^' or (byte)'_') _state = State.SosPmApcString;
                else if (ByteClass.IsEscFinal(b)) { _state = State.Ground; handler.EscDispatch(Id(b)); }
                else if (b != C0.Del) _state = State.Ground;
                return;

            case State.EscapeIntermediate:
                if (ByteClass.IsC0(b)) handler.Execute(b);
                else if (ByteClass.IsIntermediate(b)) Collect(b);
                else if (ByteClass.IsEscFinal(b))
                {
                    _state = State.Ground;
                    if (!_tooManyIntermediates) handler.EscDispatch(Id(b));
                }
                else if (b != C0.Del) _state = State.Ground;
                return;

            case State.CsiEntry:
                if (ByteClass.IsC0(b)) handler.Execute(b);
                else if (ByteClass.IsPrivateMarker(b)) { _marker = b; _state = State.CsiParam; }
                else if (ByteClass.IsParameter(b)) { Param(b); _state = State.CsiParam; }
                else if (ByteClass.IsIntermediate(b)) { Collect(b); _state = State.CsiIntermediate; }
                else if (ByteClass.IsCsiFinal(b)) CsiDispatch(handler, b);
                else if (b != C0.Del) _state = State.CsiIgnore;
                return;

            case State.CsiParam:
                if (ByteClass.IsC0(b)) handler.Execute(b);
                else if (ByteClass.IsParameter(b)) Param(b);
                else if (ByteClass.IsIntermediate(b)) { Collect(b); _state = State.CsiIntermediate; }
                else if (ByteClass.IsCsiFinal(b)) CsiDispatch(handler, b);
                else if (b != C0.Del) _state = State.CsiIgnore;
                return;

            case State.CsiIntermediate:
                if (ByteClass.IsC0(b)) handler.Execute(b);
                else if (ByteClass.IsIntermediate(b)) Collect(b);
                else if (ByteClass.IsCsiFinal(b)) CsiDispatch(handler, b);
                else if (b != C0.Del) _state = State.CsiIgnore;
                return;

            case State.CsiIgnore:
                if (ByteClass.IsC0(b)) handler.Execute(b);
                else if (ByteClass.IsCsiFinal(b)) _state = State.Ground;
                return;

            case State.DcsEntry:
                if (ByteClass.IsPrivateMarker(b)) { _marker = b; _state = State.DcsParam; }
                else if (ByteClass.IsParameter(b)) { Param(b); _state = State.DcsParam; }
                else if (ByteClass.IsIntermediate(b)) { Collect(b); _state = State.DcsIntermediate; }
                else if (ByteClass.IsCsiFinal(b)) DcsHook(handler, b);
                else if (!ByteClass.IsC0(b) && b != C0.Del) _state = State.DcsIgnore;
                return;

            case State.DcsParam:
                if (ByteClass.IsParameter(b)) Param(b);
                else if (ByteClass.IsIntermediate(b)) { Collect(b); _state = State.DcsIntermediate; }
                else if (ByteClass.IsCsiFinal(b)) DcsHook(handler, b);
                else if (!ByteClass.IsC0(b) && b != C0.Del) _state = State.DcsIgnore;
                return;

            case State.DcsIntermediate:
                if (ByteClass.IsIntermediate(b)) Collect(b);
                else if (ByteClass.IsCsiFinal(b)) DcsHook(handler, b);
                else if (!ByteClass.IsC0(b) && b != C0.Del) _state = State.DcsIgnore;
                return;

            case State.DcsPassthrough:
                if (b != C0.Del) handler.DcsPut(b);
                return;

            case State.DcsIgnore:
            case State.SosPmApcString:
                return;

            case State.OscString:
                if (b == C0.Bel)
                {
                    _state = State.Ground;
                    DispatchOsc(handler, bellTerminated: true);
                }
                else if (!ByteClass.IsC0(b)) CollectOsc(b);
                return;
        }
    }

    private void StepC1(IParserHandler handler, byte b)
    {
        switch (b)
        {
            case C1.Csi: Clear(); _state = State.CsiEntry; break;
            case C1.Osc: StartOsc(); break;
            case C1.Dcs: Clear(); _state = State.DcsEntry; break;
            case C1.Sos:
            case C1.Pm:
            case C1.Apc: _state = State.SosPmApcString; break;
            case C1.St: break;
            default: handler.Execute(b); break;
        }
    }

    /// <summary>ESC arrived: a string in progress ends normally (ESC \ is ST).</summary>
    private void Leave(IParserHandler handler)
    {
        if (_state == State.OscString) DispatchOsc(handler, bellTerminated: false);
        else if (_state == State.DcsPassthrough) handler.DcsUnhook();
        _state = State.Ground;
    }

    /// <summary>CAN or SUB: the sequence in progress is dropped.</summary>
    private void Abort(IParserHandler handler)
    {
        if (_state == State.DcsPassthrough) handler.DcsUnhook();
        _state = State.Ground;
        _utf8Needed = 0;
    }

    private void StartOsc()
    {
        _oscLength = 0;
        _oscOverflow = false;
        _state = State.OscString;
    }

    private void CollectOsc(byte b)
    {
        if (_oscLength == _osc.Length)
        {
            // Only a clipboard string may outgrow the usual limit; its buffer is given back once it is dispatched.
            bool clipboard = _osc.AsSpan().StartsWith("52;"u8);
            if (!clipboard || _oscLength >= MaxClipboardOscLength)
            {
                _oscOverflow = true;
                return;
            }
            Array.Resize(ref _osc, Math.Min(_osc.Length * 4, MaxClipboardOscLength));
        }
        _osc[_oscLength++] = b;
    }

    private void DispatchOsc(IParserHandler handler, bool bellTerminated)
    {
        var data = _osc.AsSpan(0, _oscLength);
        if (_oscOverflow) handler.OscOverflow(data, bellTerminated);
        else handler.OscDispatch(data, bellTerminated);
        if (_osc.Length > MaxOscLength) _osc = new byte[MaxOscLength];
    }

    private void Clear()
    {
        _params.Clear();
        _currentParam = 0;
        _currentIsSub = false;
        _hasParamBytes = false;
        _marker = 0;
        _intermediates = 0;
        _intermediateCount = 0;
        _tooManyIntermediates = false;
    }

    private void Collect(byte b)
    {
        if (_intermediateCount == MaxIntermediates)
        {
            _tooManyIntermediates = true;
            return;
        }
        _intermediates |= b << (8 * _intermediateCount++);
    }

    private void Param(byte b)
    {
        _hasParamBytes = true;
        if (b == ';' || b == ':')
        {
            _params.Push(_currentParam, _currentIsSub);
            _currentParam = 0;
            _currentIsSub = b == ':';
            return;
        }
        _currentParam = Math.Min(_currentParam * 10 + (b - '0'), Params.MaxValue);
    }

    private void FinishParams()
    {
        if (_hasParamBytes) _params.Push(_currentParam, _currentIsSub);
    }

    private int Id(byte final) => _marker << 24 | _intermediates << 8 | final;

    private void CsiDispatch(IParserHandler handler, byte final)
    {
        _state = State.Ground;
        if (_tooManyIntermediates) return;
        FinishParams();
        handler.CsiDispatch(Id(final), _params);
    }

    private void DcsHook(IParserHandler handler, byte final)
    {
        if (_tooManyIntermediates)
        {
            _state = State.DcsIgnore;
            return;
        }
        _state = State.DcsPassthrough;
        FinishParams();
        handler.DcsHook(Id(final), _params);
    }
}
