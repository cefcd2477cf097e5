using Mux.Server.Ipc;

namespace Mux.Server.Commands;

/// <summary><c>echo TEXT</c>: shows TEXT on attached clients' message line.</summary>
public sealed class EchoCommand : ISessionCommand
{
    public string Name => "echo";
    public string Usage => "text";
    public int MinArguments => 1;
    public int MaxArguments => int.MaxValue;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        context.Session.ShowMessage(string.Join(' ', arguments));
        return CommandResult.Ok();
    }
}
