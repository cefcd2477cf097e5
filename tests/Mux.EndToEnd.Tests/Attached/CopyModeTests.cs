using Mux.EndToEnd.Tests.Support;
using Mux.Vt100;
using Mux.Vt100.Screen;

namespace Mux.EndToEnd.Tests.Attached;

/// <summary>Copy mode (Ctrl+A [) and paste (Ctrl+A ]): per client, on a frozen snapshot of the window.</summary>
public class CopyModeTests
{
    private const string CtrlA = "\u0001";
    private const string Esc = "\u001b";

    private static bool AnyRow(Terminal t, Func<string, bool> match)
    {
        for (int r = 0; r < t.Rows; r++)
            if (match(t.GetRowText(r).TrimEnd())) return true;
        return false;
    }

    private static int CountRows(Terminal t, string text)
    {
        int n = 0;
        for (int r = 0; r < t.Rows; r++)
            if (t.GetRowText(r).TrimEnd() == text) n++;
        return n;
    }

    private static string LastRow(Terminal t) => t.GetRowText(t.Rows - 1);

    private static async Task<TerminalSession> StartCountingAsync(MuxEnvironment env, string name)
    {
        var client = env.StartAttached(["-S", name, "sh", "-c", "seq 1 200; exec sleep 1000"], 80, 24);
        await client.WaitForAsync(t => AnyRow(t, s => s == "200"), what: "200 printed");
        return client;
    }

    [Fact]
    public async Task CopyModeScrollsBackToTheTopAndLeaves()
    {
        using var env = new MuxEnvironment();
        using var client = await StartCountingAsync(env, "cm");
        client.SendKeys(CtrlA + "[");
        await client.WaitForAsync(t => LastRow(t).Contains("[copy mode] line 200/200"), what: "copy-mode status");
        client.SendKeys("g");
        await client.WaitForAsync(t => t.GetRowText(0).TrimEnd() == "1" && t.GetRowText(1).TrimEnd() == "2"
            && LastRow(t).Contains("[copy mode] line 1/200"), what: "line 1 at the top");
        Assert.False(client.Read(t => AnyRow(t, s => s == "200")));
        client.SendKeys("jjj" + Esc + "[B" + Esc + "OB");
        await client.WaitForAsync(t => LastRow(t).Contains("line 6/200"), what: "cursor moved down 5 lines");
        client.SendKeys(Esc + "[6~");
        await client.WaitForAsync(t => AnyRow(t, s => s == "29") && LastRow(t).Contains("line 29/200"), what: "page down");
        client.SendKeys("q");
        await client.WaitForAsync(t => AnyRow(t, s => s == "200") && !t.GetRowText(t.Rows - 1).Contains("[copy mode]"),
            what: "the live screen back");
        Assert.False(client.Read(t => AnyRow(t, s => s == "1")));
    }

    [Fact]
    public async Task SearchForwardBackwardAndAgain()
    {
        using var env = new MuxEnvironment();
        using var client = await StartCountingAsync(env, "cs");
        client.SendKeys(CtrlA + "[");
        await client.WaitForAsync(t => LastRow(t).Contains("[copy mode]"), what: "copy mode");
        client.SendKeys("g");
        await client.WaitForAsync(t => LastRow(t).Contains("line 1/200"), what: "top");
        client.SendKeys("/15");
        await client.WaitForAsync(t => LastRow(t).StartsWith("/15"), what: "the search prompt");
        client.SendKeys("0\r");
        await client.WaitForAsync(t => AnyRow(t, s => s == "150") && LastRow(t).Contains("line 150/200"), what: "150 found");
        client.SendKeys("?3\r");
        await client.WaitForAsync(t => LastRow(t).Contains("line 143/200"), what: "3 found backward");
        client.SendKeys("n");
        await client.WaitForAsync(t => LastRow(t).Contains("line 139/200"), what: "n repeats backward (139)");
        client.SendKeys("N");
        await client.WaitForAsync(t => LastRow(t).Contains("line 143/200"), what: "N goes the other way");
        // Esc cancels a search being typed, and a second Esc leaves.
        client.SendKeys("/99");
        await client.WaitForAsync(t => LastRow(t).StartsWith("/99"), what: "prompt");
        client.SendKeys(Esc);
        await client.WaitForAsync(t => LastRow(t).Contains("line 143/200"), what: "search cancelled");
        client.SendKeys(Esc);
        await client.WaitForAsync(t => AnyRow(t, s => s == "200") && !LastRow(t).Contains("[copy mode]"), what: "left");
    }

