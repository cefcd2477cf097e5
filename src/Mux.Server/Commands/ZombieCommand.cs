using Mux.Server.Ipc;

namespace Mux.Server.Commands;

/// <summary>
/// <c>zombie [on|off|keys]</c>: keep (or not) exited windows with their final screen until dismissed.
/// screen turns it on with a key pair and off with no argument; both spellings work.
/// </summary>
public sealed class ZombieCommand : ISessionCommand
{
    public string Name => "zombie";
    public string Usage => "[on|off]";
    public int MinArguments => 0;
    public int MaxArguments => 2;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        context.Session.Settings.KeepExited = arguments.Length > 0 && arguments[0] != "off";
        return CommandResult.Ok();
    }
}
