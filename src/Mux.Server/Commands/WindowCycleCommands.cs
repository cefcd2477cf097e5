using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary><c>next</c>: the window after the current one.</summary>
public sealed class NextCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Next;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments) =>
        context.Session.SelectRelative(+1) ? CommandResult.Ok() : NoOther.Report(context);
}

/// <summary><c>prev</c>: the window before the current one.</summary>
public sealed class PrevCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Prev;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments) =>
        context.Session.SelectRelative(-1) ? CommandResult.Ok() : NoOther.Report(context);
}

/// <summary><c>other</c>: back to the window shown before this one.</summary>
public sealed class OtherCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Other;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var previous = context.Session.Previous;
        if (previous is null) return NoOther.Report(context);
        context.Session.Select(previous);
        return CommandResult.Ok();
    }
}

internal static class NoOther
{
    public static CommandResult Report(CommandContext context)
    {
        context.Client?.ShowMessage("No other window.");
        return CommandResult.Fail("no other window");
    }
}