    [Fact]
    public async Task MarkedTextIsCopiedAndPasted()
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-S", "cp", "/bin/sh"], 80, 24);
        await client.WaitForTextAsync("[cp] 0* sh");
        client.SendKeys("echo zebra-$((6*7))-quartz\r");
        await client.WaitForAsync(t => AnyRow(t, s => s == "zebra-42-quartz"), what: "the word printed");
        client.SendKeys(CtrlA + Esc);
        await client.WaitForAsync(t => LastRow(t).Contains("[copy mode]"), what: "copy mode by Ctrl+A Esc");
        client.SendKeys("?zebra-42\r");
        await client.WaitForAsync(t => !LastRow(t).StartsWith("?"), what: "search done");
        client.SendKeys(" $");
        await client.WaitForAsync(t => LastRow(t).Contains("(marking)"), what: "marking");
        client.SendKeys(" ");
        await client.WaitForTextAsync("Copied 15 characters");
        client.SendKeys("cat\r");
        await client.WaitForAsync(t => AnyRow(t, s => s.EndsWith("cat")), what: "cat started");
        client.SendKeys(CtrlA + "]");
        await client.WaitForAsync(t => CountRows(t, "zebra-42-quartz") == 2, what: "the word typed (echoed by the tty)");
        client.SendKeys("\r");
        await client.WaitForAsync(t => CountRows(t, "zebra-42-quartz") == 3, what: "cat printing it back");
    }

    [Fact]
    public async Task PasteIsBracketedWhenTheProgramAskedForIt()
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-S", "bp", "sh", "-c", "stty -echo; echo word-one; printf '\\033[?2004h'; exec od -c"], 80, 24);
        await client.WaitForAsync(t => AnyRow(t, s => s == "word-one"), what: "printed");
        client.SendKeys(CtrlA + "[");
        await client.WaitForAsync(t => LastRow(t).Contains("[copy mode]"), what: "copy mode");
        client.SendKeys("?word\r");
        await client.WaitForAsync(t => !LastRow(t).StartsWith("?"), what: "search done");
        client.SendKeys(" lll\r");
        await client.WaitForTextAsync("Copied 4 characters");
        client.SendKeys(CtrlA + "]" + "\u0004");
        // od -c shows the bytes it read: the paste markers around the text.
        await client.WaitForAsync(t => AnyRow(t, s => s.Contains("033   [   2   0   0   ~   w   o   r   d 033   [   2   0   1   ~")),
            what: "bracketed paste");
    }

    [Fact]
    public async Task AnotherClientKeepsSeeingLiveOutput()
    {
        using var env = new MuxEnvironment();
        using var first = env.StartAttached(["-S", "two", "/bin/sh"], 80, 24);
        await first.WaitForTextAsync("[two] 0* sh");
        using var second = env.StartAttached(["-x", "two"], 80, 24);
        await second.WaitForTextAsync("[two] 0* sh");
        first.SendKeys(CtrlA + "[");
        await first.WaitForAsync(t => LastRow(t).Contains("[copy mode]"), what: "copy mode");
        // Keys of the client in copy mode do not reach the window…
        first.SendKeys("k");
        await first.WaitForAsync(t => LastRow(t).Contains("[copy mode]"), what: "still in copy mode");
        await env.Run("-S", "two", "-X", "stuff", "echo live-$((2+3))\\n");
        await second.WaitForAsync(t => AnyRow(t, s => s == "live-5"), what: "output on the second client");
        Assert.False(first.Read(t => AnyRow(t, s => s == "live-5")));
        Assert.Contains("[copy mode]", first.Read(LastRow));
        first.SendKeys("q");
        await first.WaitForAsync(t => AnyRow(t, s => s == "live-5") && !LastRow(t).Contains("[copy mode]"), what: "live again");
        Assert.False(second.Read(t => AnyRow(t, s => s.Contains('k') && s.StartsWith('$'))));
    }

    [Fact]
    public async Task CopyModeKeepsColoursAndShowsTheMarkInReverse()
    {
        using var env = new MuxEnvironment();
        // Lines 1-100: "red-N" in red, then " bold" in bold; the screen then shows only the last 23.
        using var client = env.StartAttached(["-S", "colour", "sh", "-c",
            "i=1; while [ $i -le 100 ]; do printf '\\033[31mred-%d\\033[0m \\033[1mbold\\033[0m\\n' $i; i=$((i+1)); done; exec sleep 1000"], 80, 24);
        await client.WaitForAsync(t => AnyRow(t, s => s == "red-100 bold"), what: "100 lines printed");
        client.SendKeys(CtrlA + "[");
        await client.WaitForAsync(t => LastRow(t).Contains("[copy mode]"), what: "copy mode");
        client.SendKeys("g");
        await client.WaitForAsync(t => t.GetRowText(0) == "red-1 bold" && t.GetRowText(1) == "red-2 bold", what: "scrolled to line 1");
        client.Read(t =>
        {
            // Line 2 (no cursor on it): red text, a plain space, bold text, as the program wrote them.
            Assert.Equal(Color.FromIndex(1), t.GetStyle(t.GetCell(0, 1).StyleId).Foreground);
            Assert.Equal(Color.FromIndex(1), t.GetStyle(t.GetCell(4, 1).StyleId).Foreground);
            Assert.True(t.GetStyle(t.GetCell(5, 1).StyleId).IsDefault);
            Assert.Equal(CellAttributes.Bold, t.GetStyle(t.GetCell(6, 1).StyleId).Attributes);
            return true;
        });
        // Mark "red-1" on line 1: reverse video over the red.
        client.SendKeys(" llll");
        await client.WaitForAsync(t => LastRow(t).Contains("(marking)") && t.CursorColumn == 4, what: "marking");
        await client.WaitForAsync(t => (t.GetStyle(t.GetCell(4, 0).StyleId).Attributes & CellAttributes.Reverse) != 0, what: "the mark drawn");
        client.Read(t =>
        {
            for (int x = 0; x < 5; x++)
            {
                var style = t.GetStyle(t.GetCell(x, 0).StyleId);
                Assert.Equal(Color.FromIndex(1), style.Foreground);
                Assert.Equal(CellAttributes.Reverse, style.Attributes & CellAttributes.Reverse);
            }
            Assert.Equal(CellAttributes.None, t.GetStyle(t.GetCell(5, 0).StyleId).Attributes & CellAttributes.Reverse);
            Assert.Equal(CellAttributes.Bold, t.GetStyle(t.GetCell(6, 0).StyleId).Attributes);
            return true;
        });
        client.SendKeys(" ");
        await client.WaitForTextAsync("Copied 5 characters");
    }
}
