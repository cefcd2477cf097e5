using Mux.Server.Status;

namespace Mux.Server.Tests.Status;

/// <summary>
/// screen's string escapes as hardstatus and caption lines use them (the strings are from screenrcs in the wild),
/// against a made-up session: windows 0 "bash", 1 "vim" (current), 2 "logs"; host "box"; 2026-12-04 16:05:09.
/// </summary>
public class StatusFormatTests
{
    private static readonly StatusState State = new("12.work", "box", new DateTime(2026, 12, 4, 16, 5, 9), () => "0.10 0.20 0.30",
        [new StatusWindow(0, "bash", "-"), new StatusWindow(1, "vim", "*"), new StatusWindow(2, "logs", "")], 1, 60);

    [Theory]
    [InlineData("%H %n %t", "box 1 vim")]
    [InlineData("%w", "0- bash  1* vim  2 logs")]
    [InlineData("%-w%n %t%+w", "0- bash  1 vim  2 logs")]
    [InlineData("%W", "0- bash  2 logs")]
    [InlineData("%f", "*")]
    [InlineData("%S", "12.work")]
    [InlineData("%c %C %a %A", "16:05 04:05 pm PM")]
    [InlineData("%d.%m.%y %Y %D %M %s", "04.12.26 2026 Fri Dec 09")]
    [InlineData("load %l", "load 0.10 0.20 0.30")]
    [InlineData("100%%", "100%")]
    [InlineData("[%?%h%?]", "[]")]                 // %h is empty: the part is dropped
    [InlineData("[%?%t%?]", "[vim]")]
    [InlineData("%?%h%:no hardstatus%?", "no hardstatus")]
    [InlineData("%?%u%?%n", "1")]
    [InlineData("%-Lw", "0- bash  ")]
    [InlineData("%z stays", "%z stays")]           // unknown escapes are shown as typed
    [InlineData("trailing %", "trailing %")]
    public void ExpandsTheText(string format, string expected) =>
        Assert.Equal(expected, StatusFormat.Expand(format, State).Text);

    [Theory]
    [InlineData(1, "cpu 43% rss 1.5 GiB gpu 38 GiB")]
    [InlineData(0, "cpu 0% rss 812 KiB")]             // no GPU use known: %G is empty, its part dropped
    [InlineData(2, "cpu  rss ")]                       // an ended program costs nothing now
    public void CostEscapesShowTheCurrentWindowsFigures(int current, string expected)
    {
        var state = State with
        {
            Windows = [new StatusWindow(0, "bash", "-", 0, 812 * 1024), new StatusWindow(1, "vim", "*", 42.6, 1536L << 20, 38L << 30),
                new StatusWindow(2, "logs", "", -1, 0, -1)],
            Current = current,
        };
        Assert.Equal(expected, StatusFormat.Expand("cpu %U rss %R%? gpu %G%?", state).Text);
    }

    [Theory]
    [InlineData("%U", true)]
    [InlineData("%n %t %R", true)]
    [InlineData("%{= kw}%-G", true)]
    [InlineData("%H %c %w", false)]
    [InlineData("100%%U", false)]                      // %% is a literal percent sign
    [InlineData(null, false)]
    public void KnowsWhichStringsShowCosts(string? format, bool shows) => Assert.Equal(shows, StatusFormat.ShowsCost(format));

    [Fact]
    public void PaddingFillsTheLineAndTooLongIsCut()
    {
        var text = StatusFormat.Expand("%H%=%c", State with { Width = 20 }).Text;
        Assert.Equal("box" + new string(' ', 12) + "16:05", text);
        var centred = StatusFormat.Expand("%=%n%=", State with { Width = 11 }).Text;
        Assert.Equal("     1     ", centred);
        Assert.Equal("0- bash  1", StatusFormat.Expand("%w", State with { Width = 10 }).Text);
    }

    public static TheoryData<string, (string Text, int Foreground, int Background, StatusAttributes Attributes)[]> Colours => new()
    {
        // "= kw": attributes reset, background black, foreground white.
        { "%{= kw}a", [("a", 7, 0, StatusAttributes.None)] },
        // Upper case is the bright colour; one letter sets only the foreground.
        { "%{= kG}[%{r}x", [("[", 10, 0, StatusAttributes.None), ("x", 1, 0, StatusAttributes.None)] },
        { "%{+b r}b%{-}n", [("b", 1, -1, StatusAttributes.Bold), ("n", -1, -1, StatusAttributes.None)] },
        { "%{=b dd}%n", [("1", -1, -1, StatusAttributes.Bold)] },
        { "%{= yd}x", [("x", -1, 3, StatusAttributes.None)] },
        { "%{+u}u%{-u}p", [("u", -1, -1, StatusAttributes.Underline), ("p", -1, -1, StatusAttributes.None)] },
        { "plain", [("plain", -1, -1, StatusAttributes.None)] },
    };

    [Theory]
    [MemberData(nameof(Colours))]
    public void ColourChangesMakeRuns(string format, (string Text, int Foreground, int Background, StatusAttributes Attributes)[] expected)
    {
        var result = StatusFormat.Expand(format, State);
        var runs = result.Runs.Select(r => (result.Text.Substring(r.Start, r.Length), r.Style.Foreground, r.Style.Background, r.Style.Attributes)).ToArray();
        Assert.Equal(expected, runs);
    }

    [Fact]
    public void TheHardstatusLinePeopleCopyExpandsWithItsColours()
    {
        const string format = "%{= kG}[ %{G}%H %{g}][%= %{= kw}%?%-Lw%?%{r}(%{W}%n*%f%t%?(%u)%?%{r})%{w}%?%+Lw%?%?%= %{g}][%{B} %m-%d %{W}%c %{g}]";
        var result = StatusFormat.Expand(format, State with { Width = 80 });
        Assert.Equal(80, result.Text.Length);
        Assert.StartsWith("[ box ][", result.Text);
        Assert.Contains("0- bash  (1**vim)  2 logs", result.Text);
        Assert.EndsWith("][ 12-04 16:05 ]", result.Text);
        Assert.Equal(10, result.Runs[0].Style.Foreground);   // bright green on black
        Assert.Equal(0, result.Runs[0].Style.Background);
    }

    [Theory]
    [InlineData("%n %t", null)]
    [InlineData("%%s is literal", null)]
    [InlineData("%{= kG}%H %c", 60.0)]
    [InlineData("%m-%d %0c:%s", 1.0)]
    [InlineData("load %l", 5.0)]
    [InlineData("%-Lw %Y", 60.0)]
    public void TheClockPeriodIsTheFastestEscapeThatMovesWithTime(string format, double? seconds)
    {
        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, StatusFormat.ClockPeriod(format));
    }
}
