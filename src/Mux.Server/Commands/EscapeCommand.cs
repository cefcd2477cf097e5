using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>escape xy</c>: the command key is the client's own business (it reads the keys); an attached client tells the
/// session its key this way so that the status line's help hint names it (<c>Ctrl+T ? help</c>).
/// </summary>
public sealed class EscapeCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Escape;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        if (context.Client is not { } client)
            return CommandResult.Fail("escape: sets an attached display's command key: use -e, the config file, or C-a : on the display");
        string keys = arguments[0];
        string? first = keys.StartsWith('^') && keys.Length >= 3 ? "Ctrl+" + char.ToUpperInvariant(keys[1])
            : keys.Length == 2 ? keys[..1] : null;
        if (first is null) return CommandResult.Fail($"escape: '{keys}' is not two keys, e.g. ^Bb");
        client.PrefixName = first;
        client.MarkDirty();
        return CommandResult.Ok();
    }
}
