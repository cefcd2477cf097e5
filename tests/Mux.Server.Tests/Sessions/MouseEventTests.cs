using System.Buffers;
using System.Text;
using Mux.Server.Sessions;
using Mux.Vt100;

namespace Mux.Server.Tests.Sessions;

/// <summary>Mouse reports as terminals send them, and as each encoding a program can ask for writes them.</summary>
public sealed class MouseEventTests
{
    private static MouseEvent.Parse Parse(string text, out MouseEvent e, out int length) =>
        MouseEvent.TryParse(Encoding.Latin1.GetBytes(text), out e, out length);

    [Theory]
    [InlineData("\e[<0;10;5M", 0, 9, 4, false)]
    [InlineData("\e[<0;10;5mrest", 0, 9, 4, true)]
    [InlineData("\e[<64;1;1M", 64, 0, 0, false)]
    [InlineData("\e[<35;300;200M", 35, 299, 199, false)]
    [InlineData("\e[M *%", 0, 9, 4, false)]
    [InlineData("\e[M#*%", 3, 9, 4, true)]
    public void ParsesSgrAndX10Reports(string text, int code, int x, int y, bool release)
    {
        Assert.Equal(MouseEvent.Parse.Done, Parse(text, out var e, out int length));
        Assert.Equal(new MouseEvent(code, x, y, release), e);
        Assert.Equal(text.Replace("rest", "").Length, length);
    }

    [Theory]
    [InlineData("\e[<0;10")]
    [InlineData("\e[<")]
    [InlineData("\e[M ")]
    [InlineData("\e[")]
    [InlineData("\e")]
    public void ACutReportIsIncomplete(string text) => Assert.Equal(MouseEvent.Parse.Incomplete, Parse(text, out _, out _));

    [Theory]
    [InlineData("\e[A")]
    [InlineData("\e[<;1;1M")]
    [InlineData("\e[<1;2M")]
    [InlineData("\eOA")]
    [InlineData("\e[<1;2;3;4M")]
    [InlineData("\e[<11111111111111111111111111111111111;1;1M")]
    public void KeysAndMalformedReportsAreNotMouse(string text) => Assert.Equal(MouseEvent.Parse.NotMouse, Parse(text, out _, out _));

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
