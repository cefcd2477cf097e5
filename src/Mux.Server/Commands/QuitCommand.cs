using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary><c>quit</c>: ends the session and every program in it.</summary>
public sealed class QuitCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Quit;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        context.Session.Quit();
        return CommandResult.Ok();
    }
}
