using Mux.Vt100.Parsing;
using Mux.Vt100.Screen;

namespace Mux.Vt100;

// ANSI (SM/RM) and DEC private (DECSET/DECRST) modes: setting them, DECRQM reports, XTSAVE/XTRESTORE.
public sealed partial class Terminal
{
    /// <summary>ANSI modes xterm reports as permanently reset (DECRQM answer 4): GATM, SRTM, VEM, HEM, PUM, FEAM, FETM, MATM, TTM, SATM, TSM, EBM.</summary>
    private static ReadOnlySpan<int> PermanentlyResetAnsiModes => [1, 5, 7, 10, 11, 13, 14, 15, 16, 17, 18, 19];

    /// <summary>ANSI modes a program may set and read back that change nothing a window shows: KAM (2), SRM (12).</summary>
    private static ReadOnlySpan<int> InertAnsiModes => [2, 12];

    /// <summary>Saved by XTSAVE: at most this many modes, so a hostile stream cannot grow the table.</summary>
    private const int MaxSavedModes = 64;

    private ulong _inertDecModes;  // bit i: the i-th inert mode of DecModes (DecModes.InertIndex)
    private uint _inertAnsiModes;
    private bool _reverseWrap;      // mode 45: BS and CUB wrap back to the previous row
    private Dictionary<int, bool>? _savedDecModes;

    private void SetFlag(TerminalModes mode, bool on) => _modes = on ? _modes | mode : _modes & ~mode;

    private void SetAnsiModes(Params p, bool on)
    {
        for (int i = 0; i < p.Count; i++)
        {
            int mode = p[i];
            if (mode == 4) SetFlag(TerminalModes.Insert, on);                       // IRM
            else if (mode == 20) SetFlag(TerminalModes.LineFeedNewLine, on);       // LNM
            else if (InertAnsiModes.IndexOf(mode) is var bit and >= 0)
                _inertAnsiModes = on ? _inertAnsiModes | 1u << bit : _inertAnsiModes & ~(1u << bit);
        }
    }

    private void SetDecModes(Params p, bool on)
    {
        for (int i = 0; i < p.Count; i++) SetDecMode(p[i], on);
    }

    private void SetDecMode(int mode, bool on)
    {
        switch (mode)
        {
            case 3:
                // DECCOLM: we never switch to 132 columns, but like xterm we still do the rest of it.
                SetInertDecMode(mode, on);
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
            case 45: _reverseWrap = on; break;
            case 47:
                if (on) SwitchToAlternate(clear: false); else SwitchToMain();
                break;
            case 69: SetLeftRightMarginMode(on); break;
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
                if (on && (flag & DecModes.MouseTracking) != 0) _modes &= ~DecModes.MouseTracking;
                if (on && (flag & DecModes.MouseEncoding) != 0) _modes &= ~DecModes.MouseEncoding;
                if (flag != TerminalModes.None) SetFlag(flag, on);
                else SetInertDecMode(mode, on);
                break;
        }
    }

    private const int MoreFixMode = 41;

    private bool IsInertDecModeSet(int mode) => DecModes.InertIndex(mode) is var bit and >= 0 && (_inertDecModes >> bit & 1) != 0;

    private void SetInertDecMode(int mode, bool on)
    {
        int bit = DecModes.InertIndex(mode);
        if (bit >= 0) _inertDecModes = on ? _inertDecModes | 1ul << bit : _inertDecModes & ~(1ul << bit);
    }

    /// <summary>DECRQM state of a DEC mode: 1 set, 2 reset, 4 permanently reset, 0 not recognised.</summary>
    private int DecModeState(int mode)
    {
        switch (mode)
        {
            case 25: return CursorVisible ? 1 : 2;
            case 45: return _reverseWrap ? 1 : 2;
            case 47 or 1047 or 1049: return IsAlternateScreen ? 1 : 2;
            case 69: return _leftRightMarginMode ? 1 : 2;
            case 1048: return 2;
        }
        if (DecModes.Find(mode) is not { } known) return 0;
        if (known.Flag != TerminalModes.None) return Has(known.Flag);
        return known.Kind switch
        {
            DecModeKind.Inert => IsInertDecModeSet(mode) ? 1 : 2,
            DecModeKind.PermanentlyReset => 4,
            _ => 0,
        };
    }

    private int AnsiModeState(int mode)
    {
        if (mode == 4) return Has(TerminalModes.Insert);
        if (mode == 20) return Has(TerminalModes.LineFeedNewLine);
        if (InertAnsiModes.IndexOf(mode) is var bit and >= 0) return (_inertAnsiModes >> bit & 1) != 0 ? 1 : 2;
        return PermanentlyResetAnsiModes.Contains(mode) ? 4 : 0;
    }

    /// <summary>DECRQM reply: 1 set, 2 reset, 4 permanently reset, 0 not recognised.</summary>
    private void ReportMode(int mode, bool dec)
    {
        int state = dec ? DecModeState(mode) : AnsiModeState(mode);
        Reply(dec ? $"\e[?{mode};{state}$y" : $"\e[{mode};{state}$y");
    }

    private int Has(TerminalModes m) => (_modes & m) != 0 ? 1 : 2;

    /// <summary>XTSAVE (CSI ? Pm s): remembers the listed DEC modes that are known and settable.</summary>
    private void SaveDecModes(Params p)
    {
        for (int i = 0; i < p.Count; i++)
        {
            int state = DecModeState(p[i]);
            if (state is not (1 or 2)) continue;
            _savedDecModes ??= new Dictionary<int, bool>();
            if (_savedDecModes.Count >= MaxSavedModes && !_savedDecModes.ContainsKey(p[i])) continue;
            _savedDecModes[p[i]] = state == 1;
        }
    }

    /// <summary>XTRESTORE (CSI ? Pm r): sets the listed modes back to what XTSAVE remembered.</summary>
    private void RestoreDecModes(Params p)
    {
        if (_savedDecModes == null) return;
        for (int i = 0; i < p.Count; i++)
            if (_savedDecModes.TryGetValue(p[i], out bool on)) SetDecMode(p[i], on);
    }
}
