using System.Globalization;
using Mux.Client.Cli;
using Mux.Platform.Native;

namespace Mux.Client.Tests.Cli;

/// <summary>The times mux prints by hand read exactly as .NET's format strings wrote them.</summary>
public class TimeTextTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1_764_836_691_123L)]
    [InlineData(1_711_846_799_999L)]
    [InlineData(-1_500L)]
    [InlineData(4_102_444_800_000L)] // 2100
    public void Dates_match_the_format_strings(long unixMs)
    {
        var local = LocalTime.FromUnixMilliseconds(unixMs);
        Assert.Equal(local.ToString("MM/dd/yy HH:mm:ss", CultureInfo.InvariantCulture), TimeText.ScreenDate(unixMs));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("O", CultureInfo.InvariantCulture), TimeText.Iso8601(unixMs));
        Assert.Equal(local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), TimeText.LocalClock(unixMs));
    }

    [Fact]
    public void Now_to_the_tick_and_today_without_the_date()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(now.ToString("O", CultureInfo.InvariantCulture), TimeText.Iso8601(now.UtcDateTime));
        long ms = now.ToUnixTimeMilliseconds();
        Assert.Equal(LocalTime.FromUnixMilliseconds(ms).ToString("HH:mm:ss", CultureInfo.InvariantCulture), TimeText.LocalClock(ms));
    }
}
