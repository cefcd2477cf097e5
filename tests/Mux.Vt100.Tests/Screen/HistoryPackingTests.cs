using System.Text;
using Mux.Vt100.Screen;
using Mux.Vt100.Tests.Support;

namespace Mux.Vt100.Tests.Screen;

/// <summary>History compressed while a session is idle reads back exactly as it was written.</summary>
public class HistoryPackingTests
{
    private static void Feed(Terminal t, string s) => t.Feed(Encoding.UTF8.GetBytes(s));

    private static string Lines(int from, int count)
    {
        var sb = new StringBuilder();
        for (int i = from; i < from + count; i++)
            sb.Append(i % 3 == 0 ? $"\e[3{i % 8}mcolour {i}\e[m plain tail {i}\r\n"
                : i % 3 == 1 ? $"한국어 줄 {i} 日本語 e\u0301\r\n"
                : $"plain line {i} {new string('x', i % 90)}\r\n");
        return sb.ToString();
    }

    private static Style[] Styles(Terminal t) =>
        Enumerable.Range(0, t.Rows).SelectMany(y => Enumerable.Range(0, t.Columns).Select(x => t.GetStyle(t.GetCell(x, y).StyleId))).ToArray();

    [Fact]
    public void PackedHistoryReadsBackTheSameThroughEveryUse()
    {
        var packed = new Terminal(100, 10, scrollbackLimit: 12000);
        var plain = new Terminal(100, 10, scrollbackLimit: 12000);
        foreach (var t in new[] { packed, plain }) Feed(t, Lines(0, 10000));

        // A page at a time, as the server does it between taking its lock.
        long saved = 0;
        int rounds = 0;
        while (packed.CanPackHistory) { saved += packed.PackHistory(maxPages: 1); rounds++; }
        Assert.True(saved > 0, $"nothing was compressed: {packed.ScrollbackCount} lines, {packed.ScrollbackMemoryBytes} bytes");
        Assert.True(rounds > 1, "the history fitted in one page: the test needs more");
        Assert.True(packed.ScrollbackMemoryBytes < plain.ScrollbackMemoryBytes * 2 / 3,
            $"{packed.ScrollbackMemoryBytes} bytes packed vs {plain.ScrollbackMemoryBytes} plain");
        Assert.Equal(ScreenText.Scrollback(plain), ScreenText.Scrollback(packed));

        // More output on top of packed pages, eviction of packed pages, then a reflow that decodes every line.
        foreach (var t in new[] { packed, plain }) Feed(t, Lines(10000, 4000));
        Assert.Equal(ScreenText.Scrollback(plain), ScreenText.Scrollback(packed));
        packed.PackHistory();
        foreach (var t in new[] { packed, plain }) t.Resize(57, 30);
        Assert.Equal(ScreenText.Scrollback(plain), ScreenText.Scrollback(packed));
        Assert.Equal(ScreenText.Rows(plain), ScreenText.Rows(packed));
        foreach (var t in new[] { packed, plain }) t.Resize(100, 5);   // pulls styled lines back out of history
        Assert.Equal(ScreenText.Rows(plain), ScreenText.Rows(packed));
        Assert.Equal(Styles(plain), Styles(packed));
    }

    [Fact]
    public void StylesInPackedHistorySurviveTheStyleTablesCompaction()
    {
        var t = new Terminal(20, 2, scrollbackLimit: 5000);
        Feed(t, "\e[31mred\e[m line\r\n" + string.Concat(Enumerable.Range(0, 150).Select(i => $"filler {i}\r\n")));
        t.PackHistory();
        var many = new StringBuilder();
        for (int i = 0; i < 70_000; i++) many.Append($"\e[38;2;{i & 255};{i >> 8 & 255};{i >> 16}mx");
        Feed(t, many + "\e[m\r\n");   // more styles than the table keeps: compacted, ids renumbered in history too

        var snapshot = t.SnapshotLines();
        var view = new SnapshotView(snapshot, 20, 1);
        view.ShowLine(0, 0);
        Assert.Equal("red line", view.GetRowText(0));
        Assert.Equal(Color.FromIndex(1), view.GetStyle(view.GetCell(0, 0).StyleId).Foreground);
        Assert.True(view.GetStyle(view.GetCell(4, 0).StyleId).IsDefault);
    }
}
