namespace Mux.Vt100.Parsing;

/// <summary>
/// Identifies an escape or control sequence by its bytes, packed into one int so that dispatch is a
/// single <c>switch</c>: bits 24-31 private marker, 16-23 second intermediate, 8-15 first
/// intermediate, 0-7 final byte. Absent parts are zero.
/// </summary>
public static class SequenceId
{
    public static int Make(char final, char marker = '\0', char intermediate = '\0') =>
        marker << 24 | intermediate << 8 | final;

    public static char Final(int id) => (char)(id & 0xFF);
    public static char Marker(int id) => (char)(id >> 24 & 0xFF);
    public static char Intermediate(int id) => (char)(id >> 8 & 0xFF);
}
