namespace Mux.Vt100;

/// <summary>What a client's terminal is left with for a DEC private mode when the client lets it go.</summary>
public enum DetachState : byte
{
    /// <summary>Left as it is (the mode is not ours to touch, or something else puts it back).</summary>
    Untouched,
    /// <summary>Reset (<c>CSI ? n l</c>).</summary>
    Off,
    /// <summary>Set (<c>CSI ? n h</c>): a shell expects it on.</summary>
    On,
}

/// <summary>How the emulator keeps a DEC private mode.</summary>
public enum DecModeKind : byte
{
    /// <summary>A flag of the model, or a mode with a behaviour of its own (handled by the emulator directly).</summary>
    Tracked,
    /// <summary>A program may set it and read it back (DECRQM, XTSAVE), but it changes nothing a window shows.</summary>
    Inert,
    /// <summary>Not settable: DECRQM answers "permanently reset" (4), as xterm does.</summary>
    PermanentlyReset,
}

/// <summary>One DEC private mode: its number, its name, the model's flag for it, and what a client's terminal does with it.</summary>
/// <param name="Mirrored">The attached client's terminal is set the same as the shown window (so keys and mouse reports come in the program's form).</param>
public readonly record struct DecMode(int Number, string Name, TerminalModes Flag, bool Mirrored, DetachState AtDetach, DecModeKind Kind = DecModeKind.Tracked)
{
    /// <summary>Written out: a record's generated ToString formats its enum by reflection, which Native AOT would link into mux.</summary>
    public override string ToString() => $"?{Number} {Name}";
}

/// <summary>
/// The DEC private modes Mux knows, in one table: what the emulator tracks (<see cref="Terminal.Modes"/>, DECRQM
/// answers, XTSAVE), what the renderer mirrors onto a client's terminal, and what that terminal is given back at
/// detach. Modes with a behaviour of their own (DECCOLM 3, DECOM 6, DECAWM 7, DECTCEM 25, reverse wraparound 45,
/// the alternate screens 47/1047/1049, DECLRMM 69, 1048) are handled by the emulator directly and listed here for
/// the detach, DECRQM and the names.
/// </summary>
public static class DecModes
{
    /// <summary>The mouse tracking modes: one at a time, as in xterm.</summary>
    public const TerminalModes MouseTracking =
        TerminalModes.MouseX10 | TerminalModes.MouseNormal | TerminalModes.MouseButtonEvent | TerminalModes.MouseAnyEvent;

    /// <summary>The mouse report encodings: one at a time, as in xterm.</summary>
    public const TerminalModes MouseEncoding = TerminalModes.MouseUtf8 | TerminalModes.MouseSgr | TerminalModes.MouseUrxvt;

    private const DecModeKind Inert = DecModeKind.Inert;

