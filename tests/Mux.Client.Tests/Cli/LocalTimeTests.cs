using Mux.Platform.Native;

namespace Mux.Client.Tests.Cli;

/// <summary>The listing's local time comes from libc; it must agree with .NET's view of the same zone.</summary>
public class LocalTimeTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1_764_836_691_123L)] // an ordinary afternoon
    [InlineData(1_711_846_799_000L)] // the last second before a spring change in Europe
    [InlineData(1_730_595_600_500L)] // a November autumn change in North America
    [InlineData(-1_500L)] // before 1970: the second rounds down, not toward zero
    public void Agrees_with_TimeZoneInfo(long unixMs)
    {
        var expected = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), TimeZoneInfo.Local).DateTime;
        Assert.Equal(expected, LocalTime.FromUnixMilliseconds(unixMs));
    }
}
