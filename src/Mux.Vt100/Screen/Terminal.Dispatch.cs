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
    private const int DECRQCRA = '*' << 8 | 'y', DECCRA = '$' << 8 | 'v', DECFRA = '$' << 8 | 'x';
    private const int DECERA = '$' << 8 | 'z', DECSERA = '$' << 8 | '{', DECIC = '\'' << 8 | '}', DECDC = '\'' << 8 | '~';
    private const int XTSAVE = '?' << 24 | 's', XTRESTORE = '?' << 24 | 'r', XTVERSION = '>' << 24 | 'q';
    private const int DA3 = '=' << 24 | 'c', DECSCL = '"' << 8 | 'p', DECSNLS = '*' << 8 | '|';

    void IParserHandler.Execute(byte control)
    {
        _lastPrinted = -1;  // REP repeats a character only right after it (xterm)
        switch (control)
        {
            case C0.Bel: BellCount++; break;
            case C0.Bs: CursorBack(1); break;
            case C0.Ht: TabForward(1); break;
            case C0.Lf:
            case C0.Vt:
            case C0.Ff:
                Index();
                if ((_modes & TerminalModes.LineFeedNewLine) != 0) CarriageReturn();      // LNM: LF, VT, FF also return
                break;
            case C0.Cr: CarriageReturn(); break;
            case C0.So: _shiftOut = true; break;
            case C0.Si: _shiftOut = false; break;
            case C1.Ind: Index(); break;
            case C1.Nel: Index(); CarriageReturn(); break;   // down first: outside the margins it must not scroll
            case C1.Hts: _tabStops[_x] = true; break;
            case C1.Ri: ReverseIndex(); break;
            case C1.Spa: StartProtectedArea(); break;
            case C1.Epa: EndProtectedArea(); break;
        }
    }

    void IParserHandler.EscDispatch(int id)
    {
        int intermediate = id >> 8 & 0xFFFF;
        int final = id & 0xFF;
        _lastPrinted = -1;
        switch (intermediate)
        {
            case 0:
                switch (final)
                {
                    case '6': BackIndex(); break;                                   // DECBI
                    case '7': SaveCursor(); break;                                  // DECSC
                    case '8': RestoreCursor(); break;                               // DECRC
                    case '9': ForwardIndex(); break;                                // DECFI
                    case 'D': Index(); break;                                       // IND
                    case 'E': Index(); CarriageReturn(); break;                     // NEL
                    case 'V': StartProtectedArea(); break;                          // SPA
                    case 'W': EndProtectedArea(); break;                            // EPA
                    case 'H': _tabStops[_x] = true; break;                          // HTS
                    case 'M': ReverseIndex(); break;                                // RI
                    case 'c': FullReset(); break;                                   // RIS
                    case 'Z': Reply(PrimaryAttributes); break;                      // DECID, DA1's older form
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
        if (id != REP) _lastPrinted = -1;
        // Most control sequences in coloured output are SGR: straight there, before the keyboard ones and the switch.
        if (id == SGR)
        {
            SelectGraphicRendition(p);
            return;
        }
        if (KeyboardControl(id, p)) return;
        switch (id)
        {
            case ICH:
                if (CursorInsideLeftRight) InsertCells(_grid[_y], _x, p.Get(0, 1), _right + 1);
                _pendingWrap = false;
                break;
            case CUU: CursorUp(p.Get(0, 1)); break;
            case CUD: CursorDown(p.Get(0, 1)); break;
            case CUF: SetCursor(Math.Min(_x + p.Get(0, 1), RightLimit), _y); break;
            case HPR: SetCursor(_x + p.Get(0, 1), _y); break;
            case CUB: CursorBack(p.Get(0, 1)); break;
            case HPB: SetCursor(_x - p.Get(0, 1), _y); break;
            case CNL: CursorDown(p.Get(0, 1)); CarriageReturn(); break;
            case CPL: CursorUp(p.Get(0, 1)); CarriageReturn(); break;
            case CHA:
            case HPA: MoveToColumn(p.Get(0, 1) - 1); break;
            case CUP:
            case HVP: MoveTo(p.Get(1, 1) - 1, p.Get(0, 1) - 1); break;
            case CHT: TabForward(p.Get(0, 1)); break;
            case CBT: TabBackward(p.Get(0, 1)); break;
            case ED: EraseInDisplay(p.GetRaw(0), selective: _isoProtection); break;
            case DECSED: EraseInDisplay(p.GetRaw(0), selective: true); break;
            case EL: EraseInLine(p.GetRaw(0), selective: _isoProtection); break;
            case DECSEL: EraseInLine(p.GetRaw(0), selective: true); break;
            case IL: InsertLines(p.Get(0, 1)); break;
            case DL: DeleteLines(p.Get(0, 1)); break;
            case DCH:
                if (CursorInsideLeftRight) DeleteCells(_grid[_y], _x, p.Get(0, 1), _right + 1);
                _pendingWrap = false;
                break;
            case SU: ScrollUp(p.Get(0, 1)); break;
            case SD: if (p.Count <= 1) ScrollDown(p.Get(0, 1)); break;
            case ECH:
                int echEnd = _x + Math.Min(p.Get(0, 1), Columns);
                if (_isoProtection) EraseUnprotectedCells(_grid[_y], _x, echEnd);
                else EraseCells(_grid[_y], _x, echEnd);
                _pendingWrap = false;
                break;
            case REP: Repeat(p.Get(0, 1)); break;
            case VPA: MoveTo(_x - (OriginMode ? _left : 0), p.Get(0, 1) - 1); break;
            case VPR: SetCursor(_x, Math.Min(_y + p.Get(0, 1), OriginMode ? _bottom : Rows - 1)); break;   // unlike CUD, not stopped by the bottom margin
            case VPB: break;                                    // xterm has no VPB: CSI k moves nothing
            case DECIC: InsertColumns(p.Get(0, 1)); break;
            case DECDC: DeleteColumns(p.Get(0, 1)); break;
            case DECRQCRA: ReportChecksum(p); break;
            case DECCRA: CopyRectangle(p); break;
            case DECFRA: FillRectangle(p); break;
            case DECERA: EraseRectangle(p, selective: false); break;
            case DECSERA: EraseRectangle(p, selective: !_isoProtection); break;  // ISO (SPA) protection does not hold against it
            case XTSAVE: SaveDecModes(p); break;
            case XTRESTORE: RestoreDecModes(p); break;
            case XTVERSION: if (p.GetRaw(0) == 0) ReplyVersion(); break;
            case DA3: if (p.GetRaw(0) == 0) Reply("\eP!|00000000\e\\"); break;
            case DECSCL: SetConformanceLevel(p); break;
            case DECSNLS: if (p.GetRaw(0) > 0) _linesPerScreen = Math.Min(p.GetRaw(0), MaxDimension); break;
            case TBC:
                if (p.GetRaw(0) == 0) _tabStops[_x] = false;
                else if (p.GetRaw(0) == 3) Array.Clear(_tabStops);
                break;
            case SM: SetAnsiModes(p, true); break;
            case RM: SetAnsiModes(p, false); break;
            case DECSET: SetDecModes(p, true); break;
            case DECRST: SetDecModes(p, false); break;
            case DSR: ReportStatus(p, dec: false); break;
            case DECDSR: ReportStatus(p, dec: true); break;
            case DA1: if (p.GetRaw(0) == 0) Reply(PrimaryAttributes); break;
            case DA2: if (p.GetRaw(0) == 0) Reply(SecondaryAttributes); break;
            case DECSTBM: SetScrollingRegion(p.Get(0, 1), p.Get(1, Rows)); break;
            case SCOSC:
                // With DECLRMM set, CSI s is DECSLRM (xterm); otherwise it saves the cursor.
                if (_leftRightMarginMode) SetLeftRightMargins(p.Get(0, 1), p.Get(1, Columns));
                else SaveCursor();
                break;
            case SCORC: RestoreCursor(); break;
            case XTWINOPS: WindowOperation(p); break;
            case DECSCUSR:
                if (p.GetRaw(0) <= 6) CursorStyle = (CursorStyle)p.GetRaw(0);
                break;
            case DECSCA:
                // 1 protects the characters written next from DECSED/DECSEL/DECSERA; 0 and 2 do not.
                _isoProtection = false;
                SetProtected(p.GetRaw(0) == 1);
                break;
            case DECSTR: SoftReset(); break;
            case DECRQM_ANSI: ReportMode(p.GetRaw(0), dec: false); break;
            case DECRQM_DEC: ReportMode(p.GetRaw(0), dec: true); break;
        }
    }

    void IParserHandler.OscDispatch(ReadOnlySpan<byte> data, bool bellTerminated)
    {
        _lastPrinted = -1;
        int semi = data.IndexOf((byte)';');
        if (semi == 0) return;
        if (semi < 0) semi = data.Length;   // OSC 104, 110… take no argument
        int command = 0;
        foreach (byte b in data[..semi])
        {
            if (b is < (byte)'0' or > (byte)'9') return;
            command = Math.Min(command * 10 + (b - '0'), 100_000);
        }
        var text = semi < data.Length ? data[(semi + 1)..] : default;
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
            case 8:
                SetHyperlink(text);
                break;
            case 52:
                Clipboard(text);
                break;
            case 133:
                PromptMark(text);
                break;
            case 9 or 99 or 777:
                Notification(command, text);
                break;
            case 4:
            case 5:
            case >= 10 and <= 19:
                QueryColors(command, text, bellTerminated);
                break;
            case 104:
            case 105:
            case >= 110 and <= 119:
                ResetColors(command, text);
                break;
        }
    }

    void IParserHandler.OscOverflow(ReadOnlySpan<byte> data, bool bellTerminated)
    {
        int command = data.StartsWith("52;"u8) ? 52 : data.StartsWith("8;"u8) ? 8 : -1;
        if (command > 0) OscTooLong(command);
        else ((IParserHandler)this).OscDispatch(data, bellTerminated);
    }

    void IParserHandler.DcsHook(int id, Params parameters) => StartDeviceControl(id);

    void IParserHandler.DcsPut(byte b) => PutDeviceControl(b);

    void IParserHandler.DcsUnhook() => EndDeviceControl();

    private int ReportRow() => OriginMode ? _y - _top + 1 : _y + 1;

    private void Reply(string ascii)
    {
        Span<byte> dst = _replies.GetSpan(ascii.Length);
        for (int i = 0; i < ascii.Length; i++) dst[i] = (byte)ascii[i];
        _replies.Advance(ascii.Length);
    }

    /// <summary>CHA/HPA: a 0-based column, relative to the left margin in origin mode.</summary>
    private void MoveToColumn(int x)
    {
        if (OriginMode) SetCursor(Math.Clamp(_left + x, _left, _right), _y);
        else SetCursor(x, _y);
    }

    private void SetScrollingRegion(int top, int bottom)
    {
        bottom = Math.Min(bottom, Rows);
        if (top >= bottom) return;
        _top = top - 1;
        _bottom = bottom - 1;
        MoveTo(0, 0);
    }

    private void SelectGraphicRendition(Params p)
    {
        bool known = SgrMemo.TryKey(p, out ulong low, out ulong high);
        int from = _styleId;
        if (known && _sgrMemo.TryGet(low, high, from, out int to, out int erase))
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
        if (known && compactions == _styleCompactions) _sgrMemo.Set(low, high, from, _styleId, _eraseStyleId);
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
        var s = new Style(fg, bg, ul, a, u) { Link = _style.Link };   // SGR 0 does not end a hyperlink
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
