namespace Mux.Platform.Native;

/// <summary>
/// Wall-clock time in the user's zone from libc (<c>TZ</c>, else <c>/etc/localtime</c>), as screen and tmux show it.
/// Not TimeZoneInfo: building it reads and parses the zone file and runs a good deal of code on every start of a
/// short-lived command such as <c>-ls</c>.
/// </summary>
public static unsafe class LocalTime
{
    /// <summary>The local date and time of a Unix time in milliseconds (a time libc cannot convert is shown in UTC).</summary>
    public static DateTime FromUnixMilliseconds(long unixMs)
    {
        long seconds = Math.DivRem(unixMs, 1000, out long ms);
        if (ms < 0) { seconds--; ms += 1000; }
        Libc.Tm tm;
        if (Libc.localtime_r(&seconds, &tm) is null || tm.Mon is < 0 or > 11 || tm.MDay is < 1 or > 31)
            return DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime;
        // A leap second (tm_sec 60) is shown as the last second of its minute.
        return new DateTime(tm.Year + 1900, tm.Mon + 1, tm.MDay, tm.Hour, tm.Min, Math.Min(tm.Sec, 59), (int)ms, DateTimeKind.Unspecified);
    }

    /// <summary>Now, in the user's zone.</summary>
    public static DateTime Now() => FromUnixMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
}
