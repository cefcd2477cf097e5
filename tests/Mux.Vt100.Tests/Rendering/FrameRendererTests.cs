using System.Buffers;
using System.Diagnostics;
using System.Text;
using Mux.Vt100.Rendering;
using Mux.Vt100.Screen;
using Xunit.Abstractions;

namespace Mux.Vt100.Tests.Rendering;

public class FrameRendererTests(ITestOutputHelper output)
{
    private static void Feed(Terminal t, string s) => t.Feed(Encoding.UTF8.GetBytes(s));

    private static int Count(string haystack, string needle)
    {
        int n = 0;
        for (int i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }

    private static RenderHarness Single(Terminal w, int cols, int rows, string? status = null) =>
        new(cols, rows) { Regions = [new Region(w, 0, 0, status == null ? rows : rows - 1, cols)], Status = status };

    [Fact]
    public void NothingChangedWritesNothing()
    {
        var w = new Terminal(80, 24);
        Feed(w, "hello\r\nworld");
        var h = Single(w, 80, 25, "[0 bash]");
        Assert.True(h.Render() > 0);
        Assert.Equal(0, h.Render());
        Feed(w, ""); // a feed that changes nothing bumps the version but no row
        Assert.Equal(0, h.Render());
    }

    [Fact]
    public void OneCharEchoIsTiny()
    {
        var w = new Terminal(80, 24);
        Feed(w, "$ ");
        var h = Single(w, 80, 25, "[0 bash]");
        h.Render();
        Feed(w, "l");
        int bytes = h.Render();
        output.WriteLine($"one-char echo: {bytes} bytes: {h.LastFrameText}");
        Assert.True(bytes <= 4, h.LastFrameText);
        h.AssertShows();
    }

    [Fact]
    public void OneCellChangeElsewhereIsSmall()
    {
        var w = new Terminal(120, 40);
        for (int y = 0; y < 40; y++) Feed(w, $"\e[{y + 1};1H{new string((char)('a' + y % 26), 120)}");
        Feed(w, "\e[1;1H");
        var h = Single(w, 120, 41, "status");
        h.Render();
        Feed(w, "\e[31;77H\e[1;32mX\e[m\e[1;1H");
        int bytes = h.Render();
        output.WriteLine($"one coloured cell: {bytes} bytes: {h.LastFrameText}");
        Assert.True(bytes < 40, h.LastFrameText);
        h.AssertShows();
    }

    [Fact]
    public void StatusOnlyChangeTouchesOnlyTheLastRow()
    {
        var w = new Terminal(40, 10);
        Feed(w, "some text\r\nmore");
        var h = Single(w, 40, 11, "[0 bash] 12:00");
        h.Render();
        var before = Enumerable.Range(0, 11).Select(h.Client.GetRowVersion).ToArray();
        h.Status = "[0 bash] 12:01";
        int bytes = h.Render();
        output.WriteLine($"status change: {bytes} bytes: {h.LastFrameText}");
        for (int y = 0; y < 10; y++) Assert.Equal(before[y], h.Client.GetRowVersion(y));
        Assert.NotEqual(before[10], h.Client.GetRowVersion(10));
        Assert.True(bytes < 30, h.LastFrameText);
        h.AssertShows();
    }

    [Fact]
    public void FullFrameOfPlainTextIsCompactAndTimed()
    {
        var w = new Terminal(120, 40);
        var rng = new Random(5);
        var sb = new StringBuilder();
        for (int y = 0; y < 40; y++)
        {
            sb.Append($"\e[{y + 1};1H");
            for (int x = 0; x < 120; x++) sb.Append((char)rng.Next('!', '~'));
        }
        Feed(w, sb.ToString());
        var h = Single(w, 120, 40);
        int bytes = h.Render();
        output.WriteLine($"full 120x40 plain repaint: {bytes} bytes");
        Assert.True(bytes < 120 * 40 + 40 * 10 + 100, $"{bytes}");
        h.AssertShows();

        var r = new FrameRenderer(120, 40);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        Region[] regions = [new Region(w, 0, 0, 40, 120)];
        // Warm up long enough for tiered JIT to reach optimized code (Native AOT starts there).
        var warm = Stopwatch.StartNew();
        while (warm.ElapsedMilliseconds < 400)
        {
            r.Invalidate();
            buffer.ResetWrittenCount();
            r.Render(buffer, regions, null);
        }
        const int N = 200;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < N; i++)
        {
            r.Invalidate();
            buffer.ResetWrittenCount();
            r.Render(buffer, regions, null);
        }
        double us = sw.Elapsed.TotalMicroseconds / N;
        output.WriteLine($"full 120x40 frame: {us:F0} us");
        Assert.True(us < 20_000, $"{us} us"); // generous: shared, noisy machines; the figure is in the output
    }

