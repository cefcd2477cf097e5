using System.Text;
using Mux.Vt100.Screen;

namespace Mux.Vt100.Tests.Modern;

/// <summary>OSC 8 hyperlinks (egmontkob's spec, as in iTerm2, kitty, VTE): kept with the cells, bounded.</summary>
public class HyperlinkTests
{
    private static void Feed(Terminal t, string s) => t.Feed(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void LinkCoversOnlyTheTextBetweenOpenAndClose()
    {
        var t = new Terminal(20, 3);
        Feed(t, "a\e]8;id=x;https://example.com/a\e\\link\e]8;;\e\\b");
        Assert.Null(t.GetHyperlinkAt(0, 0));
        Assert.Equal(new Hyperlink("https://example.com/a", "x"), t.GetHyperlinkAt(1, 0));
        Assert.Equal(new Hyperlink("https://example.com/a", "x"), t.GetHyperlinkAt(4, 0));
        Assert.Null(t.GetHyperlinkAt(5, 0));
    }

    [Fact]
    public void SgrResetDoesNotEndTheLink()
    {
        var t = new Terminal(20, 3);
        Feed(t, "\e]8;;http://a\a\e[1mX\e[0mY\e]8;;\aZ");
        Assert.Equal("http://a", t.GetHyperlinkAt(1, 0)?.Uri);
        Assert.Null(t.GetHyperlinkAt(2, 0));
    }

    [Fact]
    public void LinkSurvivesScrollingIntoHistoryAndReflow()
    {
        var t = new Terminal(10, 3);
        Feed(t, "\e]8;;https://example.com/long\e\\0123456789abcde\e]8;;\e\\\r\n");
        Feed(t, "x\r\ny\r\nz\r\nw");
        Assert.True(t.ScrollbackCount >= 2);
        Assert.Equal("https://example.com/long", t.GetScrollbackHyperlinkAt(0, 0)?.Uri);
        Assert.Equal("https://example.com/long", t.GetScrollbackHyperlinkAt(1, 4)?.Uri);
        Assert.Null(t.GetScrollbackHyperlinkAt(1, 5));

        t.Resize(20, 3);    // the two wrapped halves join again
        int line = Enumerable.Range(0, t.ScrollbackCount).First(i => t.GetScrollbackRowText(i).StartsWith("0123456789abcde"));
        Assert.Equal("https://example.com/long", t.GetScrollbackHyperlinkAt(line, 14)?.Uri);
        Assert.Null(t.GetScrollbackHyperlinkAt(line, 15));
    }

    [Fact]
    public void ALinkOnTheScreenStaysOnItsTextThroughANarrowerResizeAndBack()
    {
        var t = new Terminal(20, 4);
        Feed(t, "ab\e]8;id=r;https://example.com/r\e\\0123456789xy\e]8;;\e\\cd");
        t.Resize(8, 4);     // the line wraps: the link goes with its text onto the next row
        Assert.Equal("https://example.com/r", t.GetHyperlinkAt(2, 0)?.Uri);
        Assert.Equal("https://example.com/r", t.GetHyperlinkAt(5, 1)?.Uri);
        Assert.Null(t.GetHyperlinkAt(6, 1));
        t.Resize(20, 4);
        Assert.Equal("ab0123456789xycd", t.GetRowText(0).TrimEnd());
        Assert.Null(t.GetHyperlinkAt(1, 0));
        for (int x = 2; x < 14; x++) Assert.Equal(new Hyperlink("https://example.com/r", "r"), t.GetHyperlinkAt(x, 0));
        Assert.Null(t.GetHyperlinkAt(14, 0));
    }

    [Fact]
    public void HostileUrisAreRefusedAndTheTextStillPrints()
    {
        var t = new Terminal(30, 3);
        string huge = "http://" + new string('a', Terminal.MaxHyperlinkUriLength);
        Feed(t, $"\e]8;;{huge}\e\\A\e]8;;\e\\");
        Feed(t, "\e]8;;http://x/\u0085\u007f\e\\B\e]8;;\e\\");
        Feed(t, "\e]8;;http://x/é\e\\C\e]8;;\e\\");
        Feed(t, "\e]8;;http://x/" + new string('b', 20_000) + "\e\\D\e]8;;\e\\");
        Assert.Equal("ABCD", t.GetRowText(0).Trim()[..4]);
        for (int x = 0; x < 4; x++) Assert.Null(t.GetHyperlinkAt(x, 0));
        Assert.Equal(4, t.RefusedHyperlinks);
    }

    [Fact]
    public void AFloodOfDistinctLinksStaysBoundedAndFreesUnusedNumbers()
    {
        var t = new Terminal(20, 5, scrollbackLimit: 10);
        var sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) sb.Append($"\e]8;;http://x/{i}\e\\L\e]8;;\e\\\r\n");
        Feed(t, sb.ToString());
        Assert.True(t.HyperlinkCount <= 1024, $"{t.HyperlinkCount} links held");
        // Links still on screen or in the kept history survive the recycling of numbers.
        Assert.Equal("http://x/19999", t.GetHyperlinkAt(0, 3)?.Uri);
        Assert.Equal(0, t.RefusedHyperlinks);
    }

    [Fact]
    public void ALinkChangesNoColourWhenTheScreenIsDrawn()
    {
        var t = new Terminal(20, 2);
        Feed(t, "\e[1;31mA\e]8;;http://a\e\\B\e]8;;\e\\C");
        var copy = new Terminal(20, 2);
        var renderer = new Mux.Vt100.Rendering.FrameRenderer(20, 2);
        var w = new System.Buffers.ArrayBufferWriter<byte>();
        renderer.Render(w, [new Mux.Vt100.Rendering.Region(t, 0, 0, 2, 20)], null);
        copy.Feed(w.WrittenSpan);
        for (int x = 0; x < 3; x++)
            Assert.Equal(t.GetStyle(t.GetCell(x, 0).StyleId) with { Link = 0 }, copy.GetStyle(copy.GetCell(x, 0).StyleId) with { Link = 0 });
    }
}
