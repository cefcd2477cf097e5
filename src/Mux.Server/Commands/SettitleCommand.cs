using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>settitle on|off</c> (tmux's <c>set-titles</c>): whether the clients' terminals are titled after the focused
/// window. Off leaves the terminal's title to the user (what Mux set last stays until the client detaches).
/// </summary>
public sealed class SettitleCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Settitle;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        bool? on = arguments[0] switch { "on" => true, "off" => false, _ => null };
        if (on is null) return CommandResult.Fail($"usage: {Syntax.Name} {Syntax.Usage}");
        lock (context.Session.Sync) context.Session.Settings.SetTitle = on.Value;
        context.Session.InvalidateClients();
        return CommandResult.Ok();
    }
}
