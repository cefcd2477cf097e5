using System.Text;
using Mux.Vt100.Screen;

namespace Mux.Vt100;

// What the terminal answers: device attributes and status, mode and setting reports, window reports, colour queries.
// Every answer is built from the terminal's state, never from the bytes of the request, so a program cannot make
// the terminal type text of its choosing into whatever reads the answer.
public sealed partial class Terminal
{
    /// <summary>DA1 as xterm answers at VT525 level: 132 columns, printer, selective erase, NRCS, technical set,
    /// locator, state reports, windows, horizontal scrolling, colour, rectangular editing, text locator.</summary>
    private const string PrimaryAttributes = "\e[?65;1;2;6;9;15;16;17;18;21;22;28;29c";

    /// <summary>DA2: a VT525 ("64"), the xterm patch level Mux follows for what it emulates, no options.</summary>
    private const string SecondaryAttributes = "\e[>64;390;0c";

    /// <summary>Cell size in pixels reported to programs that ask (CSI 14/16 t): a window has no pixels of its own.</summary>
    private const int CellWidthPixels = 10, CellHeightPixels = 20;

    /// <summary>Titles XTWINOPS 22 can push; further pushes are dropped, as in xterm.</summary>
    private const int MaxTitleStack = 10;

    private int _conformanceLevel = 65;     // DECSCL: 61..65
    private int _linesPerPage;              // DECSLPP (CSI Ps t with Ps >= 24), 0 = the screen's height
    private int _linesPerScreen;            // DECSNLS, 0 = the screen's height
    private bool _iconified;                // XTWINOPS 1/2: a window cannot be iconified, but the state reads back
    private List<(string Title, string Icon)>? _titleStack;

    // Colour changes a program made (OSC 4/5/10-19), packed 0x1RRGGBB (0 = not changed); allocated on the first.
    private uint[]? _colorOverrides;

    /// <summary>Where colour queries get colours the program has not changed; xterm's defaults unless the host knows better.</summary>
    public IColorDefaults ColorDefaults { get; set; } = XtermColorDefaults.Instance;

    /// <summary>What XTVERSION answers: the name and version, in xterm's "XTerm(390)" form.</summary>
    private static readonly string s_versionText = $"Mux({typeof(Terminal).Assembly.GetName().Version?.ToString(3) ?? "0"})";

    /// <summary>DSR (ANSI) and DECDSR: status and cursor position reports.</summary>
    private void ReportStatus(Parsing.Params p, bool dec)
    {
        int request = p.GetRaw(0);
        if (!dec)
        {
            if (request == 5) Reply("\e[0n");                                   // operating status: OK
            else if (request == 6) Reply($"\e[{ReportRow()};{ReportColumn()}R"); // CPR
            return;
        }
        switch (request)
        {
            case 6: Reply($"\e[?{ReportRow()};{ReportColumn()};1R"); break;    // DECXCPR, page 1
            case 15: Reply("\e[?13n"); break;                                  // no printer
            case 25: Reply("\e[?20n"); break;                                  // user-defined keys unlocked
            case 26: Reply("\e[?27;1;0;0n"); break;                            // North American keyboard, ready, LK201
            case 53:
            case 55: Reply("\e[?50n"); break;                                  // no locator
            case 56: Reply("\e[?57;0n"); break;                                // locator type: none
            case 62: Reply("\e[0*{"); break;                                   // DECMSR: no macro space
            case 63: Reply($"\eP{p.GetRaw(1)}!~0000\e\\"); break;               // DECCKSR: the (empty) macros' checksum
            case 75: Reply("\e[?70n"); break;                                  // data integrity: ready
            case 85: Reply("\e[?83n"); break;                                  // not a multi-session terminal
        }
    }

    private int ReportColumn() => OriginMode ? _x - _left + 1 : _x + 1;

    private void ReplyVersion()
    {
        // DCS > | text ST
        Reply($"\eP>|{s_versionText}\e\\");
    }

    private void SetConformanceLevel(Parsing.Params p)
    {
        int level = p.GetRaw(0);
        if (level is < 61 or > 65) return;
        _conformanceLevel = level;
        SoftReset();
    }

    // ---- Window operations (XTWINOPS) -------------------------------------------------------------------------

