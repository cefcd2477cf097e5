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

    /// <summary>
    /// A key the user's terminal sent in an extended encoding, written as the program with <paramref name="window"/>
    /// reads it: kitty's form for a program that asked for kitty flags, xterm's <c>CSI 27 ; m ; code ~</c> for
    /// modifyOtherKeys where the legacy bytes cannot tell the key apart, else the legacy bytes. Empty when there is
    /// nothing to send (a release the program did not ask for); null when the key has no form the program reads.
    /// </summary>
    public static byte[]? ForWindow(ExtendedKey key, KeyEncoding window)
    {
        if (window.Kitty != KittyKeyFlags.None)
        {
            if (key.Event != 1 && (window.Kitty & KittyKeyFlags.ReportEventTypes) == 0)
                return key.IsRelease ? [] : Kitty(key with { Event = 1 });
            return Kitty(key);
        }
        if (key.IsRelease) return [];
        var legacy = Legacy(key);
        // Level 1 changes only keys whose legacy bytes say nothing of the modifier; Shift alone on a character key
        // makes the shifted character (xterm).
        bool shiftedCharacter = key.Pressed == ExtendedKey.Shift && key.Code is >= 0x20 and not 0x7f;
        if (window.ModifyOtherKeys == 0 || key.Pressed == 0 || shiftedCharacter && legacy is not null) return legacy;
        if (window.ModifyOtherKeys == 1 && legacy is not null) return legacy;
        if (IsPrivateUse(key.Code) || key.Code > 0x10FFFF) return null;
        return Ascii($"\e[27;{key.Pressed + 1};{key.Code}~");
    }

    /// <summary>
    /// The bytes a terminal without extended keys sends for <paramref name="key"/>: control bytes for Ctrl, ESC
    /// first for Alt, upper case (or the shifted key the terminal named) for Shift. Null when such a terminal has
    /// none (Super, a key with no character, Ctrl or Shift with a key they do not change there); empty for a release.
    /// </summary>
    public static byte[]? Legacy(ExtendedKey key)
    {
        if (key.IsRelease) return [];
        int mods = key.Pressed;
        if ((mods & (ExtendedKey.Super | ExtendedKey.Hyper | ExtendedKey.Meta)) != 0) return null;
        int code = key.Code;
        if (IsPrivateUse(code) || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF) return null;
        bool ctrl = (mods & ExtendedKey.Ctrl) != 0, shift = (mods & ExtendedKey.Shift) != 0;
        byte[] body;
        switch (code)
        {
            case 13: body = [13]; break;
            case 9: body = shift ? [0x1b, (byte)'[', (byte)'Z'] : [9]; break;
            case 27: body = [0x1b]; break;
            case 8 or 127: body = [ctrl ? (byte)8 : (byte)127]; break;
            case < 0x20: body = [(byte)code]; break;
            default:
                int c = code;
                if (shift)
                {
                    if (c is >= 'a' and <= 'z') c -= 32;
                    else if (key.ShiftedCode > 0) c = key.ShiftedCode;
                    else if (c is not (>= 'A' and <= 'Z')) return null;   // which character Shift makes depends on the layout
                }
                if (ctrl)
                {
                    if (ControlByte(c) is not { } control) return null;
                    body = [control];
                }
                else body = System.Text.Encoding.UTF8.GetBytes(char.ConvertFromUtf32(c));
                break;
        }
        return (mods & ExtendedKey.Alt) != 0 ? [0x1b, .. body] : body;
    }

    /// <summary>kitty's form of a key: <c>CSI code ; modifiers[:event] u</c>, the modifiers left out when there are none.</summary>
    public static byte[] Kitty(ExtendedKey key)
    {
        if (key.Modifiers == 0 && key.Event == 1) return Ascii($"\e[{key.Code}u");
        string eventPart = key.Event == 1 ? "" : $":{key.Event}";
        return Ascii($"\e[{key.Code};{key.Modifiers + 1}{eventPart}u");
    }

    /// <summary>What Ctrl+<paramref name="c"/> sends on a legacy terminal (xterm's table), null when it sends nothing of its own.</summary>
    private static byte? ControlByte(int c) => c switch
    {
        >= 'a' and <= 'z' => (byte)(c - 'a' + 1),
        >= 'A' and <= 'Z' => (byte)(c - 'A' + 1),
        '@' or ' ' or '2' => 0,
        '[' or '3' => 0x1b,
        '\\' or '4' => 0x1c,
        ']' or '5' => 0x1d,
        '^' or '6' or '~' => 0x1e,
        '_' or '7' or '/' => 0x1f,
        '?' or '8' => 0x7f,
        _ => null,
    };

    /// <summary>kitty's codes for keys with no character (keypad, F13 and up, media, the modifier keys themselves).</summary>
    private static bool IsPrivateUse(int code) => code is >= 0xE000 and <= 0xF8FF;

    private static byte[] Ascii(string text) => System.Text.Encoding.ASCII.GetBytes(text);
}
