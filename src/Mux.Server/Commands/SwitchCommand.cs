using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>A command that takes <c>on</c> or <c>off</c> (mouse, clipboard, settitle, hyperlinks, readonly): the word is read here once.</summary>
public abstract class SwitchCommand : ISessionCommand
{
    public abstract CommandSyntax Syntax { get; }
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        bool? on = arguments[0] switch { "on" => true, "off" => false, _ => null };
        return on is { } value ? Switch(context, value) : CommandResult.Fail($"usage: {Syntax.Name} {Syntax.Usage}");
    }

    protected abstract CommandResult Switch(CommandContext context, bool on);
}
