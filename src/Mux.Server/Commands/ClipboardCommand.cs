using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>clipboard on|off</c> (tmux's <c>set-clipboard</c>): whether copy mode's copies and programs' OSC 52 sets
/// reach the clients' terminals, and so the user's own clipboard.
/// </summary>
public sealed class ClipboardCommand : SwitchCommand
{
    public override CommandSyntax Syntax => CommandSyntaxes.Clipboard;

    protected override CommandResult Switch(CommandContext context, bool on)
    {
        using (context.Session.Sync.Enter()) context.Session.Settings.Clipboard = on;
        return CommandResult.Ok();
    }
}