    public static readonly DecMode[] All =
    [
        new(1, "DECCKM cursor keys", TerminalModes.ApplicationCursorKeys, Mirrored: true, DetachState.Off),
        // DECCOLM: never 132 columns, but set/read back and the rest of it done (the emulator's own case).
        new(3, "DECCOLM 132 columns", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(4, "DECSCLM smooth scroll", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(5, "DECSCNM reverse screen", TerminalModes.ReverseScreen, Mirrored: false, DetachState.Untouched),
        new(6, "DECOM origin", TerminalModes.Origin, Mirrored: false, DetachState.Untouched),
        new(7, "DECAWM autowrap", TerminalModes.AutoWrap, Mirrored: false, DetachState.On),
        new(9, "X10 mouse", TerminalModes.MouseX10, Mirrored: true, DetachState.Off),
        new(12, "cursor blink", TerminalModes.CursorBlink, Mirrored: false, DetachState.Untouched),
        new(18, "DECPFF print form feed", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(19, "DECPEX print extent", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(25, "DECTCEM cursor visible", TerminalModes.None, Mirrored: false, DetachState.On),
        new(35, "DECHEBM font shifting", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(40, "80/132 columns allowed", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(41, "more(1) fix", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(42, "DECNRCM national characters", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(44, "margin bell", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(45, "reverse wraparound", TerminalModes.None, Mirrored: false, DetachState.Untouched),
        new(47, "alternate screen", TerminalModes.None, Mirrored: false, DetachState.Untouched),
        new(60, "DECHCCM horizontal cursor coupling", TerminalModes.None, Mirrored: false, DetachState.Untouched, DecModeKind.PermanentlyReset),
        // DECNKM is DECKPAM/DECKPNM by another name; the keypad is mirrored as ESC = / ESC > (see Mirrored below).
        new(66, "DECNKM numeric keypad", TerminalModes.ApplicationKeypad, Mirrored: false, DetachState.Untouched),
        new(67, "DECBKM backarrow key", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(69, "DECLRMM left/right margins", TerminalModes.None, Mirrored: false, DetachState.Untouched),
        new(95, "DECNCSM no clear on column change", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(1000, "normal mouse", TerminalModes.MouseNormal, Mirrored: true, DetachState.Off),
        new(1002, "button-event mouse", TerminalModes.MouseButtonEvent, Mirrored: true, DetachState.Off),
        new(1003, "any-event mouse", TerminalModes.MouseAnyEvent, Mirrored: true, DetachState.Off),
        new(1004, "focus events", TerminalModes.FocusEvents, Mirrored: true, DetachState.Off),
        new(1005, "UTF-8 mouse", TerminalModes.MouseUtf8, Mirrored: true, DetachState.Off),
        new(1006, "SGR mouse", TerminalModes.MouseSgr, Mirrored: true, DetachState.Off),
        new(1007, "alternate scroll", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(1010, "scroll to bottom on output", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(1011, "scroll to bottom on key", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(1015, "urxvt mouse", TerminalModes.MouseUrxvt, Mirrored: true, DetachState.Off),
        new(1034, "eight-bit meta", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(1035, "num lock modifiers", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(1036, "meta sends escape", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(1037, "delete sends DEL", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(1039, "alt sends escape", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(1045, "extended reverse wraparound", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(1046, "alternate screen allowed", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(1047, "alternate screen", TerminalModes.None, Mirrored: false, DetachState.Untouched),
        new(1048, "save cursor", TerminalModes.None, Mirrored: false, DetachState.Untouched),
        // The client's own screen: its guard leaves the alternate screen last, after everything else is reset.
        new(1049, "alternate screen, cursor saved", TerminalModes.None, Mirrored: false, DetachState.Untouched),
        new(1050, "terminfo function keys", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(1051, "Sun function keys", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(1052, "HP function keys", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(1053, "SCO function keys", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(1060, "legacy keyboard", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(1061, "VT220 keyboard", TerminalModes.None, Mirrored: false, DetachState.Untouched, Inert),
        new(2004, "bracketed paste", TerminalModes.BracketedPaste, Mirrored: true, DetachState.Off),
        new(2026, "synchronized output", TerminalModes.SynchronizedOutput, Mirrored: false, DetachState.Off),
    ];

    /// <summary>The table entry for DEC mode <paramref name="number"/>, or null when Mux does not know it.</summary>
    public static DecMode? Find(int number)
    {
        foreach (var mode in All)
            if (mode.Number == number) return mode;
        return null;
    }

    /// <summary>
    /// Where the emulator keeps inert mode <paramref name="number"/>: its index among the <see cref="DecModeKind.Inert"/>
    /// modes (a bit of a 64-bit word), or -1 when it is not inert.
    /// </summary>
    public static int InertIndex(int number)
    {
        int index = 0;
        foreach (var mode in All)
        {
            if (mode.Kind != DecModeKind.Inert) continue;
            if (mode.Number == number) return index;
            index++;
        }
        return -1;
    }

    /// <summary>The model's flag for DEC mode <paramref name="number"/>; <see cref="TerminalModes.None"/> if it has none.</summary>
    public static TerminalModes Flag(int number)
    {
        foreach (var mode in All)
            if (mode.Number == number) return mode.Flag;
        return TerminalModes.None;
    }

    /// <summary>
    /// The modes a client's terminal shares with the shown window: the mirrored DEC modes and the keypad
    /// (DECKPAM/DECKPNM, <c>ESC =</c> / <c>ESC &gt;</c>, which is no DEC mode).
    /// </summary>
    public static readonly TerminalModes Mirrored = MirroredFlags() | TerminalModes.ApplicationKeypad;

    private static TerminalModes MirroredFlags()
    {
        var flags = TerminalModes.None;
        foreach (var mode in All)
            if (mode.Mirrored) flags |= mode.Flag;
        return flags;
    }

    /// <summary>
    /// What leaves a terminal's DEC modes clean at detach: every <see cref="DetachState.Off"/> mode in one
    /// <c>CSI ? … l</c>, then every <see cref="DetachState.On"/> mode in one <c>CSI ? … h</c>.
    /// </summary>
    public static readonly byte[] DetachSequence = BuildDetachSequence();

    private static byte[] BuildDetachSequence()
    {
        var off = new List<string>();
        var on = new List<string>();
        foreach (var mode in All)
        {
            if (mode.AtDetach == DetachState.Off) off.Add(mode.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            else if (mode.AtDetach == DetachState.On) on.Add(mode.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return System.Text.Encoding.ASCII.GetBytes($"\e[?{string.Join(';', off)}l\e[?{string.Join(';', on)}h");
    }
}
