using System.Text;
using Mux.Vt100.Parsing;
using Mux.Vt100.Screen;

namespace Mux.Vt100;

// What each control function means: one case per mnemonic, dispatched on packed sequence ids.
public sealed partial class Terminal
{
    // Control sequence ids: marker << 24 | intermediate << 8 | final (see SequenceId).
    private const int ICH = '@', CUU = 'A', CUD = 'B', CUF = 'C', CUB = 'D', CNL = 'E', CPL = 'F', CHA = 'G';
    private const int CUP = 'H', CHT = 'I', ED = 'J', EL = 'K', IL = 'L', DL = 'M', DCH = 'P', SU = 'S';
    private const int SD = 'T', ECH = 'X', CBT = 'Z', HPA = '`', HPR = 'a', REP = 'b', DA1 = 'c', VPA = 'd';
    private const int VPR = 'e', HVP = 'f', TBC = 'g', SM = 'h', HPB = 'j', VPB = 'k', RM = 'l', SGR = 'm', DSR = 'n';
    private const int DECSTBM = 'r', SCOSC = 's', XTWINOPS = 't', SCORC = 'u';
    private const int DA2 = '>' << 24 | 'c';
    private const int DECSED = '?' << 24 | 'J', DECSEL = '?' << 24 | 'K';
    private const int DECSET = '?' << 24 | 'h', DECRST = '?' << 24 | 'l', DECDSR = '?' << 24 | 'n';
    private const int DECSCUSR = ' ' << 8 | 'q', DECSCA = '"' << 8 | 'q', DECSTR = '!' << 8 | 'p';
    private const int DECRQM_ANSI = '$' << 8 | 'p', DECRQM_DEC = '?' << 24 | '$' << 8 | 'p';

    void IParserHandler.Execute(byte control)
    {
        switch (control)
        {
            case C0.Bel: BellCount++; break;
            case C0.Bs:
                _pendingWrap = false;
                if (_x > 0) _x--;
                break;
            case C0.Ht: TabForward(1); break;
            case C0.Lf:
            case C0.Vt:
            case C0.Ff:
                if ((_modes & TerminalModes.LineFeedNewLine) != 0) _x = 0;      // LNM: LF, VT, FF also return
                Index();
                break;
            case C0.Cr: _x = 0; _pendingWrap = false; break;
            case C0.So: _shiftOut = true; break;
            case C0.Si: _shiftOut = false; break;
            case C1.Ind: Index(); break;
            case C1.Nel: _x = 0; Index(); break;
            case C1.Hts: _tabStops[_x] = true; break;
            case C1.Ri: ReverseIndex(); break;
        }
    }

    void IParserHandler.EscDispatch(int id)
    {
        int intermediate = id >> 8 & 0xFFFF;
        int final = id & 0xFF;
        switch (intermediate)
        {
            case 0:
                switch (final)
                {
                    case '7': SaveCursor(); break;                                  // DECSC
                    case '8': RestoreCursor(); break;                               // DECRC
                    case 'D': Index(); break;                                       // IND
                    case 'E': _x = 0; Index(); break;                               // NEL
                    case 'H': _tabStops[_x] = true; break;                          // HTS
                    case 'M': ReverseIndex(); break;                                // RI
                    case 'c': FullReset(); break;                                   // RIS
                    case '=': _modes |= TerminalModes.ApplicationKeypad; break;     // DECKPAM
                    case '>': _modes &= ~TerminalModes.ApplicationKeypad; break;    // DECKPNM
                }
                break;
            case '#':
                if (final == '8') ScreenAlignment();                                // DECALN
                break;
            case '(': _g0 = Charsets.FromFinal(final); break;                       // SCS G0
            case ')': _g1 = Charsets.FromFinal(final); break;                       // SCS G1
        }
    }

