using System.Text;
using Mux.Vt100.Rendering;
using Mux.Vt100.Screen;

namespace Mux.Vt100.Tests.Rendering;

/// <summary>OSC 8 hyperlinks drawn on the client's terminal by the one writer, as an attribute of the cells.</summary>
public class HyperlinkRenderingTests
{
    private const string Close = "\\e]8;;\\e\\";

    private static void Feed(Terminal t, string s) => t.Feed(Encoding.UTF8.GetBytes(s));

    private static RenderHarness Single(Terminal w, int cols, int rows, string? status = null) =>
        new(cols, rows) { Regions = [new Region(w, 0, 0, status == null ? rows : rows - 1, cols)], Status = status };

    private static int Count(string haystack, string needle)
    {
        int n = 0;
        for (int i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }

    [Fact]
    public void TheLinkOpensBeforeItsTextAndClosesBeforeThePlainText()
    {
        var w = new Terminal(20, 2);
        Feed(w, "a\e]8;id=x;https://example.com/a\e\\link\e]8;;\e\\ b");
        var h = Single(w, 20, 2);
        h.Render();
        Assert.Contains("a\\e]8;id=x;https://example.com/a\\e\\link" + Close + " b", h.LastFrameText);
        h.AssertShows();
        Assert.Equal(new Hyperlink("https://example.com/a", "x"), h.Client.GetHyperlinkAt(1, 0));
        Assert.Null(h.Client.GetHyperlinkAt(5, 0));
    }

    [Fact]
    public void ALinkWrappedOverRowsStaysOneLinkAndNeverLeaksIntoLaterOutput()
    {
        var w = new Terminal(10, 4);
        Feed(w, "\e]8;id=7;https://example.com/long\e\\0123456789abc\e]8;;\e\\");
        var h = Single(w, 10, 5, "[0 sh]");
        h.Render();
        h.AssertShows();
        Assert.Equal(new Hyperlink("https://example.com/long", "7"), h.Client.GetHyperlinkAt(9, 0));
        Assert.Equal(new Hyperlink("https://example.com/long", "7"), h.Client.GetHyperlinkAt(2, 1));
        string frame = h.LastFrameText;
        Assert.Equal(1, Count(frame, "id=7"));   // opened once, kept open from one row to the next
        Assert.Equal(frame.LastIndexOf("\\e]8;", StringComparison.Ordinal), frame.LastIndexOf(Close, StringComparison.Ordinal));

        // The next frame draws plain text far from the link: nothing there may take it.
        Feed(w, "\e[4;5HZ");
        h.Render();
        Assert.DoesNotContain("\\e]8", h.LastFrameText);
        Assert.Null(h.Client.GetHyperlinkAt(4, 3));
        h.AssertShows();
    }

    [Fact]
    public void ALinkAloneIsAChangeTheDiffSends()
    {
        var w = new Terminal(20, 2);
        Feed(w, "abc");
        var h = Single(w, 20, 2);
        h.Render();
        Feed(w, "\r\e]8;;https://example.com/\e\\abc\e]8;;\e\\");
        Assert.True(h.Render() > 0);
        Assert.Contains("\\e]8;;https://example.com/\\e\\abc" + Close, h.LastFrameText);
        h.AssertShows();
        Feed(w, "\rabc");
        h.Render();
        Assert.Null(h.Client.GetHyperlinkAt(0, 0));
        h.AssertShows();
    }

    [Fact]
    public void HyperlinksOffDrawsTheTextWithoutLinksAndOnDrawsThemAgain()
    {
        var w = new Terminal(20, 2);
        Feed(w, "\e]8;;https://example.com/\e\\link\e]8;;\e\\ plain");
        var h = Single(w, 20, 2);
        h.Renderer.Hyperlinks = false;
        h.Render();
        Assert.DoesNotContain("\\e]8", h.LastFrameText);
        Assert.Contains("link plain", h.LastFrameText);
        h.AssertShows();

        h.Renderer.Hyperlinks = true;
        Assert.True(h.Render() > 0);
        Assert.Contains("\\e]8;;https://example.com/\\e\\link", h.LastFrameText);
        h.AssertShows();
    }

    [Fact]
    public void StatusLineAndBordersNextToALinkCarryNone()
    {
        var left = new Terminal(5, 2);
        var right = new Terminal(5, 2);
        Feed(left, "\e]8;;https://example.com/l\e\\xxxxxxxxxx");
        Feed(right, "\e]8;;https://example.com/r\e\\yyyyyyyyyy");
        var h = new RenderHarness(11, 3) { Regions = [new Region(left, 0, 0, 2, 5), new Region(right, 0, 6, 2, 5)], Status = "status" };
        h.Render();
        h.AssertShows();
        Assert.Null(h.Client.GetHyperlinkAt(5, 0));   // the unused column between the regions
        Assert.Null(h.Client.GetHyperlinkAt(0, 2));   // the status line
        Assert.Equal("https://example.com/r", h.Client.GetHyperlinkAt(6, 1)?.Uri);
    }

    [Fact]
    public void CopyModeShowsTheLinksOfHistory()
    {
        var t = new Terminal(10, 2, scrollbackLimit: 100);
        Feed(t, "\e]8;id=h;https://example.com/old\e\\old\e]8;;\e\\ text\r\nx\r\ny\r\nz");
        Assert.True(t.ScrollbackCount >= 1);
        var view = new SnapshotView(t.SnapshotLines(), 10, 2);
        view.ShowLine(0, 0);
        var client = new Terminal(10, 2);
        var renderer = new FrameRenderer(10, 2);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        renderer.Render(output, [new Region(view, 0, 0, 2, 10)], null);
        client.Feed(output.WrittenSpan);
        Assert.Equal(new Hyperlink("https://example.com/old", "h"), client.GetHyperlinkAt(0, 0));
        Assert.Equal(new Hyperlink("https://example.com/old", "h"), client.GetHyperlinkAt(2, 0));
        Assert.Null(client.GetHyperlinkAt(3, 0));
    }

    [Fact]
    public void AFloodOfDistinctLinksKeepsTheClientTableAndFramesBounded()
    {
        var w = new Terminal(40, 10, scrollbackLimit: 10);
        var h = Single(w, 40, 10);
        int maxFrame = 0;
        for (int frame = 0; frame < 200; frame++)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < 100; i++) sb.Append($"\e]8;;http://x/{frame}/{i}\e\\L\e]8;;\e\\");
            Feed(w, sb.ToString());
            maxFrame = Math.Max(maxFrame, h.Render());
        }
        h.AssertShows();
        // 20,000 links drawn; the client's table holds about a screenful at most.
        Assert.InRange(h.Renderer.LinkCount, 1, 3 * 40 * 10 + 4096);
        // A frame is at most every cell with its own link: bounded by the screen, not by what was printed.
        Assert.InRange(maxFrame, 1, 40 * 10 * 40);
    }

    [Theory]
    [InlineData("http://x/\e]2;pwned\a", null)]
    [InlineData("http://x/\u009c", null)]
    [InlineData("http://x/ space", null)]
    [InlineData("http://x/", "a;b")]
    [InlineData("http://x/", "a\e\\")]
    [InlineData("", null)]
    public void ALinkThatCouldBreakOutOfItsSequenceGetsNoNumber(string uri, string? id)
    {
        var links = new ClientLinks();
        Assert.Equal(0, links.NumberOf(new Hyperlink(uri, id)));
        Assert.Equal(1, links.NumberOf(new Hyperlink("http://x/", "ok")));
    }
}
