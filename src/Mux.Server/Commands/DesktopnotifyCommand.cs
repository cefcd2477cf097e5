using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>desktopnotify osc9|osc777|off</c>: whether an alert about a window not shown (its job ended, a bell, activity,
/// silence, a matching line) also goes to the clients' terminals as a desktop notification, and in which dialect
/// (OSC 9 is iTerm2's, also read by kitty, WezTerm, foot and Windows Terminal; OSC 777 is urxvt's, read by foot,
/// Ghostty and WezTerm). With no argument it says which.
/// </summary>
public sealed class DesktopnotifyCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Desktopnotify;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var settings = context.Session.Settings;
        if (arguments.Length == 0) return context.Answer($"desktopnotify {Name(settings.DesktopNotify)}");
        int? command = arguments[0] switch { "osc9" => 9, "osc777" => 777, "off" => 0, _ => null };
        if (command is null) return CommandResult.Fail($"usage: {Syntax.Name} {Syntax.Usage}");
        settings.DesktopNotify = command.Value;
        return CommandResult.Ok();
    }

    private static string Name(int command) => command == 0 ? "off" : $"osc{command}";
}
