using Mux.Vt100.Parsing;

namespace Mux.Vt100.Input;

/// <summary>How a terminal wrote an extended key.</summary>
public enum ExtendedKeyForm : byte
{
    /// <summary>kitty's <c>CSI code[:alternates] ; modifiers[:event] [; text] u</c>.</summary>
    Kitty,
    /// <summary>xterm's modifyOtherKeys <c>CSI 27 ; modifiers ; code ~</c>.</summary>
    ModifyOtherKeys,
}

/// <summary>
/// A key a terminal sent in an extended encoding, decoded: its Unicode code point (kitty's private-use codes for
/// keys without one), modifier bits (xterm's: the sequence's value less one), and event (1 press, 2 repeat, 3 release).
/// </summary>
public readonly record struct ExtendedKey(int Code, int Modifiers, int Event, ExtendedKeyForm Form, int ShiftedCode = 0)
{
    public const int Shift = 1, Alt = 2, Ctrl = 4, Super = 8, Hyper = 16, Meta = 32, CapsLock = 64, NumLock = 128;

    private static readonly int KittyId = SequenceId.Make('u');
    private static readonly int TildeId = SequenceId.Make('~');

    public bool IsRelease => Event == 3;

    /// <summary>Written out: a record's generated ToString formats its enum by reflection, which Native AOT would link into mux.</summary>
    public override string ToString() => $"key {Code} modifiers {Modifiers} event {Event}";

    /// <summary>
    /// A modifier or lock key on its own (kitty reports them only with flag 8): never the key after the prefix, and
    /// nothing a legacy program could be given.
    /// </summary>
    public bool IsModifierKey => Code is (>= 57358 and <= 57360) or (>= 57441 and <= 57454);

    /// <summary>The modifiers that change what a key means (Caps Lock and Num Lock left out).</summary>
    public int Pressed => Modifiers & ~(CapsLock | NumLock);

    /// <summary>True for a <c>CSI … u</c> key token (well formed or not): a terminal sends one only in kitty's encoding.</summary>
    public static bool IsKittyToken(InputToken token) => token.Kind == InputKind.Key && !token.Ss3 && !token.Alt && token.Id == KittyId;

    /// <summary>Decodes a key token written in one of the extended encodings; false for any other token, or a malformed one.</summary>
    public static bool TryRead(InputToken token, out ExtendedKey key)
    {
        key = default;
        // A token that completes a Partial one carries the whole sequence's parameters: it is read the same.
        if (token.Kind != InputKind.Key || token.Ss3 || token.Alt || token.Parameters is not { } p || p.Overflowed) return false;
        if (token.Id == KittyId) return TryReadKitty(p, out key);
        if (token.Id == TildeId && p.Count == 3 && !p.HasSubParameters && p[0] == 27)
            return TryMake(p[2], p[1], 1, ExtendedKeyForm.ModifyOtherKeys, 0, out key);
        return false;
    }

    private static bool TryReadKitty(Params p, out ExtendedKey key)
    {
        key = default;
        if (p.Count == 0 || p.IsSubParameter(0)) return false;
        int code = p[0], shifted = 0, modifiers = 1, eventType = 1;
        int i = 1;
        // The key's alternates (shifted, base layout) follow as sub-parameters.
        if (i < p.Count && p.IsSubParameter(i)) { shifted = p[i]; i++; }
        while (i < p.Count && p.IsSubParameter(i)) i++;
        if (i < p.Count)
        {
            modifiers = p[i] == 0 ? 1 : p[i];
            i++;
            if (i < p.Count && p.IsSubParameter(i)) { eventType = p[i]; i++; }
            if (i < p.Count && p.IsSubParameter(i)) return false;
        }
        // A third field holds the key's text: nothing more may follow it.
        if (i < p.Count) { i++; while (i < p.Count && p.IsSubParameter(i)) i++; }
        if (i < p.Count) return false;
        return TryMake(code, modifiers, eventType, ExtendedKeyForm.Kitty, shifted, out key);
    }

    private static bool TryMake(int code, int modifiers, int eventType, ExtendedKeyForm form, int shifted, out ExtendedKey key)
    {
        key = default;
        if (code <= 0 || modifiers < 1 || modifiers > 256 || eventType is < 1 or > 3) return false;
        key = new ExtendedKey(code, modifiers - 1, eventType, form, shifted);
        return true;
    }
}
