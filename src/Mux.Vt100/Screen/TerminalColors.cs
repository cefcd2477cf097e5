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
