using System.Text;
using Mux.Vt100.Text;

namespace Mux.Vt100.Tests.Text;

/// <summary>The log recorder: output as the lines a person would read.</summary>
public class PlainTextRecorderTests
{
    private static string Record(string output)
    {
        var recorder = new PlainTextRecorder();
        recorder.Feed(Encoding.UTF8.GetBytes(output));
        return recorder.TakeCompletedLines();
    }

    [Fact]
    public void ColoursAreDroppedAndLinesKept() =>
        Assert.Equal("red ok\nnext\n", Record("\e[31mred\e[0m ok\r\nnext\n"));

    [Fact]
    public void AProgressBarIsWrittenOnceAsItFinallyLooked() =>
        Assert.Equal("100% done\n", Record(" 10%\r 50%\r100% done\n"));

    [Fact]
    public void TabsAndCursorMovesBecomeSpaces() =>
        Assert.Equal("a       b   c\n", Record("a\tb\e[3Cc\n"));

    [Fact]
    public void AnUnfinishedLineWaitsForItsEnd()
    {
        var recorder = new PlainTextRecorder();
        recorder.Feed("half"u8);
        Assert.Equal("", recorder.TakeCompletedLines());
        recorder.Feed(" done\n"u8);
        Assert.Equal("half done\n", recorder.TakeCompletedLines());
    }

    [Fact]
    public async Task ATabPastTheLongestLineKeptEnds()
    {
        // Found by the fuzzer: a tab after moving the cursor beyond the longest line kept looped forever,
        // which in the server would have frozen a logged window's session.
        var recorded = Task.Run(() => Record("x\e[99999a\tlost\ny\n"));
        Assert.Equal("x\ny\n", await recorded.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