    [Fact]
    public void ColouredFullFrameUsesFewSgr()
    {
        var w = new Terminal(120, 40);
        var sb = new StringBuilder();
        for (int y = 0; y < 40; y++)
        {
            sb.Append($"\e[{y + 1};1H");
            for (int word = 0; word < 12; word++) sb.Append($"\e[{31 + word % 6}mword{word:D2}   ");
        }
        Feed(w, sb.ToString() + "\e[m");
        var h = Single(w, 120, 40);
        int bytes = h.Render();
        output.WriteLine($"full 120x40 coloured repaint: {bytes} bytes");
        Assert.True(bytes < 120 * 40 + 40 * 12 * 5 + 40 * 10 + 100, $"{bytes}");
        h.AssertShows();
    }

    [Fact]
    public void SteadyStateRenderAllocatesNothing()
    {
        var w = new Terminal(120, 40);
        Feed(w, "\e[1;31mred \e[4:3;38;2;1;2;3mcurly e\u0301 中文\e[m plain\r\n");
        var r = new FrameRenderer(120, 41);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        Region[] regions = [new Region(w, 0, 0, 40, 120)];
        string status = "[0 bash]";
        for (int i = 0; i < 20; i++)
        {
            Feed(w, $"line {i} \e[32mgreen\e[m 中\r\n");
            buffer.ResetWrittenCount();
            r.Render(buffer, regions, status);
        }
        var bytes = Encoding.UTF8.GetBytes("x\e[1;33my\e[mz 中\u0301\r\n");
        long total = 0;
        for (int i = 0; i < 20; i++)
        {
            w.Feed(bytes);
            buffer.ResetWrittenCount();
            long before = GC.GetAllocatedBytesForCurrentThread();
            r.Render(buffer, regions, status);
            total += GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(buffer.WrittenCount > 0);
            r.Invalidate();
        }
        Assert.Equal(0, total);
    }

    [Fact]
    public void ModesAreMirroredOnceAndAgainAfterInvalidate()
    {
        var w = new Terminal(40, 10);
        var h = Single(w, 40, 10);
        h.Render();
        Feed(w, "\e[?2004h\e[?1000h\e[?1006h\e[?1h\e=");
        h.Render();
        string frame = h.LastFrameText;
        Assert.Equal(1, Count(frame, "2004"));
        Assert.Equal(1, Count(frame, "1006"));
        Assert.Contains("\\e=", frame);
        Assert.Matches(@"\\e\[\?([0-9;]*;)?1[;h]", frame);
        h.AssertShows();
        Assert.Equal(0, h.Render());

        h.Renderer.Invalidate();
        h.Render();
        Assert.Matches(@"\\e\[\?[0-9;]*2004[;h0-9]*h", h.LastFrameText);
        Assert.Matches(@"\\e\[\?[0-9;]*1006[;0-9]*h", h.LastFrameText);
        h.AssertShows();

        Feed(w, "\e[?2004l\e[?1000l\e>");
        h.Render();
        Assert.Contains("2004", h.LastFrameText);
        Assert.Contains("\\e>", h.LastFrameText);
        h.AssertShows();
    }

    [Fact]
    public void CursorShapeAndVisibilityFollowTheWindow()
    {
        var w = new Terminal(40, 10);
        var h = Single(w, 40, 10);
        h.Render();
        Feed(w, "\e[5 q");
        h.Render();
        Assert.Equal("\\e[5 q", h.LastFrameText);
        Feed(w, "\e[?25l");
        h.Render();
        Assert.Equal("\\e[?25l", h.LastFrameText);
        h.AssertShows();
    }

    [Fact]
    public void WideCharAtTheRegionEdgeIsNotSplit()
    {
        var w = new Terminal(10, 3);
        Feed(w, "abcdefgh中");
        var h = new RenderHarness(12, 3) { Regions = [new Region(w, 0, 0, 3, 9)] };
        h.Render();
        Assert.Equal(" ", h.Client.GetCellText(8, 0));
        Assert.False(h.Client.GetCell(8, 0).IsWide);
        Assert.Equal(".", h.Client.GetCellText(9, 0));
        h.AssertShows();

        // Wide char at the client's last column: cut the same way.
        var h2 = new RenderHarness(9, 3) { Regions = [new Region(w, 0, 0, 3, 10)] };
        h2.Render();
        h2.AssertShows();
        Assert.Equal(" ", h2.Client.GetCellText(8, 0));
    }

    [Fact]
    public void ChangedHalfOfAWideCharRedrawsIt()
    {
        var w = new Terminal(10, 2);
        Feed(w, "ab中cd");
        var h = Single(w, 10, 2);
        h.Render();
        Feed(w, "\e[1;4Hx"); // overwrites the right half: the left half goes blank
        h.Render();
        h.AssertShows();
        Feed(w, "\e[1;3H文"); // wide over narrow
        h.Render();
        h.AssertShows();
        Feed(w, "\e[1;3H\e[7m文\e[m"); // same char, new style, spacer included
        h.Render();
        h.AssertShows();
    }

