using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>readonly on|off</c>: the display that runs it only watches (on) or types again (off). Only the display's own
/// setting; a display attached with <c>--read-only</c> cannot make itself writable (it would be no protection),
/// and from outside (<c>-X</c>) there is no display to change.
/// </summary>
public sealed class ReadonlyCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Readonly;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        bool? on = arguments[0] switch { "on" => true, "off" => false, _ => null };
        if (on is null) return CommandResult.Fail($"usage: {Syntax.Name} {Syntax.Usage}");
        if (context.Client is not { } client)
            return CommandResult.Fail("readonly: applies to the display that runs it (a key or the colon prompt), not to -X");
        if (!on.Value && client.ReadOnly)
            return CommandResult.Fail("readonly: refused, a read-only display cannot make itself writable (attach again without --read-only)");
        client.ReadOnly = on.Value;
        return CommandResult.Ok(on.Value ? "this display is now read-only" : "");
    }
}
