using System.Buffers;
using System.Text;

namespace Mux.Vt100;

/// <summary>
/// The extended key encoding a program asked for (xterm's modifyOtherKeys level and kitty's keyboard flags), and so
/// the one a client's terminal is put in while that program's window is shown; legacy when both are off. With it,
/// whether the program reads focus reports (mode 1004, which <see cref="DecModes"/> mirrors): the client passes a
/// terminal's focus report on only then.
/// </summary>
public readonly record struct KeyEncoding(KittyKeyFlags Kitty, int ModifyOtherKeys, bool ReportsFocus = false)
{
    public static readonly KeyEncoding Legacy = default;

    /// <summary>What the program in <paramref name="terminal"/> asked for on its current screen.</summary>
    public static KeyEncoding Of(Terminal terminal) =>
        new(terminal.KittyKeyFlags, terminal.ModifyOtherKeys, (terminal.Modes & TerminalModes.FocusEvents) != 0);

    /// <summary>Three bytes for the wire: the kitty flags, the modifyOtherKeys level, 1 when focus reports are read.</summary>
    public byte[] Pack() => [(byte)Kitty, (byte)ModifyOtherKeys, ReportsFocus ? (byte)1 : (byte)0];

    /// <summary>What <see cref="Pack"/> wrote; legacy for anything shorter.</summary>
    public static KeyEncoding Unpack(ReadOnlySpan<byte> packed) => packed.Length < 3 ? Legacy :
        new((KittyKeyFlags)(packed[0] & (byte)KittyKeyFlags.All), Math.Min((int)packed[1], 2), packed[2] == 1);
}

/// <summary>
/// The one place that writes key-encoding modes to a client's terminal, beside <see cref="DecModes"/> for the DEC
/// modes. Kitty flags are pushed once when they go on (<c>CSI &gt; flags u</c>), changed in place
/// (<c>CSI = flags ; 1 u</c>) and popped when they go off (<c>CSI &lt; u</c>), so the user's own entries on the
/// terminal's stack are never touched; modifyOtherKeys is set with <c>CSI &gt; 4 ; level m</c>.
/// </summary>
public static class KeyEncodings
{
    /// <summary>Writes what takes a terminal from <paramref name="from"/> to <paramref name="to"/> (nothing when equal).</summary>
    public static void Transition(KeyEncoding from, KeyEncoding to, IBufferWriter<byte> output)
    {
        if (from.Kitty != to.Kitty)
        {
            if (from.Kitty == KittyKeyFlags.None) Write(output, $"\e[>{(int)to.Kitty}u");
            else if (to.Kitty == KittyKeyFlags.None) Write(output, "\e[<u");
            else Write(output, $"\e[={(int)to.Kitty};1u");
        }
        if (from.ModifyOtherKeys != to.ModifyOtherKeys) Write(output, $"\e[>4;{to.ModifyOtherKeys}m");
    }

    /// <summary>
    /// What gives the user's terminal back without the modes of <paramref name="current"/>: the kitty entry popped,
    /// and modifyOtherKeys reset to the terminal's own setting (<c>CSI &gt; 4 m</c>, as tmux does) rather than forced off.
    /// </summary>
    public static byte[] Leave(KeyEncoding current)
    {
        var output = new ArrayBufferWriter<byte>(16);
        Transition(new KeyEncoding(current.Kitty, 0), KeyEncoding.Legacy, output);
        if (current.ModifyOtherKeys != 0) Write(output, "\e[>4m");
        return output.WrittenSpan.ToArray();
    }

    private static void Write(IBufferWriter<byte> output, string text) =>
        output.Write<byte>(Encoding.ASCII.GetBytes(text));
}
