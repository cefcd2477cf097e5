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

/// <summary>One DEC private mode: its number, its name, the model's flag for it, and what a client's terminal does with it.</summary>
/// <param name="Mirrored">The attached client's terminal is set the same as the shown window (so keys and mouse reports come in the program's form).</param>
public readonly record struct DecMode(int Number, string Name, TerminalModes Flag, bool Mirrored, DetachState AtDetach);

/// <summary>
/// The DEC private modes Mux knows, in one table: what the emulator tracks (<see cref="Terminal.Modes"/>, DECRQM
/// answers), what the renderer mirrors onto a client's terminal, and what that terminal is given back at detach.
/// Modes with a behaviour of their own (DECCOLM 3, DECTCEM 25, the alternate screens 47/1047/1049, 1048) are
/// handled by the emulator directly and listed here for the detach and the names.
/// </summary>
public static class DecModes
{
    public static readonly DecMode[] All =
    [
        new(1, "DECCKM cursor keys", TerminalModes.ApplicationCursorKeys, Mirrored: true, DetachState.Off),
        new(3, "DECCOLM 132 columns", TerminalModes.None, Mirrored: false, DetachState.Untouched),
        new(5, "DECSCNM reverse screen", TerminalModes.ReverseScreen, Mirrored: false, DetachState.Untouched),
        new(6, "DECOM origin", TerminalModes.Origin, Mirrored: false, DetachState.Untouched),
        new(7, "DECAWM autowrap", TerminalModes.AutoWrap, Mirrored: false, DetachState.On),
        new(9, "X10 mouse", TerminalModes.MouseX10, Mirrored: true, DetachState.Off),
        new(12, "cursor blink", TerminalModes.CursorBlink, Mirrored: false, DetachState.Untouched),
        new(25, "DECTCEM cursor visible", TerminalModes.None, Mirrored: false, DetachState.On),
        new(47, "alternate screen", TerminalModes.None, Mirrored: false, DetachState.Untouched),
        new(1000, "normal mouse", TerminalModes.MouseNormal, Mirrored: true, DetachState.Off),
        new(1002, "button-event mouse", TerminalModes.MouseButtonEvent, Mirrored: true, DetachState.Off),
        new(1003, "any-event mouse", TerminalModes.MouseAnyEvent, Mirrored: true, DetachState.Off),
        new(1004, "focus events", TerminalModes.FocusEvents, Mirrored: true, DetachState.Off),
        new(1005, "UTF-8 mouse", TerminalModes.MouseUtf8, Mirrored: true, DetachState.Off),
        new(1006, "SGR mouse", TerminalModes.MouseSgr, Mirrored: true, DetachState.Off),
        new(1015, "urxvt mouse", TerminalModes.MouseUrxvt, Mirrored: true, DetachState.Off),
        new(1047, "alternate screen", TerminalModes.None, Mirrored: false, DetachState.Untouched),
        new(1048, "save cursor", TerminalModes.None, Mirrored: false, DetachState.Untouched),
        // The client's own screen: its guard leaves the alternate screen last, after everything else is reset.
        new(1049, "alternate screen, cursor saved", TerminalModes.None, Mirrored: false, DetachState.Untouched),
        new(2004, "bracketed paste", TerminalModes.BracketedPaste, Mirrored: true, DetachState.Off),
        new(2026, "synchronized output", TerminalModes.SynchronizedOutput, Mirrored: false, DetachState.Off),
    ];

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
