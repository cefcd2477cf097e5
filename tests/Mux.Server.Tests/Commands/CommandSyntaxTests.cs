using Mux.Protocol;
using Mux.Server.Commands;

namespace Mux.Server.Tests.Commands;

/// <summary>The client checks config files against <see cref="CommandSyntaxes"/>: it must be exactly the server's commands.</summary>
public class CommandSyntaxTests
{
    [Fact]
    public void EveryServerCommandHasItsSyntaxInTheSharedTableAndNoOtherIsListed()
    {
        var served = CommandTable.All.Select(c => c.Syntax).ToHashSet();
        var shared = CommandSyntaxes.All.ToHashSet();
        Assert.Equal(shared.OrderBy(s => s.Name).Select(s => s.Name), served.OrderBy(s => s.Name).Select(s => s.Name));
        Assert.True(shared.SetEquals(served));
        foreach (var c in CommandTable.All) Assert.Same(CommandSyntaxes.Find(c.Syntax.Name), c.Syntax);
    }

    [Fact]
    public void ClientOnlyCommandsAreNotServerCommands()
    {
        // escape is applied by the client; the server knows it too, only to name the prefix in the status line's hint.
        foreach (var name in CommandSyntaxes.ClientCommands.Where(n => n != "escape")) Assert.Null(CommandTable.Find(name));
    }
}
