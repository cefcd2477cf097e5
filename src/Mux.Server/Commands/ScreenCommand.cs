using Mux.Platform.Pty;
using Mux.Protocol;
using Mux.Server.Sessions;

namespace Mux.Server.Commands;

/// <summary>
/// <c>screen [-t title] [command args…]</c>: opens a window running the command (the invoker's shell by default),
/// with the invoker's environment and directory.
/// </summary>
public sealed class ScreenCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Screen;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        string? title = null;
        int i = 0;
        if (arguments.Length >= 2 && arguments[0] == "-t") { title = arguments[1]; i = 2; }
        var command = arguments[i..];
        var env = context.Invoker.Environment;
        if (command.Length == 0) command = [context.Session.Settings.Shell ?? DefaultShell(env)];
        try
        {
            var window = context.Session.OpenWindow(new WindowSpec(command, context.Invoker.Cwd, env, title));
            return CommandResult.Ok(window.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (PtyException e)
        {
            return CommandResult.Fail(e.Message);
        }
    }

    public static string DefaultShell(IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue("SHELL", out var shell) && shell.Length > 0 ? shell : "/bin/sh";
}
