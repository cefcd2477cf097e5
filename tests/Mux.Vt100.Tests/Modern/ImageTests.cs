using System.Text;

namespace Mux.Vt100.Tests.Modern;

/// <summary>Images are not drawn: sixel (DCS q) and kitty graphics (APC G) are dropped whole, never shown as text.</summary>
public class ImageTests
{
    private static readonly string s_sixel = "\ePq\"1;1;8;8#0;2;0;0;0#1;2;100;100;0#1~~@@vv@@~~$-#0!8~-\e\\";
    private static readonly string s_kitty = "\e_Gf=100,a=T,m=0;iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ\e\\";

    private static string Screen(Terminal t) =>
        string.Join("\n", Enumerable.Range(0, t.Rows).Select(t.GetRowText)).TrimEnd('\n', ' ');

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void ImagesLeaveOnlyTheTextAroundThem(int chunk)
    {
        var t = new Terminal(40, 4);
        byte[] all = Encoding.UTF8.GetBytes($"before{s_sixel}|{s_kitty}after\r\nnext");
        for (int i = 0; i < all.Length; i += chunk) t.Feed(all.AsSpan(i, Math.Min(chunk, all.Length - i)));
        Assert.Equal("before|after\nnext", Screen(t));
    }

    [Fact]
    public void HugeImagePayloadsLeakNothing()
    {
        var t = new Terminal(40, 4);
        string sixelBody = string.Concat(Enumerable.Repeat("#1~~@@vv@@~~$-", 200_000));
        string kittyBody = new string('A', 3_000_000);
        t.Feed(Encoding.ASCII.GetBytes($"a\ePq{sixelBody}\e\\b\e_Ga=T,m=1;{kittyBody}\e\\c"));
        Assert.Equal("abc", Screen(t));
    }
}
