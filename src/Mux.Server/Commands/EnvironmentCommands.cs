using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary><c>setenv NAME VALUE</c>: windows created from now on get NAME=VALUE.</summary>
public sealed class SetenvCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Setenv;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        if (arguments[0].Length == 0 || arguments[0].Contains('=')) return CommandResult.Fail($"'{arguments[0]}' is not a variable name");
        context.Session.Settings.EnvironmentChanges[arguments[0]] = arguments.Length > 1 ? arguments[1] : "";
        return CommandResult.Ok();
    }
}

/// <summary><c>unsetenv NAME</c>: windows created from now on do not get NAME.</summary>
public sealed class UnsetenvCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Unsetenv;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        context.Session.Settings.EnvironmentChanges[arguments[0]] = null;
        return CommandResult.Ok();
    }
}