    /// <summary>
    /// CSI Ps t. A window's size belongs to the client, so requests to move, resize or raise change nothing; the
    /// reports answer with fixed data derived from the screen size (position 0,0, cells of a fixed pixel size).
    /// </summary>
    private void WindowOperation(Parsing.Params p)
    {
        int op = p.GetRaw(0);
        switch (op)
        {
            case 1: _iconified = false; break;
            case 2: _iconified = true; break;
            case 11: Reply(_iconified ? "\e[2t" : "\e[1t"); break;
            case 13: Reply("\e[3;0;0t"); break;
            case 14: Reply($"\e[4;{Rows * CellHeightPixels};{Columns * CellWidthPixels}t"); break;
            case 15: Reply($"\e[5;{Rows * CellHeightPixels};{Columns * CellWidthPixels}t"); break;
            case 16: Reply($"\e[6;{CellHeightPixels};{CellWidthPixels}t"); break;
            case 18: Reply($"\e[8;{Rows};{Columns}t"); break;
            case 19: Reply($"\e[9;{Rows};{Columns}t"); break;
            case 20: Reply("\e]L\e\\"); break;  // icon label: never echoed (see ReportsNeverEchoTitles)
            case 21: Reply("\e]l\e\\"); break;  // window title: likewise
            case 22: PushTitle(p.GetRaw(1)); break;
            case 23: PopTitle(p.GetRaw(1)); break;
            case >= 24: _linesPerPage = Math.Min(op, MaxDimension); break;   // DECSLPP: recorded, the size stays
        }
    }

    private void PushTitle(int which)
    {
        _titleStack ??= new List<(string, string)>();
        if (_titleStack.Count >= MaxTitleStack) return;
        // 0 both, 1 icon, 2 window: what is not pushed is restored as it is when popped.
        _titleStack.Add((which == 1 ? "\0" : Title, which == 2 ? "\0" : IconName));
    }

    private void PopTitle(int which)
    {
        if (_titleStack is not { Count: > 0 }) return;
        var (title, icon) = _titleStack[^1];
        _titleStack.RemoveAt(_titleStack.Count - 1);
        if (which != 1 && title != "\0") Title = title;
        if (which != 2 && icon != "\0") IconName = icon;
    }

    // ---- Colours (OSC 4, 5, 10-19 and their resets) -----------------------------------------------------------

    /// <summary>
    /// OSC 4 (index;spec pairs), OSC 5 (special colours) and OSC 10-19 (one spec per consecutive colour): a spec of
    /// "?" asks for the colour, anything else sets it when it parses. Answers carry the colour as numbers only.
    /// </summary>
    private void QueryColors(int command, ReadOnlySpan<byte> args, bool bellTerminated)
    {
        string end = bellTerminated ? "\a" : "\e\\";
        if (command is 4 or 5)
        {
            int offset = command == 5 ? ColorSlot.Special : 0;
            int limit = command == 5 ? ColorSlot.SpecialCount : ColorSlot.Special + ColorSlot.SpecialCount;
            while (NextField(ref args, out var indexText) && NextField(ref args, out var spec))
            {
                if (!TryParseNumber(indexText, out int index) || index >= limit) continue;
                int slot = offset + index;
                if (spec.SequenceEqual("?"u8)) Reply($"\e]{command};{index};{FormatColor(slot)}{end}");
                else if (TryParseColor(spec, out uint rgb)) SetColorOverride(slot, rgb);
            }
            return;
        }
        // OSC 10;a;b… sets or asks 10, then 11 for b, and so on.
        for (int osc = command; osc <= 19 && NextField(ref args, out var spec); osc++)
        {
            int slot = ColorSlot.OfDynamic(osc);
            if (spec.SequenceEqual("?"u8)) Reply($"\e]{osc};{FormatColor(slot)}{end}");
            else if (TryParseColor(spec, out uint rgb)) SetColorOverride(slot, rgb);
        }
    }

    /// <summary>OSC 104 (palette entries, all when none given), 105 (special colours), 110-119 (one dynamic colour).</summary>
    private void ResetColors(int command, ReadOnlySpan<byte> args)
    {
        if (_colorOverrides == null) return;
        if (command >= 110)
        {
            _colorOverrides[ColorSlot.OfDynamic(command - 100)] = 0;
            return;
        }
        int offset = command == 105 ? ColorSlot.Special : 0;
        int count = command == 105 ? ColorSlot.SpecialCount : ColorSlot.PaletteCount;
        bool any = false;
        while (NextField(ref args, out var indexText))
        {
            if (indexText.IsEmpty) continue;
            any = true;
            if (TryParseNumber(indexText, out int index) && index < count) _colorOverrides[offset + index] = 0;
        }
        if (!any) Array.Clear(_colorOverrides, offset, count);
    }

    private void SetColorOverride(int slot, uint rgb)
    {
        _colorOverrides ??= new uint[ColorSlot.Count];
        _colorOverrides[slot] = 0x1000000 | rgb;
    }

