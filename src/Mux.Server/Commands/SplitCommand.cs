using Mux.Protocol;
using Mux.Server.Layout;

namespace Mux.Server.Commands;

/// <summary>
/// <c>split [-v]</c> (Ctrl+A S, Ctrl+A |): splits the focused region in two, one above the other (side by side
/// with <c>-v</c>). The new region shows screen's blank window until a window is selected into it; the focus stays.
/// </summary>
public sealed class SplitCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Split;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        if (arguments.Length == 1 && arguments[0] != "-v") return CommandResult.Fail(Syntax.UsageLine);
        var direction = arguments.Length == 1 ? SplitDirection.SideBySide : SplitDirection.Stacked;
        context.Session.ChangeLayout(layout => layout.Split(direction));
        return CommandResult.Ok();
    }
}
