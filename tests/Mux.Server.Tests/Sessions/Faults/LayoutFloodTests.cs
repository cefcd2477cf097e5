using Mux.Server.Commands;
using Mux.Protocol;
using Mux.Server.Sessions;

namespace Mux.Server.Tests.Sessions.Faults;

/// <summary>A script saving layouts in a loop: the session keeps a bounded number and says so when it refuses.</summary>
public class LayoutFloodTests
{
    [Fact]
    public void SavedLayoutsAreBoundedAndARefusalIsTold()
    {
        var session = new Session("t", Environment.ProcessId, new SessionSettings(), 80, 24);
        var context = new CommandContext(session, null, new ClientIdentity("/", new Dictionary<string, string>()), null);
        for (int i = 0; i < Session.MaxSavedLayouts; i++)
            Assert.Equal(0, CommandTable.Run(context, ["layout", "save", $"l{i}"]).ExitCode);
        var refused = CommandTable.Run(context, ["layout", "save", "one-more"]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("not saved", refused.Error);
        Assert.Equal(0, CommandTable.Run(context, ["layout", "save", "l0"]).ExitCode);   // saving over a kept one is fine
        Assert.Equal(Session.MaxSavedLayouts, session.LayoutNames.Count);
        Assert.NotEqual(0, CommandTable.Run(context, ["layout", "select", "one-more"]).ExitCode);
    }
}
