using System.Text;
using Mux.Vt100.Screen;

namespace Mux.Vt100.Tests.Screen;

public class ScrollbackTests
{
    /// <summary>The table-driven UTF-8 encoder of history lines, both ways of depositing bits, against .NET's.</summary>
    [Fact]
    public void EveryCodePointEncodesAsUtf8()
    {
        Span<byte> expected = stackalloc byte[4];
        var bad = new List<string>();
        for (int cp = 1; cp <= 0x10FFFF; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF) continue;
            int length = new Rune(cp).EncodeToUtf8(expected);
            ulong form = Scrollback.Utf8Forms[length];
            foreach (uint deposited in new[] { Scrollback.Deposit((uint)cp, (uint)form), Scrollback.DepositPortable((uint)cp, (uint)form) })
            {
                uint encoded = (deposited | (uint)(form >> 32)) << (32 - 8 * length);
                for (int i = 0; i < length; i++)
                    if ((byte)(encoded >> (24 - 8 * i)) != expected[i]) { bad.Add($"U+{cp:X4}"); break; }
            }
            if (bad.Count > 10) break;
        }
        Assert.Empty(bad);
    }

    /// <summary>Every printable code point (widths 1 and 2, the BMP and beyond) keeps its text through history.</summary>
    [Fact]
    public void EveryPrintableCodePointSurvivesTheTripThroughHistory()
    {
        var t = new Terminal(80, 1, scrollbackLimit: 1);
        var line = new StringBuilder();
        int columns = 0;
        var bad = new List<string>();
        for (int cp = 0x20; cp <= 0x10FFFF; cp += cp < 0x30000 ? 1 : 97)
        {
            if (cp is >= 0x7F and <= 0x9F or >= 0xD800 and <= 0xDFFF) continue;
            int w = CharWidth.Of(cp);
            if (w == 0) continue;
            if (columns + w > 80)
            {
                t.Feed(Encoding.UTF8.GetBytes("\r\n" + line));
                string onScreen = t.GetRowText(0);
                t.Feed("\r\n"u8);
                if (t.GetScrollbackRowText(0) != onScreen) bad.Add(line.ToString());
                if (bad.Count > 5) break;
                line.Clear();
                columns = 0;
            }
            line.Append(char.ConvertFromUtf32(cp));
            columns += w;
        }
        Assert.Empty(bad);
    }

    [Theory]
    [InlineData("plain ascii text that is long enough to take the sixteen-at-a-time path, twice over at least")]
    [InlineData("가나다 中文字 abc 한국어, 漢字 end")]
    [InlineData("mixed ascii first: 0123456789abcdef then 中文 and é and \U0001F600 and e\u0301 and \u2500\u2500")]
    [InlineData("中")]
    [InlineData("a")]
    public void LinesScrollIntoHistoryWithTheirText(string line)
    {
        var t = new Terminal(100, 2, scrollbackLimit: 10);
        t.Feed(Encoding.UTF8.GetBytes(line + "\r\n"));
        string onScreen = t.GetRowText(0);
        t.Feed("\r\n\r\n"u8);
        Assert.Equal(onScreen, t.GetScrollbackRowText(0));
        Assert.Equal(line, onScreen);
    }

    [Fact]
    public void ASoftWrappedLineKeepsItsTrailingSpacesInHistory()
    {
        // The spaces are part of the text the wrap continues: reflow needs them. A hard line end drops them.
        var t = new Terminal(12, 1, scrollbackLimit: 10);
        t.Feed("ab          cd\r\nef      \r\ngh"u8);
        Assert.Equal("ab          ", t.GetScrollbackRowText(0));
        Assert.Equal("cd", t.GetScrollbackRowText(1));
        Assert.Equal("ef", t.GetScrollbackRowText(2));
    }

    [Fact]
    public void GapsAndStylesSurviveTheTripThroughHistory()
    {
        var t = new Terminal(60, 2, scrollbackLimit: 10);
        // Cursor jumps leave empty cells (spaces in history); a coloured run after 20 ASCII cells.
        t.Feed(Encoding.UTF8.GetBytes("abc\e[10G中文\e[30Gx\e[1;31mred 가나\e[0m tail\r\n\r\n\r\n"));
        string text = "abc" + new string(' ', 6) + "中文" + new string(' ', 16) + "xred 가나 tail";
        Assert.Equal(text, t.GetScrollbackRowText(0));
        t.Resize(60, 4);   // pulls the line back onto the screen from history, with its cells and styles
        int row = Enumerable.Range(0, t.Rows).First(r => t.GetRowText(r).StartsWith("abc"));
        Assert.Equal(text, t.GetRowText(row));
        Assert.Equal(0, t.GetCell(29, row).StyleId);
        Assert.True(t.GetStyle(t.GetCell(30, row).StyleId).Attributes.HasFlag(CellAttributes.Bold));
        Assert.True(t.GetStyle(t.GetCell(37, row).StyleId).Attributes.HasFlag(CellAttributes.Bold));
        Assert.True(t.GetCell(9, row).IsWide);
        Assert.True(t.GetCell(10, row).IsSpacer);
        Assert.Equal(0, t.GetCell(38, row).StyleId);
    }
}
