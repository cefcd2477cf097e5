using System.Globalization;

namespace Mux.Client.Events;

/// <summary><c>--since</c>: a duration back from now (<c>30s</c>, <c>10m</c>, <c>1h</c>, <c>2d</c>) or a time (ISO 8601).</summary>
internal static class SinceOption
{
    /// <summary>The moment meant, in Unix milliseconds; null (and why) when the text is neither.</summary>
    public static long? Parse(string text, DateTimeOffset now, out string? problem)
    {
        problem = null;
        string t = text.Trim();
        if (t.Length >= 2 && char.IsAsciiLetter(t[^1])
            && double.TryParse(t.AsSpan(0, t.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n))
        {
            double? seconds = t[^1] switch { 's' => n, 'm' => n * 60, 'h' => n * 3600, 'd' => n * 86400, _ => null };
            if (seconds is { } s && s <= 100 * 365 * 86400.0) return (now - TimeSpan.FromSeconds(s)).ToUnixTimeMilliseconds();
        }
        else if (t.Length >= 10 && char.IsAsciiDigit(t[0])
            && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var at))
            return at.ToUnixTimeMilliseconds();
        problem = $"--since needs a duration such as 30s, 10m, 1h or 2d, or a time such as 2026-03-01T12:00, not '{text}'";
        return null;
    }
}
