using Mux.Client.Cli;
using Mux.Client.Top;
using Mux.Protocol;

namespace Mux.Client.Tests.Top;

/// <summary>mux top's table: what sorts first, what a server that did not answer looks like, and hostile titles.</summary>
public class TopTableTests
{
    private static WindowInfo Window(int number, string title, double cpu, long rss, long gpu = -1) =>
        new(number, title, title + " --run", 100 + number, true, "", 0, 0, 0, CpuSeconds: 1, CpuPercent: cpu, RssBytes: rss, PeakRssBytes: rss, GpuBytes: gpu);

    private static SessionEntry Session(int pid, string name, params WindowInfo[] windows) =>
        new SessionEntry(new SessionName(pid, name), "/x", SessionState.Detached, 0, "")
            .WithInfo(new SessionInfo(pid, name, 0, 0, "", false, 0, windows, 0));

    private static readonly List<SessionEntry> Entries =
    [
        Session(1, "a", Window(0, "light", 1, 900 << 20)),
        Session(2, "b", Window(0, "hot", 90, 10 << 20), Window(1, "gpu", 5, 20 << 20, gpu: 4L << 30)),
        new SessionEntry(new SessionName(3, "frozen"), "/y", SessionState.Unreachable, 0, ""),
    ];

    [Theory]
    [InlineData('c', "hot,gpu,light,")]
    [InlineData('m', "light,gpu,hot,")]
    [InlineData('g', "gpu,")] // then the others by name
    [InlineData('n', "light,hot,gpu,")]
    public void SortsByTheChosenFigureAndPutsSilentServersLast(char key, string firstTitles)
    {
        var by = key switch { 'c' => TopSort.Cpu, 'm' => TopSort.Memory, 'g' => TopSort.Gpu, _ => TopSort.Name };
        var rows = TopTable.Sort(TopTable.Rows(Entries), by);
        Assert.StartsWith(firstTitles, string.Concat(rows.Select(r => r.Window is { } w ? w.Title + "," : "")));
        Assert.Null(rows[^1].Window);
        Assert.Equal("not answering", rows[^1].State);
    }

    [Fact]
    public void LinesAreCutToTheWidthAndControlCharactersNeverReachTheTerminal()
    {
        var rows = TopTable.Rows([Session(4, "evil", Window(0, "x\e]0;owned\a\e[2J", 1, 1 << 20))]);
        var lines = TopTable.Lines(rows, 60, 1000);
        Assert.All(lines, l => Assert.True(l.Length <= 60, l));
        Assert.All(lines, l => Assert.DoesNotContain(l, char.IsControl));
        Assert.StartsWith("evil ", lines[1]);
    }

    [Theory]
    [InlineData(0.5, "0:00.50")]
    [InlineData(75, "1:15.00")]
    [InlineData(3 * 3600 + 12 * 60 + 5, "3:12:05")]
    public void CpuTimeReadsLikeTops(double seconds, string expected) => Assert.Equal(expected, TopTable.CpuTime(seconds));
}
