using Mux.Platform.Native;

namespace Mux.Client.Cli;

/// <summary>
/// The few ways mux prints a time, digit by digit. Not DateTime's format strings: their parser, the calendar and
/// culture tables behind them would be loaded by every <c>-ls</c> (docs/benchmarks.md).
/// </summary>
internal static class TimeText
{
    /// <summary>screen's date, local time: <c>12/04/26 08:19:47</c>.</summary>
    public static string ScreenDate(long unixMs)
    {
        var t = LocalTime.FromUnixMilliseconds(unixMs);
        Span<char> s = stackalloc char[17];
        Two(s, 0, t.Month, '/');
        Two(s, 3, t.Day, '/');
        Two(s, 6, t.Year % 100, ' ');
        Clock(s[9..], t);
        return new string(s);
    }

    /// <summary>Local time of day, <c>12:03:04</c>, with the date before it (<c>2026-12-04 12:03:04</c>) unless it is today.</summary>
    public static string LocalClock(long unixMs)
    {
        var t = LocalTime.FromUnixMilliseconds(unixMs);
        bool today = t.Date == LocalTime.Now().Date;
        Span<char> s = stackalloc char[19];
        int at = 0;
        if (!today)
        {
            Four(s, t.Year);
            s[4] = '-';
            Two(s, 5, t.Month, '-');
            Two(s, 8, t.Day, ' ');
            at = 11;
        }
        Clock(s[at..], t);
        return new string(s[..(at + 8)]);
    }

    /// <summary>ISO 8601 in UTC with ten-millionths, as the round-trip format writes it: <c>2026-12-04T08:19:47.1230000+00:00</c>.</summary>
    public static string Iso8601(long unixMs) => Iso8601(DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime);

    /// <inheritdoc cref="Iso8601(long)"/>
    public static string Iso8601(DateTime utc)
    {
        Span<char> s = stackalloc char[33];
        Four(s, utc.Year);
        s[4] = '-';
        Two(s, 5, utc.Month, '-');
        Two(s, 8, utc.Day, 'T');
        Clock(s[11..], utc);
        s[19] = '.';
        long fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        for (int i = 26; i >= 20; i--, fraction /= 10) s[i] = (char)('0' + fraction % 10);
        "+00:00".CopyTo(s[27..]);
        return new string(s);
    }

    /// <summary><c>HH:mm:ss</c> into the first eight characters of <paramref name="s"/>.</summary>
    private static void Clock(Span<char> s, DateTime t)
    {
        Two(s, 0, t.Hour, ':');
        Two(s, 3, t.Minute, ':');
        Two(s, 6, t.Second);
    }

    /// <summary>Two digits at <paramref name="at"/>, then <paramref name="separator"/> if any.</summary>
    private static void Two(Span<char> s, int at, int value, char separator = '\0')
    {
        s[at] = (char)('0' + value / 10 % 10);
        s[at + 1] = (char)('0' + value % 10);
        if (separator != '\0') s[at + 2] = separator;
    }

    private static void Four(Span<char> s, int value)
    {
        for (int i = 3; i >= 0; i--, value /= 10) s[i] = (char)('0' + value % 10);
    }
}
