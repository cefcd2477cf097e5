using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>mouse on|off</c> (tmux's option): with it on, the clients' terminals report the mouse to mux, which gives the
/// reports to a program that asked for them and otherwise scrolls into copy mode with the wheel; off gives the
/// mouse back to the terminal (its own selection) and passes reports only when a program asked for them.
/// </summary>
public sealed class MouseCommand : SwitchCommand
{
    public override CommandSyntax Syntax => CommandSyntaxes.Mouse;

    protected override CommandResult Switch(CommandContext context, bool on)
    {
        context.Session.SetMouse(on);
        return CommandResult.Ok();
    }
}
