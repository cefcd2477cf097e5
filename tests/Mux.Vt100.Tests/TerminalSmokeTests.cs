using Mux.Vt100;

namespace Mux.Vt100.Tests;

public class TerminalSmokeTests
{
    [Fact]
    public void PrintedLinesAppearOnScreen()
    {
        var t = new Terminal(20, 3);
        t.Feed("hello\r\nworld"u8);
        Assert.Equal("hello", t.GetRowText(0));
        Assert.Equal("world", t.GetRowText(1));
        Assert.Equal((5, 1), (t.CursorColumn, t.CursorRow));
    }
}
