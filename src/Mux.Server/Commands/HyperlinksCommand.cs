using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>hyperlinks on|off</c>: whether the windows' OSC 8 hyperlinks are drawn as links on the clients' terminals. Off
/// is for a terminal that prints OSC 8 as text; the links stay with the windows' text either way.
/// </summary>
public sealed class HyperlinksCommand : SwitchCommand
{
    public override CommandSyntax Syntax => CommandSyntaxes.Hyperlinks;

    protected override CommandResult Switch(CommandContext context, bool on)
    {
        using (context.Session.Sync.Enter()) context.Session.Settings.Hyperlinks = on;
        context.Session.InvalidateClients();
        return CommandResult.Ok();
    }
}
