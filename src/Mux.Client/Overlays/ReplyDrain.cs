namespace Mux.Client.Overlays;

/// <summary>
/// Drops the answers to an overlay's terminal queries (device attributes, cursor position, mode reports,
/// colours) that arrive after it stopped reading, so they never reach the window's program. The client ends
/// each overlay by asking DSR 5 itself; its answer <c>ESC[0n</c> marks the end of the late replies. Keys
/// typed meanwhile pass through. If the terminal never answers, the drain gives up after a second.
/// </summary>
internal sealed class ReplyDrain
{
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(1);
    private readonly long _deadline = Environment.TickCount64 + (long)GiveUp.TotalMilliseconds;

    /// <summary>True once the end marker came (or the drain gave up): later input is the user's.</summary>
    public bool Done { get; private set; }

    /// <summary>Removes replies from <paramref name="input"/> in place; returns the length left.</summary>
    public int Filter(Span<byte> input)
    {
        if (Done || Environment.TickCount64 > _deadline)
        {
            Done = true;
            return input.Length;
        }
        int kept = 0;
        int i = 0;
        while (i < input.Length)
        {
            bool marker = false;
            int end = Done ? -1 : ReplyEnd(input, i, out marker);
            if (end < 0)
            {
                input[kept++] = input[i++];
                continue;
            }
            if (marker) Done = true;
            i = end;
        }
        return kept;
    }

    /// <summary>If a terminal reply starts at <paramref name="i"/>, the index just past it; else -1.</summary>
    private static int ReplyEnd(ReadOnlySpan<byte> s, int i, out bool marker)
    {
        marker = false;
        if (s[i] != 0x1b || i + 1 >= s.Length) return -1;
        byte kind = s[i + 1];
        if (kind == (byte)'[')
        {
            int j = i + 2;
            while (j < s.Length && s[j] is >= 0x20 and <= 0x3f) j++;
            if (j >= s.Length || s[j] is < 0x40 or > 0x7e) return -1;
            var body = s[(i + 2)..j];
            byte final = s[j];
            bool privateMarker = body.Length > 0 && body[0] is (byte)'?' or (byte)'>' or (byte)'=';
            bool reply = final switch
            {
                (byte)'c' or (byte)'n' or (byte)'R' or (byte)'t' => true,  // DA, DSR, CPR, window reports
                (byte)'y' => body.IndexOf((byte)'$') >= 0,                 // DECRPM
                (byte)'u' => privateMarker,                                // kitty keyboard flags
                _ => false,
            };
            if (!reply) return -1;
            marker = final == (byte)'n' && body.SequenceEqual("0"u8);
            return j + 1;
        }
        if (kind is (byte)']' or (byte)'P' or (byte)'_' or (byte)'^')
        {
            // OSC / DCS / APC / PM strings: up to BEL or ESC \.
            for (int j = i + 2; j < s.Length; j++)
            {
                if (s[j] == 0x07) return j + 1;
                if (s[j] == 0x1b) return j + 1 < s.Length && s[j + 1] == (byte)'\\' ? j + 2 : -1;
            }
        }
        return -1;
    }
}