    void IParserHandler.CsiDispatch(int id, Params p)
    {
        switch (id)
        {
            case ICH: InsertCells(_grid[_y], _x, p.Get(0, 1)); _pendingWrap = false; break;
            case CUU: CursorUp(p.Get(0, 1)); break;
            case CUD: CursorDown(p.Get(0, 1)); break;
            case CUF:
            case HPR: SetCursor(_x + p.Get(0, 1), _y); break;
            case CUB:
            case HPB: SetCursor(_x - p.Get(0, 1), _y); break;
            case CNL: CursorDown(p.Get(0, 1)); _x = 0; break;
            case CPL: CursorUp(p.Get(0, 1)); _x = 0; break;
            case CHA:
            case HPA: SetCursor(p.Get(0, 1) - 1, _y); break;
            case CUP:
            case HVP: MoveTo(p.Get(1, 1) - 1, p.Get(0, 1) - 1); break;
            case CHT: TabForward(p.Get(0, 1)); break;
            case CBT: TabBackward(p.Get(0, 1)); break;
            case ED: EraseInDisplay(p.GetRaw(0), selective: false); break;
            case DECSED: EraseInDisplay(p.GetRaw(0), selective: true); break;
            case EL: EraseInLine(p.GetRaw(0), selective: false); break;
            case DECSEL: EraseInLine(p.GetRaw(0), selective: true); break;
            case IL: InsertLines(p.Get(0, 1)); break;
            case DL: DeleteLines(p.Get(0, 1)); break;
            case DCH: DeleteCells(_grid[_y], _x, p.Get(0, 1)); _pendingWrap = false; break;
            case SU: ScrollUp(p.Get(0, 1)); break;
            case SD: if (p.Count <= 1) ScrollDown(p.Get(0, 1)); break;
            case ECH: EraseCells(_grid[_y], _x, _x + Math.Min(p.Get(0, 1), Columns)); _pendingWrap = false; break;
            case REP: Repeat(p.Get(0, 1)); break;
            case VPA: MoveTo(_x, p.Get(0, 1) - 1); break;
            case VPR: CursorDown(p.Get(0, 1)); break;
            case VPB: CursorUp(p.Get(0, 1)); break;
            case TBC:
                if (p.GetRaw(0) == 0) _tabStops[_x] = false;
                else if (p.GetRaw(0) == 3) Array.Clear(_tabStops);
                break;
            case SM: SetAnsiModes(p, true); break;
            case RM: SetAnsiModes(p, false); break;
            case DECSET: SetDecModes(p, true); break;
            case DECRST: SetDecModes(p, false); break;
            case SGR: SelectGraphicRendition(p); break;
            case DSR:
                if (p.GetRaw(0) == 5) Reply("\e[0n");
                else if (p.GetRaw(0) == 6) Reply($"\e[{ReportRow()};{_x + 1}R");
                break;
            case DECDSR:
                if (p.GetRaw(0) == 6) Reply($"\e[?{ReportRow()};{_x + 1}R");
                break;
            case DA1: if (p.GetRaw(0) == 0) Reply("\e[?62;22c"); break;
            case DA2: if (p.GetRaw(0) == 0) Reply("\e[>1;10;0c"); break;
            case DECSTBM: SetScrollingRegion(p.Get(0, 1), p.Get(1, Rows)); break;
            case SCOSC: SaveCursor(); break;
            case SCORC: RestoreCursor(); break;
            case XTWINOPS:
                if (p.GetRaw(0) == 18) Reply($"\e[8;{Rows};{Columns}t");
                break;
            case DECSCUSR:
                if (p.GetRaw(0) <= 6) CursorStyle = (CursorStyle)p.GetRaw(0);
                break;
            case DECSCA:
                // 1 protects the characters written next from DECSED/DECSEL; 0 and 2 do not.
                SetStyle(_style with
                {
                    Attributes = p.GetRaw(0) == 1 ? _style.Attributes | CellAttributes.Protected : _style.Attributes & ~CellAttributes.Protected,
                });
                break;
            case DECSTR: SoftReset(); break;
            case DECRQM_ANSI: ReportMode(p.GetRaw(0), dec: false); break;
            case DECRQM_DEC: ReportMode(p.GetRaw(0), dec: true); break;
        }
    }

    void IParserHandler.OscDispatch(ReadOnlySpan<byte> data, bool bellTerminated)
    {
        int semi = data.IndexOf((byte)';');
        if (semi <= 0) return;
        int command = 0;
        foreach (byte b in data[..semi])
        {
            if (b is < (byte)'0' or > (byte)'9') return;
            command = Math.Min(command * 10 + (b - '0'), 100_000);
        }
        var text = data[(semi + 1)..];
        switch (command)
        {
            case 0:
                Title = IconName = Encoding.UTF8.GetString(text);
                break;
            case 1:
                IconName = Encoding.UTF8.GetString(text);
                break;
            case 2:
                Title = Encoding.UTF8.GetString(text);
                break;
        }
    }

    void IParserHandler.DcsHook(int id, Params parameters) { }