    private string FormatColor(int slot)
    {
        uint packed = _colorOverrides?[slot] ?? 0;
        var (r, g, b) = packed != 0 ? ((byte)(packed >> 16), (byte)(packed >> 8), (byte)packed) : ColorDefaults.Get(slot);
        // X11 form with 16 bits per channel, as xterm answers.
        return $"rgb:{r * 257:x4}/{g * 257:x4}/{b * 257:x4}";
    }

    private static bool NextField(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> field)
    {
        if (rest.IsEmpty)
        {
            field = default;
            return false;
        }
        int semi = rest.IndexOf((byte)';');
        field = semi < 0 ? rest : rest[..semi];
        rest = semi < 0 ? default : rest[(semi + 1)..];
        return true;
    }

    private static bool TryParseNumber(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 5) return false;
        foreach (byte b in text)
        {
            if (b is < (byte)'0' or > (byte)'9') return false;
            value = value * 10 + (b - '0');
        }
        return true;
    }

    /// <summary>X11 colour specs: rgb:h/h/h (1-4 hex digits a channel, scaled) or #rgb with 1-4 digits a channel (high bits).</summary>
    internal static bool TryParseColor(ReadOnlySpan<byte> spec, out uint rgb)
    {
        rgb = 0;
        if (spec.StartsWith("rgb:"u8))
        {
            spec = spec[4..];
            for (int i = 0; i < 3; i++)
            {
                int slash = spec.IndexOf((byte)'/');
                var part = i < 2 ? (slash < 0 ? default : spec[..slash]) : spec;
                if (part.IsEmpty || part.Length > 4 || !TryParseHex(part, out uint v)) return false;
                uint max = (1u << (4 * part.Length)) - 1;
                rgb = rgb << 8 | v * 0xFFFF / max >> 8;
                spec = i < 2 ? spec[(slash + 1)..] : default;
            }
            return true;
        }
        if (spec.Length > 1 && spec[0] == '#' && (spec.Length - 1) % 3 == 0 && spec.Length - 1 <= 12)
        {
            int digits = (spec.Length - 1) / 3;
            for (int i = 0; i < 3; i++)
            {
                if (!TryParseHex(spec.Slice(1 + i * digits, digits), out uint v)) return false;
                rgb = rgb << 8 | (v << (16 - 4 * digits)) >> 8;
            }
            return true;
        }
        return false;
    }

    private static bool TryParseHex(ReadOnlySpan<byte> text, out uint value)
    {
        value = 0;
        foreach (byte b in text)
        {
            int d = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (d < 0) return false;
            value = value << 4 | (uint)d;
        }
        return true;
    }

    // ---- DECRQSS (DCS $ q Pt ST) and XTGETTCAP (DCS + q Pt ST) -------------------------------------------------

    private const int DcsDecrqss = '$' << 8 | 'q', DcsXtgettcap = '+' << 8 | 'q';
    private const int MaxSettingName = 3, MaxCapabilityNames = 64;
    private int _dcs;                                   // the device control string being received, 0 = ignored
    private readonly byte[] _dcsData = new byte[MaxCapabilityNames];
    private int _dcsLength;
    private bool _dcsTooLong;                           // longer than any name asked for: answered as invalid

    private void StartDeviceControl(int id)
    {
        _dcs = id is DcsDecrqss or DcsXtgettcap ? id : 0;
        _dcsLength = 0;
        _dcsTooLong = false;
    }

    private void PutDeviceControl(byte b)
    {
        if (_dcs == 0) return;
        if (_dcsLength < (_dcs == DcsDecrqss ? MaxSettingName : MaxCapabilityNames)) _dcsData[_dcsLength++] = b;
        else _dcsTooLong = true;
    }

    private void EndDeviceControl()
    {
        if (_dcs == 0) return;
        if (_dcs == DcsXtgettcap) ReportCapabilities(_dcsTooLong ? default : _dcsData.AsSpan(0, _dcsLength));
        else
        {
            string? value = _dcsTooLong ? null : ReportSetting(_dcsData.AsSpan(0, _dcsLength));
            Reply(value == null ? "\eP0$r\e\\" : $"\eP1$r{value}\e\\");
        }
        _dcs = 0;
    }

    /// <summary>
    /// XTGETTCAP: each terminfo name asked for (in hex, split by ';') is answered <c>DCS 1 + r name=value ST</c> when
    /// known, else <c>DCS 0 + r name ST</c>, as xterm does. Known: the number of colours (<c>Co</c>, <c>colors</c>),
    /// which tells a program where xterm's special colours start in OSC 4.
    /// </summary>
    private void ReportCapabilities(ReadOnlySpan<byte> names)
    {
        if (names.IsEmpty)
        {
            Reply("\eP0+r\e\\");
            return;
        }
        foreach (Range r in names.Split((byte)';'))
        {
            ReadOnlySpan<byte> hex = names[r];
            string? value = DecodeHex(hex) switch
            {
                "Co" or "colors" => ColorSlot.PaletteCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => null,
            };
            string name = Encoding.ASCII.GetString(hex);
            // The name is echoed only when it is plain hex: a request's other bytes never come back.
            if (hex.IndexOfAnyExcept("0123456789abcdefABCDEF"u8) >= 0) name = "";
            Reply(value == null ? $"\eP0+r{name}\e\\" : $"\eP1+r{name}={Convert.ToHexString(Encoding.ASCII.GetBytes(value))}\e\\");
        }
    }

    private static string? DecodeHex(ReadOnlySpan<byte> hex)
    {
        if (hex.Length == 0 || hex.Length % 2 != 0) return null;
        var chars = new char[hex.Length / 2];
        for (int i = 0; i < chars.Length; i++)
        {
            if (!TryParseHex(hex.Slice(2 * i, 2), out uint v)) return null;
            chars[i] = (char)v;
        }
        return new string(chars);
    }

    /// <summary>The current value of a setting, written as the control sequence that would set it; null when unknown.</summary>
    private string? ReportSetting(ReadOnlySpan<byte> name)
    {
        string n = Encoding.ASCII.GetString(name);
        return n switch
        {
            "m" => SgrReport(_style),
            "r" => $"{_top + 1};{_bottom + 1}r",
            "s" => $"{_left + 1};{_right + 1}s",
            "\"q" => (_style.Attributes & CellAttributes.Protected) != 0 && !_isoProtection ? "1\"q" : "0\"q",
            "\"p" => $"{_conformanceLevel};1\"p",
            " q" => $"{(int)CursorStyle} q",
            "t" => $"{(_linesPerPage > 0 ? _linesPerPage : Rows)}t",
            "*|" => $"{(_linesPerScreen > 0 ? _linesPerScreen : Rows)}*|",
            "$|" => $"{Columns}$|",
            // Settings of hardware Mux has not got, reported in their power-on state, as xterm does (it does not
            // know DECELF, DECLFKC or DECSMKR: those are invalid).
            "$}" or "*x" or "$~" => "0" + n,
            _ => null,
        };
    }

    private static string SgrReport(in Style s)
    {
        var sb = new StringBuilder("0");
        var a = s.Attributes;
        if ((a & CellAttributes.Bold) != 0) sb.Append(";1");
        if ((a & CellAttributes.Dim) != 0) sb.Append(";2");
        if ((a & CellAttributes.Italic) != 0) sb.Append(";3");
        if (s.Underline == UnderlineStyle.Single) sb.Append(";4");
        else if (s.Underline == UnderlineStyle.Double) sb.Append(";21");
        else if (s.Underline != UnderlineStyle.None) sb.Append(";4:").Append((int)s.Underline);
        if ((a & CellAttributes.Blink) != 0) sb.Append(";5");
        if ((a & CellAttributes.RapidBlink) != 0) sb.Append(";6");
        if ((a & CellAttributes.Reverse) != 0) sb.Append(";7");
        if ((a & CellAttributes.Hidden) != 0) sb.Append(";8");
        if ((a & CellAttributes.Strikethrough) != 0) sb.Append(";9");
        if ((a & CellAttributes.Overline) != 0) sb.Append(";53");
        AppendSgrColor(sb, s.Foreground, 30, 90, 38, ';');
        AppendSgrColor(sb, s.Background, 40, 100, 48, ';');
        AppendSgrColor(sb, s.UnderlineColor, -1, -1, 58, ':');   // only the colon form exists for 58
        return sb.Append('m').ToString();
    }

    private static void AppendSgrColor(StringBuilder sb, Color c, int basic, int bright, int extended, char separator)
    {
        char s = separator;
        switch (c.Kind)
        {
            case ColorKind.Indexed when c.Index < 8 && basic > 0: sb.Append(';').Append(basic + c.Index); break;
            case ColorKind.Indexed when c.Index < 16 && bright > 0: sb.Append(';').Append(bright + c.Index - 8); break;
            case ColorKind.Indexed: sb.Append(';').Append(extended).Append(s).Append('5').Append(s).Append(c.Index); break;
            case ColorKind.Rgb:
                sb.Append(';').Append(extended).Append(s).Append('2').Append(s);
                if (s == ':') sb.Append(':');   // the empty colour-space id of the colon form
                sb.Append(c.R).Append(s).Append(c.G).Append(s).Append(c.B);
                break;
        }
    }
}
