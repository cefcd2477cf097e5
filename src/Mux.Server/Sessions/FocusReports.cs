namespace Mux.Server.Sessions;

/// <summary>
/// The user's terminal's focus reports (<c>CSI I</c>, <c>CSI O</c>) among a client's keys: they reach a window only
/// when its program asked for them (mode 1004). Decided here, as the window shown now is known only to the server.
/// No key is written <c>ESC [ I</c> or <c>ESC [ O</c>, so the two are reports wherever they come.
/// </summary>
internal static class FocusReports
{
    public static ReadOnlySpan<byte> KeepFor(Vt100.Terminal terminal, ReadOnlySpan<byte> keys)
    {
        if ((terminal.Modes & Vt100.TerminalModes.FocusEvents) != 0 || !Contains(keys)) return keys;
        var kept = new List<byte>(keys.Length);
        for (int i = 0; i < keys.Length; i++)
        {
            if (IsReportAt(keys, i)) { i += 2; continue; }
            kept.Add(keys[i]);
        }
        return kept.ToArray();
    }

    private static bool Contains(ReadOnlySpan<byte> keys) => keys.IndexOf("\e[I"u8) >= 0 || keys.IndexOf("\e[O"u8) >= 0;

    private static bool IsReportAt(ReadOnlySpan<byte> keys, int i) =>
        i + 2 < keys.Length && keys[i] == 0x1b && keys[i + 1] == (byte)'[' && keys[i + 2] is (byte)'I' or (byte)'O';
}
