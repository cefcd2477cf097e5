namespace Mux.Vt100.Input;

/// <summary>The arrow keys a terminal sends.</summary>
public enum CursorKey : byte { Up = (byte)'A', Down = (byte)'B', Right = (byte)'C', Left = (byte)'D' }

/// <summary>
/// Keys and pastes written to a window's program as its terminal would send them, in the form its modes ask for
/// (mouse reports: <see cref="MouseEvent.Encode"/>).
/// </summary>
public static class KeyEncoder
{
    /// <summary>An arrow key: <c>ESC O x</c> in application cursor mode (DECCKM), <c>ESC [ x</c> otherwise.</summary>
    public static byte[] Cursor(CursorKey key, TerminalModes modes) =>
        [0x1b, (modes & TerminalModes.ApplicationCursorKeys) != 0 ? (byte)'O' : (byte)'[', (byte)key];

    /// <summary>Pasted text, between <c>ESC [200~</c> and <c>ESC [201~</c> when the program asked for bracketed paste (2004).</summary>
    public static byte[] Paste(ReadOnlySpan<byte> text, TerminalModes modes) =>
        (modes & TerminalModes.BracketedPaste) != 0 ? [.. "\e[200~"u8, .. text, .. "\e[201~"u8] : text.ToArray();
}
