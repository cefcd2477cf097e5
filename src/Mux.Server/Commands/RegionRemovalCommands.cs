using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary><c>remove</c> (Ctrl+A X): takes the focused region away; its room goes to its neighbours, the focus to the next.</summary>
public sealed class RemoveCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Remove;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        if (context.Session.ChangeLayout(l => l.Remove())) return CommandResult.Ok();
        context.Client?.ShowMessage("There is only one region.");
        return CommandResult.Fail("remove: there is only one region");
    }
}

/// <summary><c>only</c> (Ctrl+A Q): keeps only the focused region.</summary>
public sealed class OnlyCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Only;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        context.Session.ChangeLayout(l =>
        {
            l.Only();
            return true;
        });
        return CommandResult.Ok();
    }
}
