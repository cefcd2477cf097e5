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
        // escape stays the client's: it tells the server its key for the status line's hint with keyhint.
        foreach (var name in CommandSyntaxes.ClientCommands) Assert.Null(CommandTable.Find(name));
    }
}
