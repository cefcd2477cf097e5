using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Mux.Vt100.Screen;

namespace Mux.Vt100.Tests.Properties;

/// <summary>
/// Properties of Feed and Resize over generated escape-heavy streams: how a stream is cut into reads never matters,
/// the cursor never leaves the screen, and nothing throws.
/// </summary>
[Properties(Arbitrary = [typeof(EscapeHeavyStreams)], MaxTest = 300, QuietOnSuccess = true)]
public class FeedProperties
{
    [Property]
    public void CuttingTheStreamAnywhereLeavesTheSameState(ByteStream stream, Size size)
    {
        var whole = new Terminal(size.Columns, size.Rows, scrollbackLimit: 50);
        whole.Feed(stream.Bytes);

        var pieces = new Terminal(size.Columns, size.Rows, scrollbackLimit: 50);
        foreach (var chunk in stream.Chunks())
            pieces.Feed(chunk);

        Assert.Equal(Snapshot(whole), Snapshot(pieces));
    }

    [Property]
    public void CursorStaysOnScreenAfterEveryFeed(ByteStream stream, Size size)
    {
        var t = new Terminal(size.Columns, size.Rows, scrollbackLimit: 20);
        foreach (var chunk in stream.Chunks())
        {
            t.Feed(chunk);
            AssertCursorInBounds(t);
        }
    }

    [Property(MaxTest = 200)]
    public void FeedAndResizeNeverThrowAndKeepTheCursorOnScreen(FeedOrResize[] script, Size size)
    {
        var t = new Terminal(size.Columns, size.Rows, scrollbackLimit: 30);
        foreach (var step in script)
        {
            if (step.Bytes is not null) t.Feed(step.Bytes);
            else
            {
                t.Resize(step.NewSize!.Columns, step.NewSize.Rows);
                Assert.Equal((step.NewSize.Columns, step.NewSize.Rows), (t.Columns, t.Rows));
            }
            AssertCursorInBounds(t);
            // Every read accessor must work on whatever state the stream left.
            _ = Snapshot(t);
        }
    }

    [Property(MaxTest = 100)]
    public void ResizeToAnySizeKeepsTheCursorOnScreen(ByteStream stream, Size first, Size second)
    {
        var t = new Terminal(first.Columns, first.Rows);
        t.Feed(stream.Bytes);
        t.Resize(second.Columns, second.Rows);
        AssertCursorInBounds(t);
        t.Resize(first.Columns, first.Rows);
        AssertCursorInBounds(t);
        _ = Snapshot(t);
    }

    private static void AssertCursorInBounds(Terminal t)
    {
        Assert.InRange(t.CursorColumn, 0, t.Columns - 1);
        Assert.InRange(t.CursorRow, 0, t.Rows - 1);
    }

    /// <summary>Everything observable through the public API, as one comparable string.</summary>
    internal static string Snapshot(Terminal t)
    {
        var sb = new StringBuilder();
        sb.Append($"size {t.Columns}x{t.Rows} cursor {t.CursorRow},{t.CursorColumn} visible {t.CursorVisible} style {t.CursorStyle}\n");
        sb.Append($"modes {t.Modes} title |{t.Title}|\n");
        for (int r = 0; r < t.Rows; r++)
        {
            sb.Append('|').Append(t.GetRowText(r)).Append("| ");
            for (int c = 0; c < t.Columns; c++)
            {
                ref readonly Cell cell = ref t.GetCell(c, r);
                if (!cell.IsEmpty || cell.StyleId != 0)
                    sb.Append($"{c}:{t.GetCellText(c, r)}/{cell.Width}/{t.GetStyle(cell.StyleId)} ");
            }
            sb.Append('\n');
        }
        sb.Append($"scrollback {t.ScrollbackCount}\n");
        for (int i = 0; i < t.ScrollbackCount; i++)
            sb.Append('|').Append(t.GetScrollbackRowText(i)).Append("|\n");
        var replies = new ArrayBufferWriter<byte>();
        t.TakeReplies(replies);
        sb.Append("replies ").Append(Convert.ToHexString(replies.WrittenSpan));
        return sb.ToString();
    }
}
