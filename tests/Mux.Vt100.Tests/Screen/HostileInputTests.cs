using System.Text;

namespace Mux.Vt100.Tests.Screen;

public class HostileInputTests
{
    private static readonly string[] s_fragments =
    [
        "\e[", "\e]", "\eP", "\e_", "\e(0", "\e)0", "\x0e", "\x0f", "\e7", "\e8", "\eM", "\eD", "\e#8", "\ec",
        "\e[?1049h", "\e[?1049l", "\e[?47h", "\e[?6h", "\e[?7l", "\e[?7h", "\e[4h", "\e[4l", "\e[2;5r", "\e[r",
        "\e[65535@", "\e[65535P", "\e[65535X", "\e[65535b", "\e[65535L", "\e[65535M", "\e[65535S", "\e[65535T",
        "\e[99;99H", "\e[0;0H", "\e[3J", "\e[2J", "\e[1K", "\e[6n", "\e[c", "\e[?2004$p", "\e[38:2::1:2:3m",
        "\e[38;5m", "\e[48;2;1m", "\e[4:9m", "中", "文", "e\u0301", "\u0301\u0301\u0301", "😀", "\u200d",
        "\r\n", "\t", "\b", "\a", ";", ":", "?", "$", " q", "\u009b1m", "\u0090q\e\\", "\x18", "\x1a",
        "\e[?69h", "\e[?69l", "\e[3;9s", "\e[2;2s", "\e[?45h", "\e6", "\e9", "\e[3'}", "\e[65535'~", "\eV", "\eW",
        "\e[1;1;3;5;1;2;2;1$v", "\e[65;1;1;99;99$x", "\e[2;2;4;4$z", "\e[${", "\e[1;;1;1;99;99*y", "\e[?7;69s", "\e[?7;69r",
    ];

    /// <summary>Text a program plants in requests and state; no answer may ever contain it.</summary>
    private const string Planted = "PWNED";

    [Fact]
    public void RepliesNeverEchoWhatAProgramWrote()
    {
        string[] requests =
        [
            $"\e]2;{Planted}\a\e[21t\e[20t", $"\e]1;{Planted}\a\e[20t\e[22t\e[23t\e[21t",
            $"\eP$q{Planted}\e\\", $"\eP$qm{Planted}\e\\", "\eP$q\e\\", $"\eP$q\"q{Planted}\e\\",
            $"\e]4;1;{Planted}\a\e]4;1;?\a", $"\e]10;{Planted};?\a", $"\e]4;{Planted};?\a", $"\e]11;?{Planted}\a",
            $"\e]5;0;{Planted}\e\\\e]5;0;?\e\\", $"\e[{Planted}c", $"\e[>q{Planted}", $"{Planted}\e[1;;1;1;1;5*y",
        ];
        var t = new Terminal(20, 5);
        var replies = new System.Buffers.ArrayBufferWriter<byte>();
        foreach (string r in requests)
        {
            t.Feed(Encoding.UTF8.GetBytes(r));
            t.TakeReplies(replies);
        }
        string all = Encoding.UTF8.GetString(replies.WrittenSpan);
        Assert.True(replies.WrittenCount > 0);
        Assert.DoesNotContain(Planted, all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("PW", all, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomInputNeverThrowsAndKeepsTheCursorOnScreen(int seed)
    {
        var rnd = new Random(seed);
        var t = new Terminal(rnd.Next(1, 30), rnd.Next(1, 12), scrollbackLimit: 50);
        var buffer = new List<byte>();
        for (int step = 0; step < 3000; step++)
        {
            buffer.Clear();
            int parts = rnd.Next(1, 8);
            for (int p = 0; p < parts; p++)
            {
                if (rnd.Next(4) == 0)
                    for (int k = rnd.Next(1, 16); k > 0; k--) buffer.Add((byte)rnd.Next(256));
                else
                    buffer.AddRange(Encoding.UTF8.GetBytes(s_fragments[rnd.Next(s_fragments.Length)]));
            }
            t.Feed(buffer.ToArray());
            if (rnd.Next(100) == 0) t.Resize(rnd.Next(-2, 40), rnd.Next(-2, 15));

            Assert.InRange(t.CursorColumn, 0, t.Columns - 1);
            Assert.InRange(t.CursorRow, 0, t.Rows - 1);
            Assert.InRange(t.ScrollbackCount, 0, 50);
        }
        for (int y = 0; y < t.Rows; y++)
        {
            _ = t.GetRowText(y);
            for (int x = 0; x < t.Columns; x++)
            {
                ref readonly var c = ref t.GetCell(x, y);
                // A spacer always follows a wide cell, and a wide cell is always followed by its spacer.
                if (c.IsSpacer) Assert.True(x > 0 && t.GetCell(x - 1, y).IsWide, $"orphan spacer at {x},{y}");
                if (c.IsWide) Assert.True(x + 1 < t.Columns && t.GetCell(x + 1, y).IsSpacer, $"orphan wide at {x},{y}");
                _ = t.GetCellText(x, y);
                _ = t.GetStyle(c.StyleId);
            }
        }
        for (int i = 0; i < t.ScrollbackCount; i++) _ = t.GetScrollbackRowText(i);
    }
}
