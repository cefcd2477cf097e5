using Mux.EndToEnd.Tests.Support;
using Mux.Vt100;
using Mux.Vt100.Screen;

namespace Mux.EndToEnd.Tests.Attached;

/// <summary>
/// screen's regions: Ctrl+A S and | split, Tab moves the focus, X removes a region and Q keeps only one; the same
/// as commands (<c>split</c>, <c>focus</c>, <c>resize</c>, <c>remove</c>, <c>only</c>, <c>layout</c>) from
/// <c>-X</c>. An 80x24 client with the status line leaves 23 rows: stacked, the top region has rows 0-11 (its
/// caption on row 11) and the bottom one rows 12-22 (caption on 22); side by side, columns 0-39 and 41-79 with a
/// border in column 40.
/// </summary>
public class RegionTests
{
    private const string Prefix = "\u0001";

    /// <summary>The first row showing <paramref name="text"/>, -1 when none does.</summary>
    private static int RowOf(Terminal t, string text)
    {
        for (int r = 0; r < t.Rows; r++)
            if (t.GetRowText(r).Contains(text, StringComparison.Ordinal)) return r;
        return -1;
    }

    private static bool CaptionFocused(Terminal t, int row, int column = 1) =>
        (t.GetStyle(t.GetCell(column, row).StyleId).Attributes & CellAttributes.Reverse) != 0;

    /// <summary>Starts a session of two shells (window 0 shown, window 1 hidden) in an 80x24 client.</summary>
    private static async Task<TerminalSession> TwoWindowsAsync(MuxEnvironment env, string name)
    {
        var client = env.StartAttached(["-S", name, "/bin/sh"], 80, 24);
        await client.WaitForTextAsync($"[{name}] 0* sh");
        client.SendKeys(Prefix + "c");
        await client.WaitForTextAsync("0- sh  1* sh");
        client.SendKeys(Prefix + "0");
        await client.WaitForTextAsync("0* sh  1- sh");
        return client;
    }

    [Fact]
    public async Task SplitStackedShowsTwoWindowsWithCaptionsAndTheFocusMovesTyping()
    {
        using var env = new MuxEnvironment();
        using var client = await TwoWindowsAsync(env, "stack");
        client.SendKeys("echo top-$((1+1))\r");
        await client.WaitForTextAsync("top-2");

        client.SendKeys(Prefix + "S");
        // The new region shows screen's blank window until one is selected into it; the focus stays on top.
        await client.WaitForAsync(t => t.GetRowText(22).Contains("--") && t.GetRowText(11).Contains("0 sh"), what: "two captions");
        Assert.True(client.Read(t => CaptionFocused(t, 11) && !CaptionFocused(t, 22)));
        Assert.InRange(client.Read(t => RowOf(t, "top-2")), 0, 10);

        client.SendKeys(Prefix + "\t" + Prefix + "1");
        await client.WaitForAsync(t => t.GetRowText(22).Contains("1 sh") && CaptionFocused(t, 22) && !CaptionFocused(t, 11), what: "window 1 below, focused");
        client.SendKeys("echo bottom-$((2+3)); stty size\r");
        await client.WaitForTextAsync("bottom-5");
        // A window is as big as its region: 10 rows under the top region and above the bottom caption.
        await client.WaitForAsync(t => RowOf(t, "10 80") is >= 12 and < 22, what: "stty size in the bottom region");
        Assert.InRange(client.Read(t => RowOf(t, "bottom-5")), 12, 21);

        client.SendKeys(Prefix + "\t" + "echo again-$((3+4)); stty size\r");
        await client.WaitForAsync(t => RowOf(t, "again-7") is >= 0 and < 11 && RowOf(t, "11 80") is >= 0 and < 11, what: "typing in the top region");
        Assert.InRange(client.Read(t => RowOf(t, "bottom-5")), 12, 21);   // the bottom region still shows its window
    }