    void IParserHandler.DcsPut(byte b) { }

    void IParserHandler.DcsUnhook() { }

    private int ReportRow() => OriginMode ? _y - _top + 1 : _y + 1;

    private void Reply(string ascii)
    {
        Span<byte> dst = _replies.GetSpan(ascii.Length);
        for (int i = 0; i < ascii.Length; i++) dst[i] = (byte)ascii[i];
        _replies.Advance(ascii.Length);
    }

    private void SetScrollingRegion(int top, int bottom)
    {
        bottom = Math.Min(bottom, Rows);
        if (top >= bottom) return;
        _top = top - 1;
        _bottom = bottom - 1;
        MoveTo(0, 0);
    }

    private void SetAnsiModes(Params p, bool on)
    {
        for (int i = 0; i < p.Count; i++)
        {
            if (p[i] == 4) SetFlag(TerminalModes.Insert, on);                       // IRM
            else if (p[i] == 20) SetFlag(TerminalModes.LineFeedNewLine, on);       // LNM
        }
    }

    private void SetFlag(TerminalModes mode, bool on) => _modes = on ? _modes | mode : _modes & ~mode;

    private void SetDecModes(Params p, bool on)
    {
        for (int i = 0; i < p.Count; i++)
        {
            int mode = p[i];
            switch (mode)
            {
                case 3:
                    // DECCOLM: we never switch to 132 columns, but like xterm we still do the rest of it.
                    ColumnModeReset();
                    break;
                case 6:
                    SetFlag(TerminalModes.Origin, on);
                    MoveTo(0, 0);
                    break;
                case 7:
                    SetFlag(TerminalModes.AutoWrap, on);
                    if (!on) _pendingWrap = false;
                    break;
                case 25: CursorVisible = on; break;
                case 47:
                    if (on) SwitchToAlternate(clear: false); else SwitchToMain();
                    break;
                case 1047:
                    if (on) SwitchToAlternate(clear: false);
                    else { if (IsAlternateScreen) EraseRows(0, Rows); SwitchToMain(); }
                    break;
                case 1048:
                    if (on) SaveCursor(); else RestoreCursor();
                    break;
                case 1049:
                    if (on)
                    {
                        if (!IsAlternateScreen) SaveCursor();
                        SwitchToAlternate(clear: true);
                    }
                    else
                    {
                        // xterm restores the cursor even when the main screen is already shown.
                        SwitchToMain();
                        RestoreCursor();
                    }
                    break;
                default:
                    var flag = DecModes.Flag(mode);
                    // One mouse tracking mode and one encoding at a time, as in xterm.
                    if (on && (flag & MouseTrackingModes) != 0) _modes &= ~MouseTrackingModes;
                    if (on && (flag & MouseEncodingModes) != 0) _modes &= ~MouseEncodingModes;
                    if (flag != TerminalModes.None) SetFlag(flag, on);
                    break;
            }
        }
    }

    /// <summary>DECRQM reply: 1 set, 2 reset, 0 not recognised.</summary>
    private void ReportMode(int mode, bool dec)
    {
        int state;
        if (!dec) state = mode == 4 ? Has(TerminalModes.Insert) : mode == 20 ? Has(TerminalModes.LineFeedNewLine) : 0;
        else
        {
            state = mode switch
            {
                25 => CursorVisible ? 1 : 2,
                47 or 1047 or 1049 => IsAlternateScreen ? 1 : 2,
                1048 => 2,
                _ => DecModes.Flag(mode) is var f && f != TerminalModes.None ? Has(f) : 0,
            };
        }
        Reply(dec ? $"\e[?{mode};{state}$y" : $"\e[{mode};{state}$y");
    }

    private int Has(TerminalModes m) => (_modes & m) != 0 ? 1 : 2;

    private void SelectGraphicRendition(Params p)
    {
        ulong key = SgrMemo.KeyOf(p);
        int from = _styleId;
        if (key != 0 && _sgrMemo.TryGet(key, from, out int to, out int erase))
        {
            if (to != from)
            {
                _style = _styles[to];
                _styleId = to;
                _eraseStyleId = erase;
            }
            return;
        }
        long compactions = _styleCompactions;
        ApplySgr(p);
        // Style ids renumbered on the way: from is no longer the id it was.
        if (key != 0 && compactions == _styleCompactions) _sgrMemo.Set(key, from, _styleId, _eraseStyleId);
    }

