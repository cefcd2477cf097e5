using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>zombie [on|off|keys]</c>: keep (or not) exited windows with their final screen until dismissed.
/// screen turns it on with a key pair and off with no argument; both spellings work.
/// </summary>
public sealed class ZombieCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Zombie;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        context.Session.Settings.KeepExited = arguments.Length > 0 && arguments[0] != "off";
        return CommandResult.Ok();
    }
}