    /// <summary>
    /// With <c>caption always</c> each region's caption is drawn from the caption string with its own window, and
    /// split, the bottom region's caption is the last row above the status line (no second caption row under it).
    /// </summary>
    [Fact]
    public async Task CaptionAlwaysGivesEachRegionItsCaptionStringAndNoExtraRow()
    {
        using var env = new MuxEnvironment();
        File.WriteAllText(Path.Combine(env.Home, ".muxrc"), "caption always \"cap %n %t\"\n");
        using var client = await TwoWindowsAsync(env, "capsplit");
        await client.WaitForAsync(t => t.GetRowText(22).StartsWith("cap 0 sh", StringComparison.Ordinal), what: "the caption unsplit");
        client.SendKeys(Prefix + "S" + Prefix + "\t" + Prefix + "1");
        await client.WaitForAsync(t => t.GetRowText(11).StartsWith("cap 0 sh", StringComparison.Ordinal)
            && t.GetRowText(22).StartsWith("cap 1 sh", StringComparison.Ordinal), what: "a caption string under each region");
        client.SendKeys("stty size\r");
        await client.WaitForAsync(t => RowOf(t, "10 80") is >= 12 and < 22, what: "the bottom window's 10 rows, up to its caption");
        Assert.DoesNotContain(Enumerable.Range(0, 24), r => r != 11 && r != 22 && client.Read(t => t.GetRowText(r)).StartsWith("cap ", StringComparison.Ordinal));
        // Unsplit again, the caption goes back under the one window.
        client.SendKeys(Prefix + "Q");
        await client.WaitForAsync(t => t.GetRowText(22).StartsWith("cap 1 sh", StringComparison.Ordinal) && RowOf(t, "cap 0") < 0, what: "one caption again");
    }

    [Fact]
    public async Task SideBySideHasABorderAndEachWindowItsHalf()
    {
        using var env = new MuxEnvironment();
        using var client = await TwoWindowsAsync(env, "beside");
        client.SendKeys(Prefix + "|");
        await client.WaitForAsync(t => t.GetRowText(5).Length > 40 && t.GetRowText(5)[40] == '│', what: "a border in column 40");
        client.SendKeys("stty size\r");
        await client.WaitForAsync(t => RowOf(t, "22 40") >= 0, what: "the left window is 40 columns of 22 rows");
        client.SendKeys(Prefix + "\t" + Prefix + "1" + "stty size\r");
        await client.WaitForAsync(t => t.GetRowText(RowOf(t, "22 39") is var r and >= 0 ? r : 0).IndexOf("22 39", StringComparison.Ordinal) >= 41,
            what: "the right window is 39 columns, drawn right of the border");
    }

    [Fact]
    public async Task RemoveAndOnlyGiveTheRoomBackAndTheWindowItsSize()
    {
        using var env = new MuxEnvironment();
        using var client = await TwoWindowsAsync(env, "only");
        client.SendKeys(Prefix + "S" + Prefix + "S");
        await client.WaitForAsync(t => Enumerable.Range(0, 23).Count(r => t.GetRowText(r).Contains("--")) == 2, what: "three regions");
        // Removing the focused (blank) middle region leaves the top one and one blank one; the focus goes to the latter.
        client.SendKeys(Prefix + "\t" + Prefix + "X");
        await client.WaitForAsync(t => Enumerable.Range(0, 23).Count(r => t.GetRowText(r).Contains("--")) == 1, what: "two regions");
        client.SendKeys(Prefix + "\t" + Prefix + "Q" + "clear; stty size\r");
        await client.WaitForTextAsync("23 80");
        Assert.Equal(-1, client.Read(t => RowOf(t, "--")));
    }

