using System.Text;
using Mux.Protocol;
using Mux.Server.Survival;
using Mux.Vt100;

namespace Mux.Server.Tests.Survival;

/// <summary>What a server replacing its image passes on: the handover's encoding and a window's screen.</summary>
public class HandoverTests
{
    [Fact]
    public void AScreenWithScrollbackComesBackRowForRowWithItsCursor()
    {
        var before = new Terminal(20, 5, scrollbackLimit: 100);
        before.Feed(Encoding.UTF8.GetBytes(string.Join("\r\n", Enumerable.Range(1, 30).Select(i => $"line {i}")) + "\r\nwide 日本 ok\x1b[3;7H"));
        var lines = ScreenHandover.Capture(before);
        var after = ScreenHandover.Restore(before.Columns, before.Rows, 100, lines, before.CursorColumn, before.CursorRow);

        Assert.Equal(before.ScrollbackCount, after.ScrollbackCount);
        for (int i = 0; i < before.ScrollbackCount; i++) Assert.Equal(before.GetScrollbackRowText(i), after.GetScrollbackRowText(i));
        for (int y = 0; y < before.Rows; y++) Assert.Equal(before.GetRowText(y), after.GetRowText(y));
        Assert.Equal((before.CursorColumn, before.CursorRow), (after.CursorColumn, after.CursorRow));
    }

    [Fact]
    public void TheHandoverReadsBackAsWrittenAndAnUnknownFormatIsRefused()
    {
        var window = new HandedOverWindow(3, "train", 1234, 9, "/dev/pts/7", "python train.py", "/home/u", "/tmp/log", true,
            80, 24, 5, 6, ["a", "b"]);
        var handover = new ServerHandover("name", true, 5000, "screen-256color", null, 4, 3, "why",
            DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), [window]);
        var back = ServerHandover.Decode(handover.Encode())!;
        Assert.Equal(handover with { Windows = [] }, back with { Windows = [] });
        Assert.Equal(window with { Lines = [] }, back.Windows.Single() with { Lines = [] });
        Assert.Equal(["a", "b"], back.Windows.Single().Lines);

        var future = handover.Encode();
        future[0] = 99;
        Assert.Null(ServerHandover.Decode(future));
    }
}
