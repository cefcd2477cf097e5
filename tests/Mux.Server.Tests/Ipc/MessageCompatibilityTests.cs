using Mux.Protocol;

namespace Mux.Server.Tests.Ipc;

/// <summary>Messages a client of the same protocol version but from before a field was added still decode.</summary>
public sealed class MessageCompatibilityTests
{
    [Fact]
    public void TerminalColorsWithoutTheKittyKeysFieldDecodeAsNoKittyKeys()
    {
        byte[] withField = new TerminalColors([(1, 0x112233)], KittyKeys: true).Encode();
        byte[] before = withField[..^1];   // as a client from before the field wrote it
        var decoded = TerminalColors.Decode(before);
        Assert.False(decoded.KittyKeys);
        Assert.Equal([(1, 0x112233u)], decoded.Colors);
        Assert.True(TerminalColors.Decode(withField).KittyKeys);
    }
}