    [Fact]
    public async Task CommandsFromAScriptSplitResizeAndKeepTheLayoutForTheNextAttach()
    {
        using var env = new MuxEnvironment();
        using var client = await TwoWindowsAsync(env, "script");
        Assert.Equal(0, (await env.Run("-S", "script", "-X", "split")).ExitCode);
        await client.WaitForAsync(t => t.GetRowText(22).Contains("--"), what: "the split from -X");
        Assert.Equal(0, (await env.Run("-S", "script", "-X", "resize", "6")).ExitCode);
        await client.WaitForAsync(t => t.GetRowText(5).Contains("0 sh") && t.GetRowText(22).Contains("--"), what: "the top region 6 rows high");
        client.SendKeys("clear; stty size\r");
        await client.WaitForTextAsync("5 80");
        var bad = await env.Run("-S", "script", "-X", "resize", "wide");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("not a size", bad.Stderr);
        Assert.Equal(0, (await env.Run("-S", "script", "-X", "layout", "save", "work")).ExitCode);

        client.SendKeys(Prefix + "d");
        Assert.Equal(0, await client.WaitForExitAsync());
        using var again = env.StartAttached(["-r", "script"], 80, 24);
        await again.WaitForAsync(t => t.GetRowText(5).Contains("0 sh") && t.GetRowText(22).Contains("--"), what: "the split back on reattach");

        Assert.Equal(0, (await env.Run("-S", "script", "-X", "only")).ExitCode);
        await again.WaitForAsync(t => RowOf(t, "--") < 0, what: "one region");
        Assert.Equal(0, (await env.Run("-S", "script", "-X", "layout", "select", "work")).ExitCode);
        await again.WaitForAsync(t => t.GetRowText(5).Contains("0 sh") && t.GetRowText(22).Contains("--"), what: "the saved layout");
        Assert.NotEqual(0, (await env.Run("-S", "script", "-X", "layout", "select", "nothing")).ExitCode);
    }

    [Fact]
    public async Task AClickFocusesTheRegionUnderIt()
    {
        using var env = new MuxEnvironment();
        using var client = await TwoWindowsAsync(env, "click");
        client.SendKeys(Prefix + "|" + Prefix + "\t" + Prefix + "1");
        await client.WaitForAsync(t => t.GetRowText(22).IndexOf("1 sh", StringComparison.Ordinal) > 40 && CaptionFocused(t, 22, 42) && !CaptionFocused(t, 22, 1),
            what: "window 1 on the right, focused");
        // A left click at column 5, row 5 (1-based in the report): the left region.
        client.SendKeys("\u001b[<0;5;5M\u001b[<0;5;5m");
        await client.WaitForAsync(t => CaptionFocused(t, 22, 1) && !CaptionFocused(t, 22, 42), what: "the left region focused");
        client.SendKeys("echo left-$((4+4))\r");
        await client.WaitForAsync(t => RowOf(t, "left-8") >= 0 && t.GetRowText(RowOf(t, "left-8")).IndexOf("left-8", StringComparison.Ordinal) < 40, what: "typing on the left");
    }

    [Fact]
    public async Task CopyModeIsDrawnInTheFocusedRegionWhileTheOtherStaysLive()
    {
        using var env = new MuxEnvironment();
        using var client = await TwoWindowsAsync(env, "copy");
        client.SendKeys(Prefix + "S" + Prefix + "\t" + Prefix + "1" + "seq 1 100; echo seq-$((1+1))\r");
        await client.WaitForAsync(t => RowOf(t, "seq-2") is >= 12 and < 22, what: "seq in the bottom region");
        client.SendKeys(Prefix + "[" + "kkkkkkkkkkkk");
        await client.WaitForAsync(t => t.GetRowText(23).Contains("[copy mode]") && RowOf(t, "seq-2") < 0 && RowOf(t, "91") is >= 12 and < 22,
            what: "copy mode scrolled back in the bottom region");
        Assert.Equal(0, (await env.Run("-S", "copy", "-p", "0", "-X", "stuff", "echo live-$((5+5))\\n")).ExitCode);
        await client.WaitForAsync(t => RowOf(t, "live-10") is >= 0 and < 11, what: "the top region live under copy mode");
        Assert.True(client.Read(t => t.GetRowText(23).Contains("[copy mode]")));
        client.SendKeys("q");
        await client.WaitForAsync(t => RowOf(t, "seq-2") is >= 12 and < 22 && !t.GetRowText(23).Contains("[copy mode]"), what: "copy mode left");
    }

