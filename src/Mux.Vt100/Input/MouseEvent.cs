using System.Buffers;
using System.Text;
namespace Mux.Vt100.Input;

/// <summary>
/// One mouse report from a client's terminal, decoded: xterm's button code (low bits the button, 3 for a release
/// in the old encodings; +4 Shift, +8 Meta, +16 Control, +32 motion, +64 wheel, +128 buttons 8-11) and the
/// 0-based cell. Read by <see cref="InputTokenizer"/> from SGR reports (<c>ESC [ &lt; b ; x ; y M|m</c>, mode 1006),
/// urxvt reports (<c>ESC [ b ; x ; y M</c>, 1015) or the old X10 form (<c>ESC [ M b x y</c>, each byte 32 + value);
/// written back in whichever encoding a window's program asked for.
/// </summary>
public readonly record struct MouseEvent(int Code, int X, int Y, bool Release)
{
    public const int Shift = 4, Meta = 8, Control = 16, Motion = 32, Wheel = 64, Extra = 128;

    public bool IsWheel => (Code & (Wheel | Extra)) == Wheel && !IsMotion;
    public bool IsWheelUp => IsWheel && (Code & 3) == 0;
    public bool IsWheelDown => IsWheel && (Code & 3) == 1;
    public bool IsMotion => (Code & Motion) != 0;

    /// <summary>The button, 0 left, 1 middle, 2 right, 3 none (motion without a button, or an old-style release).</summary>
    public int Button => Code & 3;

    /// <summary>A press (or drag) of the left button, without modifiers.</summary>
    public bool IsLeft => (Code & ~Motion) == 0 && !Release;

    /// <summary>
    /// True when a program with these modes asked to hear about this event (X10 mode: presses only; 1000: presses
    /// and releases; 1002: also motion with a button down; 1003: all motion).
    /// </summary>
    public bool WantedBy(TerminalModes modes)
    {
        if ((modes & TerminalModes.MouseX10) != 0) return !Release && !IsMotion;
        if ((modes & TerminalModes.MouseAnyEvent) != 0) return true;
        if ((modes & TerminalModes.MouseButtonEvent) != 0) return !IsMotion || Button != 3;
        if ((modes & TerminalModes.MouseNormal) != 0) return !IsMotion;
        return false;
    }

    /// <summary>True when the program in a terminal with these modes reads the mouse.</summary>
    public static bool Tracking(TerminalModes modes) =>
        (modes & (TerminalModes.MouseX10 | TerminalModes.MouseNormal | TerminalModes.MouseButtonEvent | TerminalModes.MouseAnyEvent)) != 0;

    /// <summary>
    /// Writes the report as the program with <paramref name="modes"/> expects it (SGR, urxvt, UTF-8 or X10);
    /// false when that encoding cannot carry it (X10 stops at column or row 223).
    /// </summary>
    public bool Encode(TerminalModes modes, IBufferWriter<byte> output)
    {
        int code = (modes & TerminalModes.MouseX10) != 0 ? Code & ~(Shift | Meta | Control) : Code;
        if ((modes & TerminalModes.MouseSgr) != 0)
        {
            Write(output, $"\u001b[<{code};{X + 1};{Y + 1}{(Release ? 'm' : 'M')}");
            return true;
        }
        // The older encodings have no release of a particular button: button 3 means "released".
        if (Release) code = (code & ~3) | 3;
        if ((modes & TerminalModes.MouseUrxvt) != 0)
        {
            Write(output, $"\u001b[{code + 32};{X + 1};{Y + 1}M");
            return true;
        }
        if ((modes & TerminalModes.MouseUtf8) != 0)
        {
            if (X + 33 > 2047 || Y + 33 > 2047) return false;
            Write(output, $"\u001b[M{(char)(code + 32)}{(char)(X + 33)}{(char)(Y + 33)}");
            return true;
        }
        if (X + 33 > 255 || Y + 33 > 255 || code + 32 > 255) return false;
        output.Write<byte>([0x1b, (byte)'[', (byte)'M', (byte)(code + 32), (byte)(X + 33), (byte)(Y + 33)]);
        return true;
    }

    private static void Write(IBufferWriter<byte> output, string text) => output.Write<byte>(Encoding.UTF8.GetBytes(text));
}
