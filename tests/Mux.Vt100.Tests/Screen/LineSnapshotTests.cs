using System.Text;
using Mux.Vt100.Screen;

namespace Mux.Vt100.Tests.Screen;

/// <summary>Copy mode's snapshot: scrollback and screen with their styles, frozen while the terminal goes on.</summary>
public class LineSnapshotTests
{
    private static void Feed(Terminal t, string s) => t.Feed(Encoding.UTF8.GetBytes(s));

    private static Style StyleAt(IScreenView t, int x, int y) => t.GetStyle(t.GetCell(x, y).StyleId);

    [Fact]
    public void LinesKeepTheirTextAndStylesAfterTheSourceMovesOn()
    {
        var source = new Terminal(20, 3, scrollbackLimit: 5);
        Feed(source, "\e[31mred\e[0m one\r\n\e[1;44mbold-blue\e[0m\r\n日本x\r\nlast");
        var snapshot = source.SnapshotLines();
        Assert.Equal(4, snapshot.Count); // one line in history, three on the screen
        // The source scrolls its history away and compacts its styles: the snapshot does not change.
        for (int i = 0; i < 20; i++) Feed(source, $"\e[3{i % 8};4{(i + 1) % 8}mnoise {i}\r\n");
        var many = new StringBuilder();
        for (int i = 0; i < 70_000; i++) many.Append($"\e[38;2;{i & 255};{i >> 8 & 255};{i >> 16}mx");
        Feed(source, many.ToString()); // more styles than the table keeps: it is compacted, ids renumbered

        var view = new SnapshotView(snapshot, 20, 4);
        for (int line = 0; line < 4; line++) view.ShowLine(line, line);
        Assert.Equal(["red one", "bold-blue", "日本x", "last"], Enumerable.Range(0, 4).Select(view.GetRowText));
        Assert.Equal(Color.FromIndex(1), StyleAt(view, 2, 0).Foreground);
        Assert.True(StyleAt(view, 3, 0).IsDefault);
        Assert.Equal(new Style(default, Color.FromIndex(4), default, CellAttributes.Bold, UnderlineStyle.None), StyleAt(view, 8, 1));
        Assert.Equal("bold-blue", snapshot.GetText(1));
    }

    [Fact]
    public void ColumnsAndTextIndexesMapAcrossWideCharacters()
    {
        var source = new Terminal(20, 2, 0);
        Feed(source, "日本x");
        var snapshot = source.SnapshotLines();
        Assert.Equal([0, 2, 4, 5], Enumerable.Range(0, 4).Select(i => snapshot.ColumnOf(0, i)));
        Assert.Equal([0, 0, 1, 1, 2, 3], Enumerable.Range(0, 6).Select(x => snapshot.TextIndexOf(0, x)));
    }

    [Fact]
    public void InvertingTogglesReverseAndKeepsColours()
    {
        var source = new Terminal(10, 1, 0);
        Feed(source, "\e[32mab\e[7mcd");
        var t = new SnapshotView(source.SnapshotLines(), 10, 1);
        t.ShowLine(0, 0);
        t.Invert(0, 1, 3);
        Assert.Equal(CellAttributes.None, StyleAt(t, 0, 0).Attributes);
        Assert.Equal(CellAttributes.Reverse, StyleAt(t, 1, 0).Attributes);
        Assert.Equal(CellAttributes.None, StyleAt(t, 2, 0).Attributes); // already reverse: shown plain
        Assert.Equal(CellAttributes.Reverse, StyleAt(t, 3, 0).Attributes);
        Assert.Equal(Color.FromIndex(2), StyleAt(t, 1, 0).Foreground);
    }

    [Fact]
    public void AViewChangesARowsVersionOnlyWhenWhatItShowsChanges()
    {
        var source = new Terminal(10, 3, 0);
        Feed(source, "one\r\ntwo\r\nthree");
        var view = new SnapshotView(source.SnapshotLines(), 10, 2);
        view.ShowLine(0, 0);
        view.ShowLine(1, 1);
        long v0 = view.GetRowVersion(0), v1 = view.GetRowVersion(1);
        view.ShowLine(0, 0);           // the same line again: no change
        view.ShowLine(2, 1);           // another line: a change
        Assert.Equal(v0, view.GetRowVersion(0));
        Assert.True(view.GetRowVersion(1) > v1);
        Assert.Equal("three", view.GetRowText(1));
        Assert.True(view.Version >= view.GetRowVersion(1));
        view.Invert(0, 0, 1);
        long inverted = view.GetRowVersion(0);
        view.ShowLine(0, 0);           // showing it again takes the inversion away: a change
        Assert.True(view.GetRowVersion(0) > inverted);
        Assert.Equal(CellAttributes.None, StyleAt(view, 0, 0).Attributes);
    }
}