    [Fact]
    public async Task TheWheelScrollsTheRegionUnderItAndDraggingTheBorderResizes()
    {
        using var env = new MuxEnvironment();
        using var client = await TwoWindowsAsync(env, "wheel");
        client.SendKeys(Prefix + "|" + Prefix + "\t" + Prefix + "1" + "seq 1 200\r" + Prefix + "\t");
        await client.WaitForAsync(t => CaptionFocused(t, 22, 1) && t.GetRowText(20).Contains("200"), what: "seq on the right, the left focused");
        // Wheel up over the right region (column 60, row 10, 1-based): copy mode there.
        client.SendKeys("\u001b[<64;60;10M");
        await client.WaitForAsync(t => t.GetRowText(23).Contains("[copy mode]") && CaptionFocused(t, 22, 42) && !t.GetRowText(20).Contains("200"),
            what: "the right region scrolled back");
        client.SendKeys("q" + Prefix + "\t");
        await client.WaitForAsync(t => !t.GetRowText(23).Contains("[copy mode]") && CaptionFocused(t, 22, 1), what: "back on the left");

        // Drag the border (column 41, 1-based) to column 31: the left region becomes 30 columns wide.
        client.SendKeys("\u001b[<0;41;5M\u001b[<32;36;5M\u001b[<32;31;5M\u001b[<0;31;5m");
        await client.WaitForAsync(t => t.GetRowText(5).Length > 30 && t.GetRowText(5)[30] == '│', what: "the border in column 30");
        client.SendKeys("clear; stty size\r");
        await client.WaitForTextAsync("22 30");
    }

    [Fact]
    public async Task AResizeStormWithSplitsLeavesTheSessionWorking()
    {
        using var env = new MuxEnvironment();
        using var client = await TwoWindowsAsync(env, "storm");
        client.SendKeys(Prefix + "|" + Prefix + "S" + Prefix + "\t" + Prefix + "1");
        await client.WaitForAsync(t => Enumerable.Range(0, 23).Count(r => t.GetRowText(r).Contains("1 sh")) == 1, what: "three regions");
        foreach (var (c, r) in new[] { (1, 1), (2, 2), (5, 3), (1, 40), (120, 1), (3, 3), (1, 1) }) client.Resize(c, r);
        client.Resize(80, 24);
        client.SendKeys(Prefix + "\t" + Prefix + "\t" + "clear; stty size\r");
        await client.WaitForTextAsync("11 40");   // the top-left region is back to its share: 12 rows (one the caption), 40 columns
        Assert.Equal(0, (await env.Run("-S", "storm", "-X", "select", ".")).ExitCode);
    }
    /// <summary>
    /// Two regions side by side flooding coloured lines while the display is resized over and over and copy mode comes
    /// and goes: the two windows' readers feed at the same time, and whoever resizes, draws or copies waits for their
    /// feeds. Every line reaches its own window's history and the session answers after.
    /// </summary>
    [Fact]
    public async Task TwoRegionsFloodingThroughAResizeStormAndCopyModeKeepEveryLine()
    {
        using var env = new MuxEnvironment();
        using var client = await TwoWindowsAsync(env, "flood");
        const string Flood = "awk 'BEGIN{for(i=0;i<150000;i++) printf \"\\033[3%dm%06d\\033[0m w%d \\033[1;38;2;%d;9;9mtext\\033[0m\\n\", i%8, i, @N@, i%256}'; echo end-$((@N@*3))\r";
        client.SendKeys(Prefix + "|" + Prefix + "\t" + Prefix + "1" + Flood.Replace("@N@", "1") + Prefix + "\t" + Flood.Replace("@N@", "2"));
        for (int round = 0; round < 4; round++)
        {
            foreach (var (c, r) in new[] { (40, 10), (120, 40), (3, 2), (80, 24) }) client.Resize(c, r);
            client.SendKeys(Prefix + "[" + "kk" + "q");
        }
        foreach (var (window, marker) in new[] { ("1", "end-3"), ("0", "end-6") })
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            string history = "";
            while (DateTime.UtcNow < deadline && !history.Contains(marker, StringComparison.Ordinal))
            {
                history = await env.HardcopyAsync("flood", history: true, window: window);
                if (!history.Contains(marker, StringComparison.Ordinal)) await Task.Delay(Wait.PollInterval);
            }
            Assert.Contains(marker, history);
            string w = window == "1" ? "w1" : "w2";
            // The last lines of its own flood, none of the other's.
            Assert.Contains($"149999 {w} text", history);
            Assert.Contains($"149990 {w} text", history);
            Assert.DoesNotContain(window == "1" ? " w2 " : " w1 ", history);
        }
        Assert.Equal(0, (await env.Run("-S", "flood", "-X", "select", ".")).ExitCode);
    }
}
