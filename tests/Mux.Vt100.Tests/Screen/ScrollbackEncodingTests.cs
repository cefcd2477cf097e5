using Mux.Vt100.Screen;

namespace Mux.Vt100.Tests.Screen;

/// <summary>
/// A row pushed into history reads back cell for cell: text, wide characters and style ids, trailing blanks trimmed.
/// The encoder copies ASCII 16 cells at a time and finishes a row whose width is not a multiple of 16 with its last
/// 16 cells, overlapping what it already copied; these rows put the one cell that is not plain ASCII (or has a
/// style) at every position of that tail and around the 16-cell boundaries, for widths on and off a multiple of 16.
/// </summary>
public class ScrollbackEncodingTests
{
    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        foreach (int width in new[] { 5, 15, 16, 17, 31, 32, 33, 47, 59, 64, 80, 120 })
            foreach (string kind in new[] { "ascii", "accent", "wide", "styled", "blank", "empty-tail" })
                data.Add(width, kind);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryPositionReadsBackAsItWasWritten(int width, string kind)
    {
        for (int at = 0; at < width; at++)
        {
            foreach (bool wrapped in new[] { false, true })
            {
                var row = MakeRow(width, kind, at);
                row.Wrapped = wrapped;
                var history = new Scrollback(10);
                history.Push(row);

                var decoded = new List<LooseCell>();
                history.Decode(0, decoded);
                var expected = Expected(row, wrapped);
                Assert.True(expected.Count == decoded.Count,
                    $"width {width}, {kind} at {at}, wrapped {wrapped}: {decoded.Count} cells read back, {expected.Count} written");
                for (int x = 0; x < expected.Count; x++)
                    Assert.True(expected[x] == decoded[x].Cell,
                        $"width {width}, {kind} at {at}, wrapped {wrapped}: cell {x} reads back as {decoded[x].Cell.Data:X}/{decoded[x].Cell.StyleId}, written {expected[x].Data:X}/{expected[x].StyleId}");
                Assert.Equal(wrapped, history.IsWrapped(0));
            }
        }
    }

    /// <summary>ASCII letters in every cell but <paramref name="at"/>, which holds what <paramref name="kind"/> says.</summary>
    private static Row MakeRow(int width, string kind, int at)
    {
        var row = new Row(width);
        for (int x = 0; x < width; x++) row.Cells[x] = new Cell((uint)('a' + x % 26), 0);
        switch (kind)
        {
            case "accent": row.Cells[at] = new Cell('é', 0); break;
            case "wide" when at + 1 < width:
                row.Cells[at] = new Cell('中' | Cell.WideFlag, 0);
                row.Cells[at + 1] = new Cell(Cell.SpacerFlag, 0);
                break;
            case "wide": row.Cells[at] = new Cell('ü', 0); break;   // no room for both halves in the last column
            case "styled": row.Cells[at] = new Cell('Z', 3); break;
            case "blank": row.Cells[at] = Cell.Blank(0); break;     // an empty cell inside the text reads back as a space
            case "empty-tail": for (int x = at; x < width; x++) row.Cells[x] = Cell.Blank(0); break;
        }
        return row;
    }

    /// <summary>The cells history must give back: up to the last non-blank (spaces kept on a wrapped row), empty cells as spaces.</summary>
    private static List<Cell> Expected(Row row, bool wrapped)
    {
        int end = row.Cells.Length;
        while (end > 0 && row.Cells[end - 1].StyleId == 0
               && (row.Cells[end - 1].IsEmpty || (!wrapped && row.Cells[end - 1].CodePoint == ' '))) end--;
        if (end > 0 && row.Cells[end - 1].IsWide) end++;   // a wide character keeps its right half
        var cells = new List<Cell>();
        for (int x = 0; x < end; x++)
        {
            Cell c = row.Cells[x];
            cells.Add(c.IsEmpty && !c.IsSpacer ? new Cell(' ', c.StyleId) : c);
        }
        return cells;
    }
}
