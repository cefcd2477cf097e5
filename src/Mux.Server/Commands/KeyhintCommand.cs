using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>keyhint xy</c>: the command key is the client's own business (it reads the keys, and carries out
/// <c>escape</c>); an attached client tells the session its key this way so that the status line's help hint
/// names it (<c>Ctrl+T ? help</c>).
/// </summary>
public sealed class KeyhintCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Keyhint;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        if (context.Client is not { } client)
            return CommandResult.Fail("keyhint: only an attached display names its command key (to change it: -e, escape in the config file, or C-a : escape)");
        string keys = arguments[0];
        string? first = keys.StartsWith('^') && keys.Length >= 3 ? "Ctrl+" + char.ToUpperInvariant(keys[1])
            : keys.Length == 2 ? keys[..1] : null;
        if (first is null) return CommandResult.Fail($"keyhint: '{keys}' is not two keys, e.g. ^Bb");
        client.PrefixName = first;
        client.MarkDirty();
        return CommandResult.Ok();
    }
}
