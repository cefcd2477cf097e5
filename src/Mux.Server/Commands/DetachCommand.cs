using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary><c>detach</c>: detaches the client that asked, or every client when given from outside (<c>-X</c>).</summary>
public sealed class DetachCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Detach;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        if (context.Client is { } client) context.Session.Detach(client, DetachReason.Requested);
        else context.Session.DetachAll(DetachReason.DetachedElsewhere);
        return CommandResult.Ok();
    }
}
