using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary><c>hardstatus on|off</c>: shows or hides the status line.</summary>
public sealed class HardstatusCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Hardstatus;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        bool? on = arguments[0] switch { "on" or "alwayslastline" => true, "off" or "ignore" => false, _ => null };
        if (on is null) return CommandResult.Fail($"usage: {Syntax.Name} {Syntax.Usage}");
        context.Session.SetStatusLine(on.Value);
        return CommandResult.Ok();
    }
}