    [Fact]
    public void RegionNarrowerThanTheWindowCrops()
    {
        var w = new Terminal(30, 5);
        Feed(w, "0123456789abcdefghijklmnopqrst\r\nline two is long enough to crop");
        var h = new RenderHarness(10, 4) { Regions = [new Region(w, 0, 0, 3, 10)], Status = "st" };
        h.Render();
        Assert.Equal("0123456789", h.Client.GetRowText(0));
        h.AssertShows();
    }

    [Fact]
    public void ClientLargerThanTheWindowShowsUnusedArea()
    {
        var w = new Terminal(10, 3);
        Feed(w, "hi");
        var h = new RenderHarness(14, 6) { Regions = [new Region(w, 0, 0, 5, 14)], Status = "s" };
        h.Render();
        Assert.Equal("hi", h.Client.GetRowText(0)[..2]);
        Assert.Equal(".", h.Client.GetCellText(12, 0));
        Assert.Equal(".", h.Client.GetCellText(0, 4));
        Assert.True((h.Client.GetStyle(h.Client.GetCell(0, 4).StyleId).Attributes & CellAttributes.Dim) != 0);
        h.AssertShows();
    }

    [Fact]
    public void BottomRightCellDoesNotScrollTheClient()
    {
        var w = new Terminal(20, 5);
        for (int y = 0; y < 5; y++) Feed(w, $"\e[{y + 1};1H{new string((char)('A' + y), 20)}");
        Feed(w, "\e[5;20H\e[31mZ\e[m\e[1;1H");
        var h = Single(w, 20, 5);
        h.Render();
        Assert.Equal(0, h.Client.ScrollbackCount);
        Assert.Equal(TerminalModes.None, h.Client.Modes & TerminalModes.AutoWrap); // the chosen guard
        Assert.Equal("AAAAAAAAAAAAAAAAAAAA", h.Client.GetRowText(0));
        Assert.Equal("Z", h.Client.GetCellText(19, 4));
        h.AssertShows();

        // A wide char ending in the bottom-right cell, and a status line drawn there.
        Feed(w, "\e[5;19H中");
        h.Render();
        h.AssertShows();
        var h2 = Single(w, 20, 6, new string('=', 40));
        h2.Render();
        h2.Renderer.Invalidate();
        h2.Render();
        h2.AssertShows();
    }

    [Fact]
    public void EraseToEndOfLineUsesEl()
    {
        var w = new Terminal(80, 5);
        Feed(w, new string('x', 70) + "\e[1;1H");
        var h = Single(w, 80, 5);
        h.Render();
        Feed(w, "\e[1;3H\e[K\e[1;1H");
        int bytes = h.Render();
        Assert.Contains("\\e[K", h.LastFrameText);
        Assert.True(bytes < 16, h.LastFrameText);
        h.AssertShows();
    }

    [Fact]
    public void TitleIsMirroredWhenAskedAndSanitised()
    {
        var w = new Terminal(20, 3);
        var h = Single(w, 20, 3);
        h.Renderer.MirrorTitle = true;
        h.Render();
        Feed(w, "\e]2;vim\u00e9 x\a");
        h.Render();
        Assert.Equal("vimé x", h.Client.Title);
        Assert.Equal(0, h.Render());
    }

    [Fact]
    public void ResizeRedrawsEverythingAtTheNewSize()
    {
        var w = new Terminal(30, 8);
        Feed(w, "\e[44mblue\e[m\r\n\e[?2004h");
        var h = Single(w, 30, 9, "st");
        h.Render();
        h.ResizeClient(20, 6);
        h.Regions = [new Region(w, 0, 0, 5, 20)];
        h.Render();
        Assert.Contains("\\e[2J", h.LastFrameText);
        Assert.Contains("2004", h.LastFrameText);
        h.AssertShows();
    }

    [Fact]
    public void SgrTransitionsRoundTripThroughTheEmulator()
    {
        // Every attribute on and off in turn, each compared by the client emulator.
        string[] sgrs = ["1", "2", "1;2", "22;2", "3", "4", "4:2", "4:3", "4:4", "4:5", "24", "5", "6", "25", "7", "8", "9", "53",
            "31", "91", "38;5;200", "38;2;1;2;3", "39", "41", "101", "48;5;17", "48;2;9;8;7", "49",
            "58:5:3", "58:2::4:5:6", "59", "0", "1;3;4:3;5;7;9;53;38;2;1;2;3;48;2;4;5;6;58:2::7:8:9", "22;23;24;25;27;29;55"];
        var w = new Terminal(60, 3);
        var h = Single(w, 60, 3);
        foreach (string s in sgrs) Feed(w, $"\e[{s}m{s[0]}");
        h.Render();
        h.AssertShows();
    }

