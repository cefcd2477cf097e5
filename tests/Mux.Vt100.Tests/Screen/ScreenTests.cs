using System.Buffers;
using System.Text;
using Mux.Vt100.Screen;

namespace Mux.Vt100.Tests.Screen;

public class ScreenTests
{
    private static Terminal Run(int cols, int rows, string input, int scrollback = 100)
    {
        var t = new Terminal(cols, rows, scrollback);
        t.Feed(Encoding.UTF8.GetBytes(input));
        return t;
    }

    private static string Replies(Terminal t)
    {
        var w = new ArrayBufferWriter<byte>();
        t.TakeReplies(w);
        return Encoding.ASCII.GetString(w.WrittenSpan);
    }

    private static string[] Screen(Terminal t) => Enumerable.Range(0, t.Rows).Select(t.GetRowText).ToArray();

    /// <summary>
    /// ASCII runs are written 16 cells at a time, the last 16 overlapping the block before when a run is not a
    /// multiple of 16 long: every run length and starting column must still give each cell its own letter and style.
    /// </summary>
    [Theory]
    [InlineData(17)]
    [InlineData(59)]
    [InlineData(64)]
    public void AsciiRunsOfEveryLengthLandInTheirCells(int columns)
    {
        for (int start = 0; start < 20; start++)
        {
            for (int length = 1; length <= 2 * columns; length++)
            {
                string text = new(Enumerable.Range(0, length).Select(i => (char)('a' + i % 26)).ToArray());
                var t = Run(columns, 6, new string('.', start) + "\e[31m" + text);
                string all = string.Concat(Enumerable.Range(0, t.Rows).Select(r => t.GetRowText(r).PadRight(columns)));
                Assert.Equal(new string('.', start) + text, all.TrimEnd());
                int red = t.GetCell(start % columns, start / columns).StyleId;
                Assert.NotEqual(0, red);
                for (int i = 0; i < length; i++)
                    Assert.Equal(red, t.GetCell((start + i) % columns, (start + i) / columns).StyleId);
            }
        }
    }

    [Fact]
    public void PendingWrapDefersTheWrapUntilTheNextPrintable()
    {
        var t = Run(5, 3, "abcde");
        Assert.Equal((4, 0), (t.CursorColumn, t.CursorRow));
        t.Feed("f"u8);
        Assert.Equal(["abcde", "f", ""], Screen(t));
        Assert.True(t.IsRowWrapped(0));
    }

    [Fact]
    public void WithoutAutowrapTheLastColumnIsOverwritten()
    {
        var t = Run(5, 2, "\e[?7labcdefgh");
        Assert.Equal(["abcdh", ""], Screen(t));
        Assert.Equal(4, t.CursorColumn);
    }

    [Fact]
    public void WideCharTakesTwoCellsAndIsReadOnce()
    {
        var t = Run(6, 2, "a中b");
        Assert.Equal("a中b", t.GetRowText(0));
        Assert.Equal(2, t.GetCell(1, 0).Width);
        Assert.Equal(0, t.GetCell(2, 0).Width);
        Assert.Equal("", t.GetCellText(2, 0));
        Assert.Equal(4, t.CursorColumn);
    }

    [Fact]
    public void WideCharAtTheRightMarginWrapsWhole()
    {
        var t = Run(5, 2, "abcd中");
        Assert.Equal(["abcd", "中"], Screen(t));
        Assert.Equal((2, 1), (t.CursorColumn, t.CursorRow));
    }

    [Fact]
    public void OverwritingHalfAWideCharBlanksTheOtherHalf()
    {
        var t = Run(6, 1, "中文\e[2Gx\e[4Gy");
        Assert.Equal(" x y", t.GetRowText(0));
        Assert.True(t.GetCell(0, 0).IsEmpty);
        Assert.Equal(1, t.GetCell(2, 0).Width);
    }

    [Fact]
    public void DeletingIntoAWideCharLeavesNoOrphanHalf()
    {
        var t = Run(6, 1, "a中b\e[2G\e[P");
        Assert.Equal("a b", t.GetRowText(0));
        Assert.All(Enumerable.Range(0, 6), x => Assert.False(t.GetCell(x, 0).IsSpacer));
    }

