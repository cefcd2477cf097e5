using Mux.Server.Ipc;

namespace Mux.Server.Commands;

/// <summary><c>hardstatus on|off</c>: shows or hides the status line.</summary>
public sealed class HardstatusCommand : ISessionCommand
{
    public string Name => "hardstatus";
    public string Usage => "on|off";
    public int MinArguments => 1;
    public int MaxArguments => int.MaxValue;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        bool? on = arguments[0] switch { "on" or "alwayslastline" => true, "off" or "ignore" => false, _ => null };
        if (on is null) return CommandResult.Fail($"usage: {Name} {Usage}");
        context.Session.SetStatusLine(on.Value);
        return CommandResult.Ok();
    }
}
