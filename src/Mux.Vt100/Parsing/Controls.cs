namespace Mux.Vt100.Parsing;

/// <summary>C0 control characters (ECMA-48 section 8.2) that the emulator names.</summary>
public static class C0
{
    public const byte Nul = 0x00;
    public const byte Enq = 0x05;
    public const byte Bel = 0x07;
    public const byte Bs = 0x08;
    public const byte Ht = 0x09;
    public const byte Lf = 0x0A;
    public const byte Vt = 0x0B;
    public const byte Ff = 0x0C;
    public const byte Cr = 0x0D;
    public const byte So = 0x0E;
    public const byte Si = 0x0F;
    public const byte Can = 0x18;
    public const byte Sub = 0x1A;
    public const byte Esc = 0x1B;
    public const byte Del = 0x7F;
}

/// <summary>C1 control characters; in a UTF-8 stream they arrive as code points U+0080..U+009F.</summary>
public static class C1
{
    public const byte Ind = 0x84;
    public const byte Nel = 0x85;
    public const byte Hts = 0x88;
    public const byte Ri = 0x8D;
    public const byte Ss2 = 0x8E;
    public const byte Ss3 = 0x8F;
    public const byte Dcs = 0x90;
    public const byte Spa = 0x96;
    public const byte Epa = 0x97;
    public const byte Sos = 0x98;
    public const byte Csi = 0x9B;
    public const byte St = 0x9C;
    public const byte Osc = 0x9D;
    public const byte Pm = 0x9E;
    public const byte Apc = 0x9F;

    public const int First = 0x80;
    public const int Last = 0x9F;
}

/// <summary>Byte classes of the DEC/ECMA-48 syntax, named after the spec.</summary>
public static class ByteClass
{
    /// <summary>C0 controls, executed even inside most sequences.</summary>
    public static bool IsC0(byte b) => b < 0x20;

    /// <summary>Intermediate bytes (space to '/').</summary>
    public static bool IsIntermediate(byte b) => b is >= 0x20 and <= 0x2F;

    /// <summary>Parameter bytes that carry values: digits, ':' and ';'.</summary>
    public static bool IsParameter(byte b) => b is >= 0x30 and <= 0x3B;

    /// <summary>Private parameter markers '&lt;', '=', '&gt;' and '?' (only valid first).</summary>
    public static bool IsPrivateMarker(byte b) => b is >= 0x3C and <= 0x3F;

    /// <summary>Final bytes of a control sequence ('@' to '~').</summary>
    public static bool IsCsiFinal(byte b) => b is >= 0x40 and <= 0x7E;

    /// <summary>Final bytes of an escape sequence ('0' to '~').</summary>
    public static bool IsEscFinal(byte b) => b is >= 0x30 and <= 0x7E;
}
