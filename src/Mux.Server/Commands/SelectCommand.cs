using Mux.Protocol;
using Mux.Server.Sessions;

namespace Mux.Server.Commands;

/// <summary>
/// <c>select N</c>: shows window N (a number or a title). <c>select .</c> is the current window (scripts use it to
/// check that a session is alive). On a display, screen's answers: <c>This IS window 0 (bash).</c> when it is
/// already shown, <c>No window 7.</c> and the window list when there is none.
/// </summary>
public sealed class SelectCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Select;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var window = arguments[0] == "." ? context.Target : context.Session.FindWindow(arguments[0]);
        if (window is null)
        {
            if (arguments[0] == ".") return CommandResult.Fail("select .: there is no window");
            string missing = $"No window {arguments[0]}.";
            return CommandResult.Fail(context.Client is null ? missing : $"{missing}  {StatusText.WindowList(context.Session)}");
        }
        if (context.Client is not null && window == context.Session.Current)
            return context.Answer($"This IS window {window.Number} ({window.Title}).");
        context.Session.Select(window);
        return CommandResult.Ok();
    }
}