    private static Terminal FilledWindow(int cols, int rows)
    {
        var w = new Terminal(cols, rows);
        for (int y = 0; y < rows; y++) Feed(w, $"\e[{y + 1};1H\e[3{y % 8}mline {y:D3} {new string((char)('a' + y % 26), cols - 20)}\e[m");
        return w;
    }

    [Fact]
    public void OutputScrollingScrollsTheClient()
    {
        var w = FilledWindow(120, 40);
        var h = Single(w, 120, 41, "[0 bash]");
        h.Render();
        Feed(w, "\e[40;1H\nnew last line\r\n$ ");
        int bytes = h.Render();
        output.WriteLine($"scroll by two lines, 120x40: {bytes} bytes: {h.LastFrameText}");
        Assert.True(bytes < 120, h.LastFrameText);
        Assert.Contains("\\e[2M", h.LastFrameText);
        h.AssertShows();
    }

    [Fact]
    public void PagerScrollingBackScrollsTheClientDown()
    {
        var w = FilledWindow(80, 24);
        var h = Single(w, 80, 25, "st");
        h.Render();
        Feed(w, "\e[1;23r\e[1;1H\eM\eM\eM\e[r\e[1;1Hback 1\r\nback 2\r\nback 3");
        int bytes = h.Render();
        output.WriteLine($"reverse scroll by three in a region: {bytes} bytes: {h.LastFrameText}");
        Assert.True(bytes < 120, h.LastFrameText);
        Assert.Contains("3L", h.LastFrameText);
        h.AssertShows();
    }

    [Theory]
    [InlineData("\e[40;20H\eD\eD", "IND at the bottom margin")]
    [InlineData("\e[1;20H\eM\eM", "RI at the top margin")]
    [InlineData("\e[2S", "SU")]
    [InlineData("\e[10;20H\e[2M", "DL")]
    [InlineData("\e[10;20H\e[2L", "IL")]
    public void LeftRightMarginScrollIsNeverAFullRowScroll(string scroll, string what)
    {
        // Every row differs outside the margins, so moving whole rows on the client would show wrong text there.
        var w = FilledWindow(120, 40);
        var h = Single(w, 120, 41, "st");
        h.Render();
        Feed(w, "\e[?69h\e[20;60s" + scroll);
        int bytes = h.Render();
        output.WriteLine($"{what} inside left/right margins: {bytes} bytes");
        h.AssertShows(what);
        Assert.DoesNotMatch(@"\\e\[\d*[LMST]", h.LastFrameText);
    }

    [Fact]
    public void SplitRegionsScrollIndependently()
    {
        var a = FilledWindow(60, 10);
        var b = FilledWindow(60, 10);
        var h = new RenderHarness(60, 22) { Regions = [new Region(a, 0, 0, 10, 60), new Region(b, 11, 0, 10, 60)], Status = "[0] [1]" };
        h.Render();
        Feed(a, "\e[10;1H\nA");
        Feed(b, "\e[10;1H\n\nB");
        int bytes = h.Render();
        output.WriteLine($"two regions scrolling: {bytes} bytes: {h.LastFrameText}");
        Assert.True(bytes < 120, h.LastFrameText);
        h.AssertShows();
    }

    [Fact]
    public void RestoreSequenceGivesTheTerminalBack()
    {
        var w = new Terminal(20, 5);
        Feed(w, "\e[?2004h\e[?1003h\e[?1006h\e[?1h\e=\e[3 q\e[?25l\e[1;31m");
        var h = Single(w, 20, 5);
        h.Render();
        Assert.NotEqual(TerminalModes.None, h.Client.Modes & FrameRenderer.MirroredModes);
        h.Client.Feed(FrameRenderer.RestoreSequence);
        Assert.Equal(TerminalModes.None, h.Client.Modes & FrameRenderer.MirroredModes);
        Assert.NotEqual(TerminalModes.None, h.Client.Modes & TerminalModes.AutoWrap);
        Assert.True(h.Client.CursorVisible);
        Assert.Equal(CursorStyle.Default, h.Client.CursorStyle);
    }

    [Fact]
    public void ClearUsesOneEraseBelow()
    {
        var w = FilledWindow(120, 40);
        var h = Single(w, 120, 40);
        h.Render();
        Feed(w, "\e[H\e[2J$ ");
        int bytes = h.Render();
        output.WriteLine($"clear, 120x40: {bytes} bytes: {h.LastFrameText}");
        Assert.Contains("\\e[J", h.LastFrameText);
        Assert.True(bytes < 40, h.LastFrameText);
        h.AssertShows();
    }
}
