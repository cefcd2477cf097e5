using Mux.Server.Ipc;

namespace Mux.Server.Commands;

/// <summary><c>detach</c>: detaches the client that asked, or every client when given from outside (<c>-X</c>).</summary>
public sealed class DetachCommand : ISessionCommand
{
    public string Name => "detach";
    public string Usage => "";
    public int MinArguments => 0;
    public int MaxArguments => 0;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        if (context.Client is { } client) context.Session.Detach(client, DetachReason.Requested);
        else context.Session.DetachAll(DetachReason.DetachedElsewhere);
        return CommandResult.Ok();
    }
}
