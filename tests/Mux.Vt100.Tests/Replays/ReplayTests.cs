using Mux.Vt100.Tests.Support;

namespace Mux.Vt100.Tests.Replays;

/// <summary>
/// Recordings of real programs at 80x24 (Replays/Data, made by Replays/record.py) fed to tmux and to our terminal:
/// the visible rows, the scrollback (tmux's history), the cursor and the modes tmux exposes must agree.
/// </summary>
public class ReplayTests
{
    private const int Columns = 80, Rows = 24;

    private static string DataDirectory => TestPaths.OwnData("Replays", "Data");

    public static TheoryData<string> Recordings()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(DataDirectory, "*.bin").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public void ScreenMatchesTmux(string recording)
    {
        var bytes = File.ReadAllBytes(Path.Combine(DataDirectory, recording + ".bin"));
        using var tmux = TmuxReference.Start();
        var expected = tmux.Show(bytes, Columns, Rows);

        var terminal = new Terminal(Columns, Rows);
        terminal.Feed(bytes);
        var actual = ScreenText.Rows(terminal);

        Assert.True(expected.Rows.SequenceEqual(actual), $"{recording}: screen differs from tmux\n{ScreenText.Diff(expected.Rows, actual)}");
        var scrollback = ScreenText.Scrollback(terminal);
        Assert.True(expected.History.SequenceEqual(scrollback), $"{recording}: scrollback differs from tmux's history\n{ScreenText.Diff(expected.History, scrollback)}");
        Assert.True((expected.CursorRow, expected.CursorColumn) == (terminal.CursorRow, terminal.CursorColumn),
            $"{recording}: tmux cursor row={expected.CursorRow} col={expected.CursorColumn}, ours row={terminal.CursorRow} col={terminal.CursorColumn}");

        var ours = new Dictionary<string, bool>
        {
            ["alternate_on"] = terminal.Modes.HasFlag(TerminalModes.AlternateScreen),
            ["cursor_flag"] = terminal.CursorVisible,
            ["insert_flag"] = terminal.Modes.HasFlag(TerminalModes.Insert),
            ["keypad_cursor_flag"] = terminal.Modes.HasFlag(TerminalModes.ApplicationCursorKeys),
            ["keypad_flag"] = terminal.Modes.HasFlag(TerminalModes.ApplicationKeypad),
            ["wrap_flag"] = terminal.Modes.HasFlag(TerminalModes.AutoWrap),
            ["origin_flag"] = terminal.Modes.HasFlag(TerminalModes.Origin),
            ["mouse_standard_flag"] = terminal.Modes.HasFlag(TerminalModes.MouseNormal),
            ["mouse_button_flag"] = terminal.Modes.HasFlag(TerminalModes.MouseButtonEvent),
            ["mouse_all_flag"] = terminal.Modes.HasFlag(TerminalModes.MouseAnyEvent),
            ["mouse_any_flag"] = (terminal.Modes & (TerminalModes.MouseX10 | TerminalModes.MouseNormal | TerminalModes.MouseButtonEvent | TerminalModes.MouseAnyEvent)) != 0,
            ["mouse_sgr_flag"] = terminal.Modes.HasFlag(TerminalModes.MouseSgr),
        };
        var differences = TmuxReference.FlagNames.Where(f => (expected.Flags[f] == "1") != ours[f])
            .Select(f => $"{f}: tmux {expected.Flags[f]}, ours {(ours[f] ? 1 : 0)}").ToList();
        Assert.True(differences.Count == 0, $"{recording}: modes differ from tmux: {string.Join("; ", differences)}");
    }

    [Fact]
    public void RecordingsArePresent() => Assert.NotEmpty(Recordings());
}
