using System.Buffers;
using System.Text;

namespace Mux.Vt100;

/// <summary>
/// The extended key encoding a program asked for (xterm's modifyOtherKeys level and kitty's keyboard flags), and so
/// the one a client's terminal is put in while that program's window is shown. Legacy when both are off.
/// </summary>
public readonly record struct KeyEncoding(KittyKeyFlags Kitty, int ModifyOtherKeys)
{
    public static readonly KeyEncoding Legacy = default;

    /// <summary>What the program in <paramref name="terminal"/> asked for on its current screen.</summary>
    public static KeyEncoding Of(Terminal terminal) => new(terminal.KittyKeyFlags, terminal.ModifyOtherKeys);

    public bool IsLegacy => Kitty == KittyKeyFlags.None && ModifyOtherKeys == 0;

    /// <summary>Two bytes for the wire: the kitty flags and the modifyOtherKeys level.</summary>
    public (byte Kitty, byte ModifyOtherKeys) Pack() => ((byte)Kitty, (byte)ModifyOtherKeys);

    public static KeyEncoding Unpack(byte kitty, byte modifyOtherKeys) =>
        new((KittyKeyFlags)(kitty & (byte)KittyKeyFlags.All), Math.Min((int)modifyOtherKeys, 2));
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
        Transition(current with { ModifyOtherKeys = 0 }, KeyEncoding.Legacy, output);
        if (current.ModifyOtherKeys != 0) Write(output, "\e[>4m");
        return output.WrittenSpan.ToArray();
    }

    private static void Write(IBufferWriter<byte> output, string text) =>
        output.Write<byte>(Encoding.ASCII.GetBytes(text));
}
