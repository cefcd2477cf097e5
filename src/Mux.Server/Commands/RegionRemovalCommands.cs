using Mux.Server.Ipc;

namespace Mux.Server.Commands;

/// <summary><c>remove</c> (Ctrl+A X): takes the focused region away; its room goes to its neighbours, the focus to the next.</summary>
public sealed class RemoveCommand : ISessionCommand
{
    public string Name => "remove";
    public string Usage => "";
    public int MinArguments => 0;
    public int MaxArguments => 0;
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
    public string Name => "only";
    public string Usage => "";
    public int MinArguments => 0;
    public int MaxArguments => 0;
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
