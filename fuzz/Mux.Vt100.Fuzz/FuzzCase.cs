using System.Buffers;
using Mux.Vt100.Rendering;
using Mux.Vt100.Text;

namespace Mux.Vt100.Fuzz;

/// <summary>
/// How one fuzz input drives a terminal. Shared (as a linked file) with the regression tests, so a crash file
/// replays there exactly as the fuzzer ran it. The same output also goes to a log recorder and to a client's
/// frame renderer, whose frames, fed to a second emulator, must show the window's screen.
/// Input layout: byte 0 and 1 pick the starting size, byte 2 where to resize, bytes 3 and 4 the new size,
/// byte 5 a chunk length for feeding; the rest is the output stream.
/// </summary>
public static class FuzzCase
{
    private const int Header = 6;

    /// <summary>The server's view of one attached client, fed every frame as a terminal would be.</summary>
    private sealed class Client(int columns, int rows)
    {
        private readonly ArrayBufferWriter<byte> _frame = new();
        public FrameRenderer Renderer { get; } = new(columns, rows);
        public Terminal Screen { get; private set; } = new(columns, rows);

        public void Draw(Terminal window)
        {
            _frame.Clear();
            Renderer.Render(_frame, [new Region(window, 0, 0, window.Rows, window.Columns)], null);
            Screen.Feed(_frame.WrittenSpan);
        }

        /// <summary>A resized client: the renderer redraws everything on a fresh screen of the new size.</summary>
        public void Resize(int columns, int rows)
        {
            Renderer.Resize(columns, rows);
            Screen = new Terminal(columns, rows);
        }
    }

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
        var log = new PlainTextRecorder();
        var client = new Client(columns, rows);
        FeedInChunks(t, log, client, data[..resizeAt], chunk);
        t.Resize(newColumns, newRows);
        client.Resize(newColumns, newRows);
        FeedInChunks(t, log, client, data[resizeAt..], chunk);
        Check(t);
        CheckClientShows(t, client);
        return t;
    }

    private static void FeedInChunks(Terminal t, PlainTextRecorder log, Client client, ReadOnlySpan<byte> data, int chunk)
    {
        for (int i = 0; i < data.Length; i += chunk)
        {
            var piece = data.Slice(i, Math.Min(chunk, data.Length - i));
            t.Feed(piece);
            log.Feed(piece);
            _ = log.TakeCompletedLines();
            // Draw now and then, as the server does between reads; the frames are differences from the last one.
            if (piece[0] % 3 == 0) client.Draw(t);
            Check(t);
        }
    }

    /// <summary>After a last frame the client's screen is the window's, row for row (the renderer's key property).</summary>
    private static void CheckClientShows(Terminal t, Client client)
    {
        client.Draw(t);
        for (int r = 0; r < t.Rows; r++)
        {
            string window = t.GetRowText(r).TrimEnd(), shown = client.Screen.GetRowText(r).TrimEnd();
            if (window != shown)
                throw new InvalidOperationException($"row {r}: the window has '{window}', its client shows '{shown}'");
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
