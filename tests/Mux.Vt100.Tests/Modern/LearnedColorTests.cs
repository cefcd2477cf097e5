using System.Text;
using Mux.Vt100.Screen;

namespace Mux.Vt100.Tests.Modern;

/// <summary>Colour queries answered from the colours a real terminal told (OSC 4/10/11 answers), a program's own set first.</summary>
public class LearnedColorTests
{
    private static string Answers(Terminal t)
    {
        var w = new System.Buffers.ArrayBufferWriter<byte>();
        t.TakeReplies(w);
        return Encoding.ASCII.GetString(w.WrittenSpan);
    }

    [Theory]
    [InlineData("\e]11;rgb:1234/5678/9abc\e\\", 262, 0x12569au)]
    [InlineData("\e]10;rgb:ff/80/00\a", 261, 0xff8000u)]
    [InlineData("\e]4;7;#e5e5e5\a", 7, 0xe5e5e5u)]
    [InlineData("\e]4;255;rgb:e/e/e\e\\", 255, 0xeeeeeeu)]
    public void AnswersParse(string answer, int slot, uint rgb)
    {
        Assert.True(ColorReport.TryParse(Encoding.ASCII.GetBytes(answer), out int s, out uint c));
        Assert.Equal((slot, rgb), (s, c));
    }

    [Theory]
    [InlineData("\e]11;rgb:1234/5678/9abc")]      // not ended
    [InlineData("\e]11;?\e\\")]                   // a query, not an answer
    [InlineData("\e]4;256;rgb:00/00/00\a")]       // no such palette entry
    [InlineData("\e]4;x;rgb:00/00/00\a")]
    [InlineData("\e]12;rgb:00/00/00\a")]          // the cursor colour: not asked
    [InlineData("\e]52;c;aGk=\a")]
    public void OtherStringsAreNoAnswers(string answer) =>
        Assert.False(ColorReport.TryParse(Encoding.ASCII.GetBytes(answer), out _, out _));

    [Fact]
    public void AQueryIsAnsweredFromTheLearnedColoursAndAProgramsOwnSetWins()
    {
        var learned = new LearnedColors();
        var t = new Terminal(20, 2) { ColorDefaults = learned };
        t.Feed("\e]11;?\e\\\e]4;1;?\a"u8);
        Assert.Equal("\e]11;rgb:ffff/ffff/ffff\e\\\e]4;1;rgb:cdcd/0000/0000\a", Answers(t));   // xterm's until told

        Assert.True(learned.Set(ColorSlot.OfDynamic(11), 0x12569a));
        Assert.True(learned.Set(1, 0x800000));
        Assert.False(learned.Set(1, 0x800000));
        t.Feed("\e]11;?\e\\\e]4;1;?\a"u8);
        Assert.Equal("\e]11;rgb:1212/5656/9a9a\e\\\e]4;1;rgb:8080/0000/0000\a", Answers(t));

        t.Feed("\e]11;#000000\e\\\e]11;?\e\\"u8);
        Assert.Equal("\e]11;rgb:0000/0000/0000\e\\", Answers(t));
        t.Feed("\e]111\e\\\e]11;?\e\\"u8);    // the program's reset: the learned colour again
        Assert.Equal("\e]11;rgb:1212/5656/9a9a\e\\", Answers(t));
    }
}
