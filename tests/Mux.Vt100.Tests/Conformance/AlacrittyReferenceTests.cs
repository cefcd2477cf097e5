using System.Text;
using System.Text.Json;
using Mux.Vt100.Tests.Support;

namespace Mux.Vt100.Tests.Conformance;

/// <summary>
/// alacritty's recorded sessions (shared/vt-conformance/alacritty): feed the recording into a terminal of the
/// recorded size and compare the visible text with the screen alacritty produced. The data is read in place.
/// </summary>
public class AlacrittyReferenceTests
{
    private const string Missing = "<conformance data missing>";

    private static string? Root => TestPaths.ConformanceRoot is { } r ? Path.Combine(r, "alacritty") : null;

    public static TheoryData<string> WithExpectedScreen() => Cases(expected: true);

    public static TheoryData<string> WithoutExpectedScreen() => Cases(expected: false);

    private static TheoryData<string> Cases(bool expected)
    {
        var data = new TheoryData<string>();
        var root = Root;
        if (root is null || !Directory.Exists(root))
        {
            // A lone failing case rather than an empty theory, so missing data cannot look like success.
            data.Add(Missing);
            return data;
        }
        var dir = expected ? root : Path.Combine(root, "_no_expected");
        foreach (var test in Directory.GetDirectories(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (test is null || test.StartsWith('_')) continue;
            if (File.Exists(Path.Combine(dir, test, "alacritty.recording")))
                data.Add(test);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(WithExpectedScreen))]
    public void ScreenMatchesAlacritty(string test)
    {
        Assert.False(test == Missing, TestPaths.MissingConformanceMessage);
        var dir = Path.Combine(Root!, test);
        var terminal = Replay(dir);

        var expected = ScreenText.TrimTrailingEmpty(ReadLines(Path.Combine(dir, "expected.txt")));
        var actual = ScreenText.TrimTrailingEmpty(ScreenText.Rows(terminal));
        if (KnownDifferences.Alacritty.TryGetValue(test, out var known))
        {
            // A reviewed, deliberate difference: our screen must be alacritty's with exactly the recorded rows replaced.
            var ours = expected.ToArray();
            foreach (var (row, text) in known.Rows) ours[row] = text;
            ours = ScreenText.TrimTrailingEmpty(ours).ToArray();
            Assert.False(ours.SequenceEqual(expected), $"{test}: the known difference no longer differs from alacritty's; fix the table");
            Assert.True(ours.SequenceEqual(actual),
                $"{test}: screen differs from our documented expectation ({known.Reason})\n{ScreenText.Diff(ours, actual)}");
        }
        else
        {
            Assert.True(expected.SequenceEqual(actual), $"{test}: screen differs from alacritty's\n{ScreenText.Diff(expected, actual)}");
        }

        var scrollbackFile = Path.Combine(dir, "expected-scrollback.txt");
        if (File.Exists(scrollbackFile))
        {
            var expectedHistory = ReadLines(scrollbackFile);
            var actualHistory = ScreenText.Scrollback(terminal);
            Assert.True(expectedHistory.SequenceEqual(actualHistory),
                $"{test}: scrollback differs from alacritty's\n{ScreenText.Diff(expectedHistory, actualHistory)}");
        }
    }

    [Theory]
    [MemberData(nameof(WithoutExpectedScreen))]
    public void RecordingWithoutExpectedScreenDoesNotCrash(string test)
    {
        Assert.False(test == Missing, TestPaths.MissingConformanceMessage);
        var terminal = Replay(Path.Combine(Root!, "_no_expected", test));
        Assert.InRange(terminal.CursorColumn, 0, terminal.Columns - 1);
        Assert.InRange(terminal.CursorRow, 0, terminal.Rows - 1);
        for (int r = 0; r < terminal.Rows; r++) _ = terminal.GetRowText(r);
    }

    private static Terminal Replay(string dir)
    {
        using var size = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "size.json")));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "config.json")));
        int columns = size.RootElement.GetProperty("columns").GetInt32();
        int rows = size.RootElement.GetProperty("screen_lines").GetInt32();
        int history = config.RootElement.GetProperty("history_size").GetInt32();

        var terminal = new Terminal(columns, rows, history);
        terminal.Feed(File.ReadAllBytes(Path.Combine(dir, "alacritty.recording")));
        return terminal;
    }

    private static string[] ReadLines(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        if (text.EndsWith('\n')) text = text[..^1];
        return text.Length == 0 ? [] : text.Split('\n');
    }
}
