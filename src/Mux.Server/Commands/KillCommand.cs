using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary><c>kill</c>: ends the window's program (SIGHUP, then SIGTERM, then SIGKILL after a grace each).</summary>
public sealed class KillCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Kill;
    public bool NeedsWindow => true;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        _ = context.Target!.KillAsync();
        return CommandResult.Ok();
    }
}
