using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary><c>echo TEXT</c>: shows TEXT on attached clients' message line (prints it for <c>-Q</c>).</summary>
public sealed class EchoCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Echo;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var text = string.Join(' ', arguments);
        if (context.Query) return CommandResult.Ok(text + "\n");
        context.Session.ShowMessage(text);
        return CommandResult.Ok();
    }
}
