using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Attached;

/// <summary>Clients of different sizes share a window the size of the smallest, as tmux does.</summary>
public class ClientSizeTests
{
    [Fact]
    public async Task TheWindowTakesTheSmallestClientsSizeAndGrowsBackWhenItLeaves()
    {
        using var env = new MuxEnvironment();
        using var small = env.StartAttached(["-S", "sizes", "/bin/sh"], 80, 24);
        await small.WaitForTextAsync("[sizes] 0* sh");
        using var large = env.StartAttached(["-x", "sizes"], 120, 40);
        await large.WaitForTextAsync("[sizes] 0* sh");

        large.SendKeys("stty size\r");
        await large.WaitForTextAsync("23 80"); // the status line takes one of the small client's rows
        // The large client shows where the window ends: the unused area is filled, not left blank.
        await large.WaitForAsync(t => t.GetRowText(5).Length == 120 && t.GetRowText(5)[100] == '.', what: "unused area marked");
        await large.WaitForAsync(t => t.GetRowText(30).Trim('.').Length == 0 && t.GetRowText(30).Length == 120, what: "rows below the window marked");

        small.SendKeys("\u0001" + "d");
        Assert.Equal(0, await small.WaitForExitAsync());
        large.SendKeys("clear; stty size\r");
        await large.WaitForTextAsync("39 120");
    }
}