    [Fact]
    public void CombiningMarksJoinTheirBase()
    {
        var t = Run(5, 1, "e\u0301x\u0300\u0323");
        Assert.Equal("e\u0301x\u0300\u0323", t.GetRowText(0));
        Assert.Equal("e\u0301", t.GetCellText(0, 0));
        Assert.Equal(2, t.CursorColumn);
        Assert.True(t.GetCell(1, 0).HasGrapheme);
    }

    [Fact]
    public void CombiningMarkAfterPendingWrapJoinsTheLastColumn()
    {
        var t = Run(3, 2, "abc\u0301");
        Assert.Equal("abc\u0301", t.GetRowText(0));
        Assert.Equal(0, t.CursorRow);
    }

    [Fact]
    public void ScrollbackKeepsOldestFirstAndHonoursTheLimit()
    {
        var t = Run(10, 2, string.Concat(Enumerable.Range(0, 8).Select(i => $"line{i}\r\n")), scrollback: 5);
        Assert.Equal(5, t.ScrollbackCount);
        Assert.Equal("line2", t.GetScrollbackRowText(0));
        Assert.Equal("line6", t.GetScrollbackRowText(4));
        Assert.Equal(["line7", ""], Screen(t));
    }

    [Theory]
    [InlineData(1000)]   // less than one block of the line ring
    [InlineData(1024)]   // exactly one
    [InlineData(2500)]   // not a multiple: the ring is larger than the limit
    public void ALongHistoryKeepsTheNewestLinesInOrderAcrossTheRingsBlocks(int limit)
    {
        var t = new Terminal(20, 3, limit);
        const int lines = 7000;
        for (int i = 0; i < lines; i++) t.Feed(Encoding.ASCII.GetBytes($"n{i}\r\n"));
        Assert.Equal(limit, t.ScrollbackCount);
        // The screen shows the last two lines and the blank row under them; history ends right above.
        int oldest = lines - 2 - limit;
        for (int k = 0; k < limit; k += 97) Assert.Equal($"n{oldest + k}", t.GetScrollbackRowText(k));
        Assert.Equal($"n{lines - 3}", t.GetScrollbackRowText(limit - 1));

        // A taller screen pulls the newest lines back out of history; more output then evicts the oldest again.
        t.Resize(20, 10);
        Assert.Equal(limit - 7, t.ScrollbackCount);
        Assert.Equal($"n{lines - 9}", t.GetRowText(0));
        for (int i = lines; i < lines + 50; i++) t.Feed(Encoding.ASCII.GetBytes($"n{i}\r\n"));
        Assert.Equal(limit, t.ScrollbackCount);
        Assert.Equal($"n{lines + 50 - 10 - limit + 1}", t.GetScrollbackRowText(0));
        Assert.Equal($"n{lines + 50 - 10}", t.GetScrollbackRowText(limit - 1));
    }

    [Fact]
    public void ZeroScrollbackKeepsNothing()
    {
        var t = Run(10, 2, "a\r\nb\r\nc\r\n", scrollback: 0);
        Assert.Equal(0, t.ScrollbackCount);
    }

    [Fact]
    public void ScrollbackKeepsWideCharsCombiningMarksAndStyles()
    {
        var t = Run(10, 1, "\e[31m中e\u0301\e[m z\r\n");
        Assert.Equal("中e\u0301 z", t.GetScrollbackRowText(0));
        t.Resize(9, 1); // reflow decodes history back into cells
        t.Resize(10, 2);
        Assert.Equal("中e\u0301 z", t.GetRowText(0));
        Assert.Equal(ColorKind.Indexed, t.GetStyle(t.GetCell(0, 0).StyleId).Foreground.Kind);
        Assert.Equal(1, t.GetStyle(t.GetCell(0, 0).StyleId).Foreground.Index);
        Assert.True(t.GetStyle(t.GetCell(4, 0).StyleId).IsDefault);
    }

    [Fact]
    public void EraseScrollbackWithEd3()
    {
        var t = Run(10, 1, "a\r\nb\r\nc");
        Assert.Equal(2, t.ScrollbackCount);
        t.Feed("\e[3J"u8);
        Assert.Equal(0, t.ScrollbackCount);
        Assert.Equal("c", t.GetRowText(0));
    }

    [Fact]
    public void ScrollRegionDoesNotFeedHistoryUnlessAtTheTop()
    {
        var t = Run(10, 4, "1\r\n2\r\n3\r\n4\e[2;3r\e[3;1H\n\n");
        Assert.Equal(0, t.ScrollbackCount);
        Assert.Equal(["1", "", "", "4"], Screen(t));
    }

