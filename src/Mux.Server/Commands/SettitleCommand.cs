using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>settitle on|off</c> (tmux's <c>set-titles</c>): whether the clients' terminals are titled after the focused
/// window. Off leaves the terminal's title to the user (what Mux set last stays until the client detaches).
/// </summary>
public sealed class SettitleCommand : SwitchCommand
{
    public override CommandSyntax Syntax => CommandSyntaxes.Settitle;

    protected override CommandResult Switch(CommandContext context, bool on)
    {
        using (context.Session.Sync.Enter()) context.Session.Settings.SetTitle = on;
        context.Session.InvalidateClients();
        return CommandResult.Ok();
    }
}
