using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>clipboardread on|off</c>: whether programs may read the clipboard with an OSC 52 query, getting the newest text
/// copied in copy mode or set by a program of the session. Off by default: any program could otherwise read it.
/// </summary>
public sealed class ClipboardreadCommand : SwitchCommand
{
    public override CommandSyntax Syntax => CommandSyntaxes.Clipboardread;

    protected override CommandResult Switch(CommandContext context, bool on)
    {
        using (context.Session.Sync.Enter()) context.Session.Clipboard.Readable = on;
        return CommandResult.Ok();
    }
}
