using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>select N</c>: shows window N (a number or a title). <c>select .</c> is the current window (scripts use it to
/// check that a session is alive).
/// </summary>
public sealed class SelectCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Select;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var window = arguments[0] == "." ? context.Target : context.Session.FindWindow(arguments[0]);
        if (window is null) return CommandResult.Fail(arguments[0] == "." ? "select .: there is no window" : $"no window {arguments[0]}");
        context.Session.Select(window);
        return CommandResult.Ok();
    }
}
