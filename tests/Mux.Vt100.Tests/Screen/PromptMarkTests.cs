using System.Text;

namespace Mux.Vt100.Tests.Screen;

/// <summary>OSC 133 A marks stay on the row a prompt started on: into the history, through a reflow, in a snapshot.</summary>
public class PromptMarkTests
{
    private static void Feed(Terminal t, string s) => t.Feed(Encoding.UTF8.GetBytes(s));

    /// <summary>Three prompts, each followed by its command's 30 lines, then a fresh prompt, as bash with the README's marks draws them.</summary>
    private static Terminal ThreeCommands(int columns = 40)
    {
        var t = new Terminal(columns, 10, scrollbackLimit: 1000);
        foreach (var word in new[] { "one", "two", "three" })
        {
            Feed(t, $"\e]133;D;0\a\e]133;A\a$ \e]133;B\aseq {word}\r\n\e]133;C\a");
            for (int i = 1; i <= 30; i++) Feed(t, $"{word} {i}\r\n");
        }
        Feed(t, "\e]133;D;0\a\e]133;A\a$ ");
        return t;
    }

    private static List<string> PromptLines(Terminal t)
    {
        var snapshot = t.SnapshotLines();
        return [.. Enumerable.Range(0, snapshot.Count).Where(snapshot.IsPromptStart).Select(l => snapshot.GetText(l).TrimEnd())];
    }

    [Fact]
    public void PromptsScrolledIntoTheHistoryKeepTheirMarks()
    {
        Assert.Equal(["$ seq one", "$ seq two", "$ seq three", "$"], PromptLines(ThreeCommands()));
    }

    [Fact]
    public void MarksSurviveAReflowAndAHeightChange()
    {
        var t = ThreeCommands();
        t.Resize(7, 10);     // "$ seq three" wraps: the mark stays on its first row
        Assert.Equal(["$ seq o", "$ seq t", "$ seq t", "$"], PromptLines(t));
        t.Resize(40, 10);
        Assert.Equal(["$ seq one", "$ seq two", "$ seq three", "$"], PromptLines(t));
        t.Resize(40, 30);   // rows pulled back from the history
        t.Resize(40, 5);
        Assert.Equal(["$ seq one", "$ seq two", "$ seq three", "$"], PromptLines(t));
    }

    [Fact]
    public void AClearedRowLosesItsMark()
    {
        var t = new Terminal(20, 5, scrollbackLimit: 100);
        Feed(t, "\e]133;A\a$ x\r\n");
        Feed(t, "\e[2J");
        Assert.Empty(PromptLines(t));
    }

    private static FinishedCommand Finished(string bytes)
    {
        var t = new Terminal(40, 10);
        Feed(t, bytes);
        return Assert.Single(t.TakeFinishedCommands());
    }

    [Fact]
    public void Fish4sOwnMarksGiveTheCommandLineFromTheCMarksParameter()
    {
        // What fish 4 sends by itself: A with click_events, B, C with the line percent-encoded, D with the status.
        // Its right prompt shares the command's row: the screen's text would take it for part of the command.
        var c = Finished("\e]133;A;click_events=1\a~> \e]133;B\amake test | tee log\e[33G12:03:04\r\n" +
            "\e]133;C;cmdline_url=make%20test%20%7C%20tee%20log\abuilding\r\n\e]133;D;2\a");
        Assert.Equal(new FinishedCommand("make test | tee log", 2), c);
    }

    [Fact]
    public void OlderFishWithTheReadmeSnippetSendsNoBMarkAndStillHasItsCommandLine()
    {
        var c = Finished("\e]133;D;0\a\e]133;A\a~> ls -la\r\n\e]133;C;cmdline_url=ls%20-la\a.\r\n\e]133;D;0\a");
        Assert.Equal(new FinishedCommand("ls -la", 0), c);
    }

    [Fact]
    public void KittysUnencodedCmdlineAndControlsInTheLineAreTamed()
    {
        Assert.Equal("echo a b", Finished("\e]133;C;cmdline=echo a b\a\e]133;D;0\a").CommandLine);
        Assert.Equal("a b", Finished("\e]133;C;cmdline_url=a%09b\a\e]133;D;0\a").CommandLine);
        Assert.Equal("x?y z", Finished("\e]133;C;cmdline_url=x%1By%0Az\a\e]133;D;1\a").CommandLine);
        // Without a parameter and without B, there is nothing to say.
        Assert.Null(Finished("\e]133;A\a$ ls\r\n\e]133;C\a\e]133;D;0\a").CommandLine);
    }
}
