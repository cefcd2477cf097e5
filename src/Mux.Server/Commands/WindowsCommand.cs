using Mux.Protocol;
using Mux.Server.Sessions;

namespace Mux.Server.Commands;

/// <summary><c>windows</c>: shows the window list on the message line (and prints it for <c>-X</c>).</summary>
public sealed class WindowsCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Windows;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        string list = StatusText.WindowList(context.Session);
        if (context.Client is { } client) client.ShowMessage(list);
        return CommandResult.Ok(list + "\n");
    }
}
