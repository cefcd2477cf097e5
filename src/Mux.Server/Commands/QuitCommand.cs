using Mux.Server.Ipc;

namespace Mux.Server.Commands;

/// <summary><c>quit</c>: ends the session and every program in it.</summary>
public sealed class QuitCommand : ISessionCommand
{
    public string Name => "quit";
    public string Usage => "";
    public int MinArguments => 0;
    public int MaxArguments => 0;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        context.Session.Quit();
        return CommandResult.Ok();
    }
}
