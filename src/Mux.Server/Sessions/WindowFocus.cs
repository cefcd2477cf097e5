namespace Mux.Server.Sessions;

/// <summary>
/// Tells the programs that asked for focus reports (mode 1004) when their window stops or starts being the focused
/// one (a window switch, another region focused, a window gone), as a terminal does when it loses or gains the
/// focus: <c>CSI O</c> to the window left, <c>CSI I</c> to the window shown. Called under the session lock.
/// </summary>
internal sealed class WindowFocus
{
    private Window? _focused;

    /// <summary><paramref name="current"/> is the focused window now.</summary>
    public void Follow(Window? current)
    {
        if (current == _focused) return;
        if (_focused is { } left) Report(left, "\e[O"u8);
        _focused = current;
        if (current is not null) Report(current, "\e[I"u8);
    }

    private static void Report(Window window, ReadOnlySpan<byte> report)
    {
        if ((window.Terminal.Modes & Vt100.TerminalModes.FocusEvents) != 0) window.Write(report);
    }
}