    [Fact]
    public void ReflowJoinsAndResplitsSoftWrappedLines()
    {
        var t = Run(10, 3, "0123456789abcde\r\nxy");
        Assert.Equal(["0123456789", "abcde", "xy"], Screen(t));
        t.Resize(20, 3);
        Assert.Equal(["0123456789abcde", "xy", ""], Screen(t));
        Assert.Equal((2, 1), (t.CursorColumn, t.CursorRow));
        t.Resize(5, 3);
        Assert.Equal(["56789", "abcde", "xy"], Screen(t));
        Assert.Equal(1, t.ScrollbackCount);
        Assert.Equal("01234", t.GetScrollbackRowText(0));
        Assert.True(t.IsRowWrapped(0));
        Assert.Equal((2, 2), (t.CursorColumn, t.CursorRow));
    }

    [Fact]
    public void ReflowOfALongHistoryKeepsEveryLineInOrder()
    {
        // History many screens long: rewrapped rows go into the new history as they come, not all at once.
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < 3000; i++) text.Append($"line {i} ").Append('x', i % 37).Append("\r\n");
        var t = new Terminal(60, 8, scrollbackLimit: 20_000);
        t.Feed(System.Text.Encoding.ASCII.GetBytes(text.ToString()));
        Assert.Equal(3000 - 7, t.ScrollbackCount); // the cursor's empty line is the screen's last
        t.Resize(12, 8);
        Assert.True(t.ScrollbackCount > 5000, "narrower rows are more rows");
        t.Resize(60, 8);
        Assert.Equal(3000 - 7, t.ScrollbackCount);
        for (int i = 0; i < 3000; i++)
        {
            string row = i < t.ScrollbackCount ? t.GetScrollbackRowText(i) : t.GetRowText(i - t.ScrollbackCount);
            Assert.Equal(($"line {i} " + new string('x', i % 37)).TrimEnd(), row.TrimEnd());
        }
    }

    [Fact]
    public void ReflowKeepsTheCursorOnItsCharacter()
    {
        var t = Run(8, 4, "abcdefghijkl\e[1;3H"); // cursor on 'c'
        t.Resize(4, 4);
        Assert.Equal(["abcd", "efgh", "ijkl", ""], Screen(t));
        Assert.Equal((2, 0), (t.CursorColumn, t.CursorRow));
        t.Feed("\e[2;2H"u8); // on 'f'
        t.Resize(6, 4);
        Assert.Equal(["abcdef", "ghijkl", "", ""], Screen(t));
        Assert.Equal((5, 0), (t.CursorColumn, t.CursorRow));
    }

    [Fact]
    public void ReflowDoesNotSplitWideChars()
    {
        var t = Run(6, 2, "ab中文");
        t.Resize(3, 3);
        Assert.Equal(["ab", "中", "文"], Screen(t));
        Assert.True(t.IsRowWrapped(0));
    }

    [Fact]
    public void ShrinkingHeightPushesTopRowsToHistoryAndGrowingPullsThemBack()
    {
        var t = Run(10, 4, "a\r\nb\r\nc\r\nd");
        t.Resize(10, 2);
        Assert.Equal(["c", "d"], Screen(t));
        Assert.Equal(2, t.ScrollbackCount);
        t.Resize(10, 4);
        Assert.Equal(["a", "b", "c", "d"], Screen(t));
        Assert.Equal(0, t.ScrollbackCount);
        Assert.Equal(3, t.CursorRow);
    }

    [Fact]
    public void AlternateScreenIsCroppedNotReflowedAndMainIsRestored()
    {
        var t = Run(10, 3, "main\e[?1049h\e[H0123456789");
        Assert.True(t.IsAlternateScreen);
        Assert.True(t.Modes.HasFlag(TerminalModes.AlternateScreen));
        t.Resize(5, 3);
        Assert.Equal("01234", t.GetRowText(0));
        t.Feed("\e[?1049l"u8);
        Assert.False(t.IsAlternateScreen);
        Assert.Equal("main", t.GetRowText(0));
        Assert.Equal((4, 0), (t.CursorColumn, t.CursorRow));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-5, 3)]
    [InlineData(1, 1)]
    [InlineData(1000, 1000)]
    public void AnySizeIsAccepted(int cols, int rows)
    {
        var t = new Terminal(cols, rows);
        t.Feed("hello 中文 \e[5;5H\e[2J\e[99999@\e[99999P\e[99999b\e[99999X\e[99999L\e[99999M\e[99999S\e[99999T"u8);
        t.Resize(cols / 2, rows / 2);
        t.Feed("after"u8);
        Assert.True(t.Columns >= 1 && t.Rows >= 1);
        Assert.InRange(t.CursorColumn, 0, t.Columns - 1);
        Assert.InRange(t.CursorRow, 0, t.Rows - 1);
    }

    [Fact]
    public void HugeRepeatIsBoundedByTheScreen()
    {
        // 1 + a screenful (8) = 9 characters: one line scrolls off, no more.
        var t = Run(4, 2, "x\e[65535b", scrollback: 10);
        Assert.Equal(["xxxx", "x"], Screen(t));
        Assert.Equal(1, t.ScrollbackCount);
    }

    [Fact]
    public void DeviceAttributesAndStatusReplies()
    {
        var t = Run(80, 24, "\e[c\e[>c\e[5n\e[3;7H\e[6n\e[18t");
        // xterm's answers at VT525 level (esctest2 da.py, da2.py).
        Assert.Equal("\e[?65;1;2;6;9;15;16;17;18;21;22;28;29c\e[>64;390;0c\e[0n\e[3;7R\e[8;24;80t", Replies(t));
        Assert.False(t.HasReplies);
    }

    [Fact]
    public void CursorPositionReportHonoursOriginMode()
    {
        var t = Run(80, 24, "\e[5;10r\e[?6h\e[2;3H\e[6n");
        Assert.Equal("\e[2;3R", Replies(t));
        Assert.Equal(5, t.CursorRow);
    }

    [Fact]
    public void DecrqmReportsKnownModes()
    {
        var t = Run(80, 24, "\e[?2004h\e[?2004$p\e[?25$p\e[?1$p\e[?9999$p\e[4$p");
        Assert.Equal("\e[?2004;1$y\e[?25;1$y\e[?1;2$y\e[?9999;0$y\e[4;2$y", Replies(t));
    }

    [Fact]
    public void ModesAreReadable()
    {
        var t = Run(80, 24, "\e[?1h\e=\e[?2004h\e[?1000h\e[?1002h\e[?1006h\e[?1004h\e[?2026h\e[4h");
        var expected = TerminalModes.AutoWrap | TerminalModes.ApplicationCursorKeys | TerminalModes.ApplicationKeypad |
            TerminalModes.BracketedPaste | TerminalModes.MouseButtonEvent | TerminalModes.MouseSgr |
            TerminalModes.FocusEvents | TerminalModes.SynchronizedOutput | TerminalModes.Insert;
        Assert.Equal(expected, t.Modes);
        t.Feed("\e[?1002l\e[?1l\e>"u8);
        Assert.False(t.Modes.HasFlag(TerminalModes.MouseButtonEvent));
        Assert.False(t.Modes.HasFlag(TerminalModes.ApplicationCursorKeys));
        Assert.False(t.Modes.HasFlag(TerminalModes.ApplicationKeypad));
    }

    [Fact]
    public void SgrSetsFullStyle()
    {
        var t = Run(10, 1, "\e[1;2;3;4:3;5;7;8;9;38;2;1;2;3;48:5:200;58:2::9:8:7mX\e[0mY");
        var s = t.GetStyle(t.GetCell(0, 0).StyleId);
        Assert.Equal(CellAttributes.Bold | CellAttributes.Dim | CellAttributes.Italic | CellAttributes.Blink |
            CellAttributes.Reverse | CellAttributes.Hidden | CellAttributes.Strikethrough, s.Attributes);
        Assert.Equal(UnderlineStyle.Curly, s.Underline);
        Assert.Equal(Color.FromRgb(1, 2, 3), s.Foreground);
        Assert.Equal(Color.FromIndex(200), s.Background);
        Assert.Equal(Color.FromRgb(9, 8, 7), s.UnderlineColor);
        Assert.True(t.GetStyle(t.GetCell(1, 0).StyleId).IsDefault);
    }

    [Fact]
    public void ErasedCellsKeepTheBackgroundColourOnly()
    {
        var t = Run(4, 1, "\e[1;44m\e[2K");
        var s = t.GetStyle(t.GetCell(2, 0).StyleId);
        Assert.Equal(Color.FromIndex(4), s.Background);
        Assert.Equal(CellAttributes.None, s.Attributes);
    }

    [Fact]
    public void RowVersionsTellWhatChanged()
    {
        var t = Run(10, 3, "a\r\nb");
        long seen = t.Version;
        t.Feed("\e[3;1Hc"u8);
        Assert.False(t.GetRowVersion(0) > seen);
        Assert.True(t.GetRowVersion(2) > seen);
        seen = t.Version;
        t.Feed("\r\n"u8); // scrolls: every row moved
        Assert.All(Enumerable.Range(0, 3), y => Assert.True(t.GetRowVersion(y) > seen));
    }

    [Fact]
    public void BellTitleAndCursorStyle()
    {
        var t = Run(10, 1, "\a\e]2;hello\a\e]0;both\e\\\a\e[5 q\e[?25l");
        Assert.Equal(2, t.BellCount);
        Assert.Equal("both", t.Title);
        Assert.Equal(CursorStyle.BlinkingBar, t.CursorStyle);
        Assert.False(t.CursorVisible);
    }

    [Fact]
    public void DecSpecialGraphicsWithShiftOut()
    {
        var t = Run(10, 1, "\e)0q\x0eqx\x0fq");
        Assert.Equal("q\u2500\u2502q", t.GetRowText(0));
    }

    [Fact]
    public void InsertModeShiftsTheLine()
    {
        var t = Run(6, 1, "abcd\e[1G\e[4hXY");
        Assert.Equal("XYabcd", t.GetRowText(0));
    }

    [Fact]
    public void RepeatedSgrSequencesGiveTheirStyleAcrossCompactions()
    {
        // A short SGR is remembered by the style id it starts from; compaction renumbers the ids. Five colours are used
        // once and scroll away, so red's id changes when the 70,000 colours after it force a compaction. (The colours have
        // sub-parameters and the reset more than seven parameters: they are never remembered, and cannot push red out.)
        var t = new Terminal(20, 5, 10);
        var sb = new StringBuilder("\e[32mg\e[33my\e[34mb\e[35mm\e[36mc\r\n");
        for (int i = 0; i < 70_000; i++)
            sb.Append($"\e[0;0;0;0;0;0;0;0m\e[31mr\e[38:2::{i & 255}:{i >> 8 & 255}:{i >> 16}mx");
        t.Feed(Encoding.ASCII.GetBytes(sb.ToString()));
        for (int x = 0; x < t.Columns; x += 2)
        {
            Assert.Equal("r", t.GetCellText(x, t.CursorRow));
            Assert.Equal(new Style { Foreground = Color.FromIndex(1) }, t.GetStyle(t.GetCell(x, t.CursorRow).StyleId));
        }
    }

    [Fact]
    public void RememberedSgrSequencesAreToldApartByEveryParameter()
    {
        // Direct colours and bold with one have four to seven parameters; two that differ only in the last must not
        // share what the first one led to, however often they come.
        var t = new Terminal(80, 5, 10);
        string[] sequences = ["38;2;1;2;3", "38;2;1;2;4", "1;38;2;1;2;3", "1;38;2;1;2;5", "1;4;38;2;9;9;8", "1;4;38;2;9;9;9"];
        var sb = new StringBuilder();
        for (int round = 0; round < 3; round++)
            foreach (var sequence in sequences) sb.Append($"\e[{sequence}mx\e[0m");
        t.Feed(Encoding.ASCII.GetBytes(sb.ToString()));
        for (int x = 0; x < 3 * sequences.Length; x++)
        {
            var expected = new Terminal(5, 1, 0);
            expected.Feed(Encoding.ASCII.GetBytes($"\e[{sequences[x % sequences.Length]}mx"));
            Assert.Equal(expected.GetStyle(expected.GetCell(0, 0).StyleId), t.GetStyle(t.GetCell(x, 0).StyleId));
        }
    }

    [Fact]
    public void ManyDistinctStylesAreCompacted()
    {
        var t = new Terminal(20, 5, 10);
        var sb = new StringBuilder();
        for (int i = 0; i < 70_000; i++) sb.Append($"\e[38;2;{i & 255};{i >> 8 & 255};{i >> 16}mx");
        t.Feed(Encoding.ASCII.GetBytes(sb.ToString()));
        int last = 69_999;
        var s = t.GetStyle(t.GetCell(t.CursorColumn, t.CursorRow).StyleId);
        Assert.Equal(Color.FromRgb(last & 255, last >> 8 & 255, last >> 16), s.Foreground);
    }
}
