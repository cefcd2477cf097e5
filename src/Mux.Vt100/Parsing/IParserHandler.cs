namespace Mux.Vt100.Parsing;

/// <summary>
/// Receives what <see cref="Parser"/> recognises. The parser assigns no meaning to anything; the
/// handler decides what each sequence does (after alacritty vte's <c>Perform</c>).
/// </summary>
public interface IParserHandler
{
    /// <summary>A run of printable ASCII (0x20..0x7E), the fast path for plain text.</summary>
    void PrintAscii(ReadOnlySpan<byte> run);

    /// <summary>One printable code point outside ASCII (U+FFFD for malformed UTF-8).</summary>
    void Print(int codePoint);

    /// <summary>
    /// A run of printable code points, printable ASCII among them (no controls, no C1): the same as passing each
    /// to <see cref="Print(int)"/>, which is what the default does.
    /// </summary>
    void Print(ReadOnlySpan<int> codePoints)
    {
        foreach (int cp in codePoints) Print(cp);
    }

    /// <summary>A C0 control, or a C1 control that does not open a sequence (IND, NEL, HTS, RI…).</summary>
    void Execute(byte control);

    /// <summary>An escape sequence: <paramref name="id"/> packs intermediates and final (<see cref="SequenceId"/>).</summary>
    void EscDispatch(int id);

    /// <summary>A control sequence; <paramref name="parameters"/> is only valid during the call.</summary>
    void CsiDispatch(int id, Params parameters);

    /// <summary>An operating system command; <paramref name="data"/> is only valid during the call.</summary>
    void OscDispatch(ReadOnlySpan<byte> data, bool bellTerminated);

    /// <summary>
    /// An operating system command longer than the parser keeps; <paramref name="data"/> is its kept beginning.
    /// By default it is dispatched as if complete (truncated).
    /// </summary>
    void OscOverflow(ReadOnlySpan<byte> data, bool bellTerminated) => OscDispatch(data, bellTerminated);

    /// <summary>A device control string starts; its data follows through <see cref="DcsPut"/>.</summary>
    void DcsHook(int id, Params parameters);

    void DcsPut(byte b);

    /// <summary>The device control string ended (ST, or aborted by CAN/SUB).</summary>
    void DcsUnhook();
}
