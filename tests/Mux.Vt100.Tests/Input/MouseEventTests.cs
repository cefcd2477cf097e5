using System.Buffers;
using System.Text;
using Mux.Vt100.Input;

namespace Mux.Vt100.Tests.Input;

/// <summary>Mouse reports as terminals send them, and as each encoding a program can ask for writes them.</summary>
public sealed class MouseEventTests
{
    /// <summary>The tokens <see cref="InputTokenizer"/> makes of <paramref name="text"/>, the read ending after it.</summary>
    private static List<(InputKind Kind, MouseEvent Mouse, int Length)> Tokens(string text)
    {
        var sink = new Sink();
        var tokenizer = new InputTokenizer();
        tokenizer.Feed(Encoding.Latin1.GetBytes(text), sink);
        tokenizer.EndOfRead(sink);
        return sink.Tokens;
    }

    private sealed class Sink : IInputSink
    {
        public readonly List<(InputKind, MouseEvent, int)> Tokens = [];
        public void Token(InputToken t) => Tokens.Add((t.Kind, t.Mouse, t.Raw.Length));
    }

    [Theory]
    [InlineData("\e[<0;10;5M", 0, 9, 4, false)]
    [InlineData("\e[<0;10;5mrest", 0, 9, 4, true)]
    [InlineData("\e[<64;1;1M", 64, 0, 0, false)]
    [InlineData("\e[<35;300;200M", 35, 299, 199, false)]
    [InlineData("\e[M *%", 0, 9, 4, false)]
    [InlineData("\e[M#*%", 3, 9, 4, true)]
    [InlineData("\e[32;10;5M", 0, 9, 4, false)]   // urxvt 1015
    public void ReadsSgrUrxvtAndX10Reports(string text, int code, int x, int y, bool release)
    {
        var first = Tokens(text)[0];
        Assert.Equal(InputKind.Mouse, first.Kind);
        Assert.Equal(new MouseEvent(code, x, y, release), first.Mouse);
        Assert.Equal(text.Replace("rest", "").Length, first.Length);
    }

    [Theory]
    [InlineData("\e[<0;10")]
    [InlineData("\e[<")]
    public void ACutSgrReportWaitsForTheRest(string text) => Assert.Empty(Tokens(text));

    [Theory]
    [InlineData("\e[A")]
    [InlineData("\e[<1;2M")]
    [InlineData("\eOA")]
    [InlineData("\e[<1;2;3;4M")]
    [InlineData("\e[M ")]
    [InlineData("\e[")]
    [InlineData("\e")]
    public void KeysAndMalformedReportsAreNotMouse(string text) =>
        Assert.DoesNotContain(Tokens(text), t => t.Kind == InputKind.Mouse);

    [Fact]
    public void WheelAndButtons()
    {
        Assert.True(new MouseEvent(64, 0, 0, false).IsWheelUp);
        Assert.True(new MouseEvent(65, 0, 0, false).IsWheelDown);
        Assert.True(new MouseEvent(64 + MouseEvent.Control, 0, 0, false).IsWheelUp);
        Assert.False(new MouseEvent(0, 0, 0, false).IsWheel);
        Assert.True(new MouseEvent(32, 0, 0, false).IsLeft);
        Assert.False(new MouseEvent(2, 0, 0, false).IsLeft);
    }

    [Fact]
    public void EachTrackingModeGetsOnlyTheEventsItAskedFor()
    {
        var press = new MouseEvent(0, 1, 1, false);
        var release = new MouseEvent(0, 1, 1, true);
        var drag = new MouseEvent(32, 1, 1, false);
        var move = new MouseEvent(35, 1, 1, false);
        Assert.Equal([true, false, false, false], Wants(TerminalModes.MouseX10));
        Assert.Equal([true, true, false, false], Wants(TerminalModes.MouseNormal));
        Assert.Equal([true, true, true, false], Wants(TerminalModes.MouseButtonEvent));
        Assert.Equal([true, true, true, true], Wants(TerminalModes.MouseAnyEvent));
        Assert.Equal([false, false, false, false], Wants(TerminalModes.None));

        bool[] Wants(TerminalModes m) => [press.WantedBy(m), release.WantedBy(m), drag.WantedBy(m), move.WantedBy(m)];
    }

    [Theory]
    [InlineData(TerminalModes.MouseNormal | TerminalModes.MouseSgr, false, "\e[<16;10;5M")]
    [InlineData(TerminalModes.MouseNormal | TerminalModes.MouseSgr, true, "\e[<16;10;5m")]
    [InlineData(TerminalModes.MouseNormal, false, "\e[M0*%")]
    [InlineData(TerminalModes.MouseNormal, true, "\e[M3*%")]
    [InlineData(TerminalModes.MouseNormal | TerminalModes.MouseUrxvt, true, "\e[51;10;5M")]
    [InlineData(TerminalModes.MouseX10, false, "\e[M *%")]   // X10 mode carries no modifiers
    public void EncodesForTheProgram(TerminalModes modes, bool release, string expected)
    {
        var output = new ArrayBufferWriter<byte>();
        Assert.True(new MouseEvent(MouseEvent.Control, 9, 4, release).Encode(modes, output));
        Assert.Equal(expected, Encoding.Latin1.GetString(output.WrittenSpan));
    }

    [Fact]
    public void X10CannotCarryFarCellsButUtf8Can()
    {
        var far = new MouseEvent(0, 299, 4, false);
        Assert.False(far.Encode(TerminalModes.MouseNormal, new ArrayBufferWriter<byte>()));
        var output = new ArrayBufferWriter<byte>();
        Assert.True(far.Encode(TerminalModes.MouseNormal | TerminalModes.MouseUtf8, output));
        Assert.Equal("\e[M " + (char)332 + "%", Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
