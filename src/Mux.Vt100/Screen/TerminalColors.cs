namespace Mux.Vt100.Screen;

/// <summary>
/// The colours a program may ask for (OSC 4/5/10-19 with "?"): where they come from before a program changes them.
/// The emulator answers from here; a host that knows the user's real terminal colours supplies its own.
/// </summary>
public interface IColorDefaults
{
    /// <summary>The colour of <paramref name="slot"/> (see <see cref="ColorSlot"/>) as 8-bit red, green, blue.</summary>
    (byte R, byte G, byte B) Get(int slot);
}

/// <summary>Numbering of every colour OSC can query or set, in one space.</summary>
public static class ColorSlot
{
    /// <summary>Palette entries 0-255 are slots 0-255 (OSC 4).</summary>
    public const int PaletteCount = 256;

    /// <summary>xterm's special colours (OSC 5, or OSC 4 with 256 + n): bold, underline, blink, reverse, italic.</summary>
    public const int Special = 256, SpecialCount = 5;

    /// <summary>Dynamic colours OSC 10-19 (foreground, background, cursor, pointer…) are slots 261-270.</summary>
    public const int Dynamic = Special + SpecialCount, DynamicCount = 10;

    public const int Count = Dynamic + DynamicCount;

    public static int OfDynamic(int osc) => Dynamic + osc - 10;
}

/// <summary>xterm's default colours: its 16-colour palette, the 6x6x6 cube, the grey ramp, black on white.</summary>
public sealed class XtermColorDefaults : IColorDefaults
{
    public static readonly XtermColorDefaults Instance = new();

    private static readonly uint[] s_base16 =
    [
        0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
        0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
    ];

    public (byte R, byte G, byte B) Get(int slot)
    {
        uint rgb = slot switch
        {
            < 16 and >= 0 => s_base16[slot],
            < 232 and >= 16 => Cube(slot - 16),
            < 256 and >= 232 => Grey(slot - 232),
            ColorSlot.Dynamic + 1 => 0xffffff,      // background (OSC 11)
            _ => 0x000000,                          // foreground, cursor and the rest
        };
        return ((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);
    }

    private static uint Cube(int i)
    {
        static uint Level(int v) => v == 0 ? 0u : (uint)(55 + 40 * v);
        return Level(i / 36) << 16 | Level(i / 6 % 6) << 8 | Level(i % 6);
    }

    private static uint Grey(int i)
    {
        uint v = (uint)(8 + 10 * i);
        return v << 16 | v << 8 | v;
    }
}

/// <summary>
/// Colours learned from a real terminal (its answers to OSC 4/10/11 queries), over another source for the colours it
/// has not told: what a host answers a program's query with when it knows the user's terminal.
/// </summary>
public sealed class LearnedColors(IColorDefaults fallback) : IColorDefaults
{
    private readonly uint[] _known = new uint[ColorSlot.Count]; // 0x1RRGGBB, 0 = not learned

    public LearnedColors() : this(XtermColorDefaults.Instance) { }

    /// <summary>Learns <paramref name="slot"/>'s colour (0xRRGGBB); false when the slot is out of range or nothing changed.</summary>
    public bool Set(int slot, uint rgb)
    {
        if ((uint)slot >= (uint)_known.Length) return false;
        uint packed = 0x1000000 | (rgb & 0xFFFFFF);
        if (_known[slot] == packed) return false;
        _known[slot] = packed;
        return true;
    }

    /// <summary>The learned colour of <paramref name="slot"/> (0xRRGGBB), if any.</summary>
    public bool TryGet(int slot, out uint rgb)
    {
        rgb = (uint)slot < (uint)_known.Length ? _known[slot] & 0xFFFFFF : 0;
        return (uint)slot < (uint)_known.Length && _known[slot] != 0;
    }

    public (byte R, byte G, byte B) Get(int slot) =>
        TryGet(slot, out uint rgb) ? ((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb) : fallback.Get(slot);
}

/// <summary>
/// A terminal's answers to colour queries, as the user's terminal sends them: <c>OSC 10 ; spec</c>, <c>OSC 11 ; spec</c>
/// and <c>OSC 4 ; index ; spec</c>, ended by ST or BEL, the spec in X11 form (<c>rgb:RRRR/GGGG/BBBB</c>, <c>#RGB</c>).
/// </summary>
public static class ColorReport
{
    /// <summary>Looks like an answer to a colour query (OSC 4, 10 or 11), whether or not it parses.</summary>
    public static bool IsColorReport(ReadOnlySpan<byte> raw) =>
        raw.StartsWith("\e]4;"u8) || raw.StartsWith("\e]10;"u8) || raw.StartsWith("\e]11;"u8);

    /// <summary>The colour slot (<see cref="ColorSlot"/>) and colour (0xRRGGBB) an answer gives; false when it is not one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> raw, out int slot, out uint rgb)
    {
        slot = -1;
        rgb = 0;
        if (!IsColorReport(raw)) return false;
        ReadOnlySpan<byte> body = raw[2..];
        if (body.EndsWith("\e\\"u8)) body = body[..^2];
        else if (body.EndsWith("\a"u8)) body = body[..^1];
        else return false;
        int semi = body.IndexOf((byte)';');
        ReadOnlySpan<byte> command = body[..semi], rest = body[(semi + 1)..];
        if (command.SequenceEqual("4"u8))
        {
            int second = rest.IndexOf((byte)';');
            if (second <= 0 || !int.TryParse(rest[..second], System.Globalization.NumberStyles.None, null, out int index) || index >= ColorSlot.PaletteCount) return false;
            slot = index;
            rest = rest[(second + 1)..];
        }
        else slot = ColorSlot.OfDynamic(command.SequenceEqual("10"u8) ? 10 : 11);
        return Terminal.TryParseColor(rest, out rgb);
    }
}
