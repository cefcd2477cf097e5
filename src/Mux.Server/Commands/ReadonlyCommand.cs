using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>readonly on|off</c>: the display that runs it only watches (on) or types again (off). Only the display's own
/// setting; a display attached with <c>--read-only</c> cannot make itself writable (it would be no protection),
/// and from outside (<c>-X</c>) there is no display to change.
/// </summary>
public sealed class ReadonlyCommand : SwitchCommand
{
    public override CommandSyntax Syntax => CommandSyntaxes.Readonly;

    protected override CommandResult Switch(CommandContext context, bool on)
    {
        if (context.Client is not { } client)
            return CommandResult.Fail("readonly: applies to the display that runs it (a key or the colon prompt), not to -X");
        if (!on && client.ReadOnly)
            return CommandResult.Fail("readonly: refused, a read-only display cannot make itself writable (attach again without --read-only)");
        client.ReadOnly = on;
        return CommandResult.Ok(on ? "this display is now read-only" : "");
    }
}
