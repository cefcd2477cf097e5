using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>clipboard on|off</c> (tmux's <c>set-clipboard</c>): whether copy mode's copies and programs' OSC 52 sets
/// reach the clients' terminals, and so the user's own clipboard.
/// </summary>
public sealed class ClipboardCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Clipboard;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        bool? on = arguments[0] switch { "on" => true, "off" => false, _ => null };
        if (on is null) return CommandResult.Fail($"usage: {Syntax.Name} {Syntax.Usage}");
        lock (context.Session.Sync) context.Session.Settings.Clipboard = on.Value;
        return CommandResult.Ok();
    }
}
