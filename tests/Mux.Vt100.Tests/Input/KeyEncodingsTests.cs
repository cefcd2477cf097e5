using System.Buffers;
using System.Text;
using Mux.Vt100;

namespace Mux.Vt100.Tests.Input;

/// <summary>What the client's terminal is sent to follow the shown window's key encoding, and to leave it.</summary>
public class KeyEncodingsTests
{
    private static readonly KeyEncoding Kitty1 = new(KittyKeyFlags.DisambiguateEscapeCodes, 0);

    private static string Transition(KeyEncoding from, KeyEncoding to)
    {
        var output = new ArrayBufferWriter<byte>();
        KeyEncodings.Transition(from, to, output);
        return Encoding.ASCII.GetString(output.WrittenSpan);
    }

    [Fact]
    public void KittyFlagsArePushedOnceChangedInPlaceAndPopped()
    {
        Assert.Equal("\e[>1u", Transition(KeyEncoding.Legacy, Kitty1));
        Assert.Equal("\e[=3;1u", Transition(Kitty1, new KeyEncoding(KittyKeyFlags.DisambiguateEscapeCodes | KittyKeyFlags.ReportEventTypes, 0)));
        Assert.Equal("\e[<u", Transition(Kitty1, KeyEncoding.Legacy));
        Assert.Equal("", Transition(Kitty1, Kitty1 with { ReportsFocus = true }));   // focus is a DEC mode, mirrored elsewhere
    }

    [Fact]
    public void ModifyOtherKeysIsSetBetweenWindowsAndGivenBackAtTheEnd()
    {
        Assert.Equal("\e[>4;2m", Transition(KeyEncoding.Legacy, new KeyEncoding(KittyKeyFlags.None, 2)));
        Assert.Equal("\e[>4;0m", Transition(new KeyEncoding(KittyKeyFlags.None, 2), KeyEncoding.Legacy));
        Assert.Equal("\e[<u\e[>4m", Encoding.ASCII.GetString(KeyEncodings.Leave(new KeyEncoding(KittyKeyFlags.DisambiguateEscapeCodes, 1))));
        Assert.Empty(KeyEncodings.Leave(KeyEncoding.Legacy));
    }

    [Fact]
    public void TheWireFormIsReadBackAndAnythingShortIsLegacy()
    {
        var keys = new KeyEncoding(KittyKeyFlags.All, 2, ReportsFocus: true);
        Assert.Equal(keys, KeyEncoding.Unpack(keys.Pack()));
        Assert.Equal(KeyEncoding.Legacy, KeyEncoding.Unpack([1, 2]));
        Assert.Equal(new KeyEncoding(KittyKeyFlags.All, 2), KeyEncoding.Unpack([0xff, 9, 0]));
    }
}
