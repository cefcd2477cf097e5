using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary><c>title NAME</c>: renames the window (with no argument, prints its title).</summary>
public sealed class TitleCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Title;
    public bool NeedsWindow => true;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var window = context.Target!;
        if (arguments.Length == 0) return CommandResult.Ok(window.Title + "\n");
        window.Title = arguments[0];
        context.Session.InvalidateClients();
        return CommandResult.Ok();
    }
}
