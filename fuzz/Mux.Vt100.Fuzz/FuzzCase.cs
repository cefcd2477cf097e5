namespace Mux.Vt100.Fuzz;

/// <summary>
/// How one fuzz input drives a terminal. Shared (as a linked file) with the regression tests, so a crash file
/// replays there exactly as the fuzzer ran it.
/// Input layout: byte 0 and 1 pick the starting size, byte 2 where to resize, bytes 3 and 4 the new size,
/// byte 5 a chunk length for feeding; the rest is the output stream.
/// </summary>
public static class FuzzCase
{
    private const int Header = 6;

    public static Terminal Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < Header)
        {
            var small = new Terminal(80, 24);
            small.Feed(input);
            return small;
        }
        int columns = 1 + input[0] % 160, rows = 1 + input[1] % 60;
        var data = input[Header..];
        int resizeAt = data.Length * input[2] / 256;
        int newColumns = 1 + input[3] % 160, newRows = 1 + input[4] % 60;
        // Feeding in chunks exercises sequences and UTF-8 split across reads.
        int chunk = 1 + input[5] % 64;

        var t = new Terminal(columns, rows, scrollbackLimit: 100);
        FeedInChunks(t, data[..resizeAt], chunk);
        t.Resize(newColumns, newRows);
        FeedInChunks(t, data[resizeAt..], chunk);
        Check(t);
        return t;
    }

    private static void FeedInChunks(Terminal t, ReadOnlySpan<byte> data, int chunk)
    {
        for (int i = 0; i < data.Length; i += chunk)
        {
            t.Feed(data.Slice(i, Math.Min(chunk, data.Length - i)));
            Check(t);
        }
    }

    /// <summary>Invariants whose violation counts as a crash: the cursor on screen, every row and cell readable.</summary>
    private static void Check(Terminal t)
    {
        if ((uint)t.CursorColumn >= (uint)t.Columns || (uint)t.CursorRow >= (uint)t.Rows)
            throw new InvalidOperationException($"cursor {t.CursorRow},{t.CursorColumn} outside {t.Columns}x{t.Rows}");
        for (int r = 0; r < t.Rows; r++)
        {
            _ = t.GetRowText(r);
            _ = t.GetCellText(t.Columns - 1, r);
        }
        for (int i = 0; i < t.ScrollbackCount; i++)
            _ = t.GetScrollbackRowText(i);
    }
}