    private void ApplySgr(Params p)
    {
        // The style's parts in locals rather than a struct copied at every parameter: SGR is most of coloured output.
        Color fg = _style.Foreground, bg = _style.Background, ul = _style.UnderlineColor;
        CellAttributes a = _style.Attributes;
        UnderlineStyle u = _style.Underline;
        if (p.Count == 0) (fg, bg, ul, a, u) = (default, default, default, CellAttributes.None, UnderlineStyle.None);
        bool anySubs = p.HasSubParameters;
        for (int i = 0; i < p.Count; i++)
        {
            int v = p[i];
            int subs = anySubs ? p.SubParameterCount(i) : 0;
            switch (v)
            {
                case 0: (fg, bg, ul, a, u) = (default, default, default, CellAttributes.None, UnderlineStyle.None); break;
                case 1: a |= CellAttributes.Bold; break;
                case 2: a |= CellAttributes.Dim; break;
                case 3: a |= CellAttributes.Italic; break;
                case 4:
                    u = UnderlineStyle.Single;
                    if (subs > 0) u = p[i + 1] <= 5 ? (UnderlineStyle)p[i + 1] : UnderlineStyle.Single;
                    break;
                case 5: a |= CellAttributes.Blink; break;
                case 6: a |= CellAttributes.RapidBlink; break;
                case 7: a |= CellAttributes.Reverse; break;
                case 8: a |= CellAttributes.Hidden; break;
                case 9: a |= CellAttributes.Strikethrough; break;
                case 21: u = UnderlineStyle.Double; break;
                case 22: a &= ~(CellAttributes.Bold | CellAttributes.Dim); break;
                case 23: a &= ~CellAttributes.Italic; break;
                case 24: u = UnderlineStyle.None; break;
                case 25: a &= ~(CellAttributes.Blink | CellAttributes.RapidBlink); break;
                case 27: a &= ~CellAttributes.Reverse; break;
                case 28: a &= ~CellAttributes.Hidden; break;
                case 29: a &= ~CellAttributes.Strikethrough; break;
                case >= 30 and <= 37: fg = Color.FromIndex(v - 30); break;
                case 38: fg = ExtendedColor(p, ref i, subs, fg); continue;
                case 39: fg = Color.Default; break;
                case >= 40 and <= 47: bg = Color.FromIndex(v - 40); break;
                case 48: bg = ExtendedColor(p, ref i, subs, bg); continue;
                case 49: bg = Color.Default; break;
                case 53: a |= CellAttributes.Overline; break;
                case 55: a &= ~CellAttributes.Overline; break;
                case 58: ul = ExtendedColor(p, ref i, subs, ul); continue;
                case 59: ul = Color.Default; break;
                case >= 90 and <= 97: fg = Color.FromIndex(v - 90 + 8); break;
                case >= 100 and <= 107: bg = Color.FromIndex(v - 100 + 8); break;
            }
            i += subs;
        }
        // SGR does not touch DECSCA protection.
        a = a & ~CellAttributes.Protected | _style.Attributes & CellAttributes.Protected;
        var s = new Style(fg, bg, ul, a, u);
        if (!s.Equals(_style)) SetStyle(s);
    }

    /// <summary>
    /// 38/48/58 colours: "5;n" or "2;r;g;b" after ';', or "5:n", "2:r:g:b", "2:cs:r:g:b" as sub-parameters.
    /// Leaves <paramref name="i"/> on the last parameter consumed.
    /// </summary>
    private static Color ExtendedColor(Params p, ref int i, int subs, Color current)
    {
        if (subs > 0)
        {
            int kind = p[i + 1];
            Color c = current;
            if (kind == 5 && subs >= 2) c = Color.FromIndex(p[i + 2]);
            else if (kind == 2 && subs >= 5) c = Color.FromRgb(p[i + 3], p[i + 4], p[i + 5]);
            else if (kind == 2 && subs == 4) c = Color.FromRgb(p[i + 2], p[i + 3], p[i + 4]);
            i += subs;
            return c;
        }
        int k = p.GetRaw(i + 1);
        if (k == 5 && i + 2 < p.Count)
        {
            i += 2;
            return Color.FromIndex(p[i]);
        }
        if (k == 2 && i + 4 < p.Count)
        {
            i += 4;
            return Color.FromRgb(p[i - 2], p[i - 1], p[i]);
        }
        i = p.Count; // malformed: the rest of the sequence cannot be trusted
        return current;
    }
}
