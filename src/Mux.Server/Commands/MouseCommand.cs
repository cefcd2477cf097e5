using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>mouse on|off</c> (tmux's option): with it on, the clients' terminals report the mouse to mux, which gives the
/// reports to a program that asked for them and otherwise scrolls into copy mode with the wheel; off gives the
/// mouse back to the terminal (its own selection) and passes reports only when a program asked for them.
/// </summary>
public sealed class MouseCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Mouse;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        bool? on = arguments[0] switch { "on" => true, "off" => false, _ => null };
        if (on is null) return CommandResult.Fail($"usage: {Syntax.Name} {Syntax.Usage}");
        context.Session.SetMouse(on.Value);
        return CommandResult.Ok();
    }
}
