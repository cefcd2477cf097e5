using Mux.Protocol;
using Mux.Platform.Pty;

namespace Mux.Server.Commands;

/// <summary>
/// <c>rerun</c>: starts an ended window's program again, with the command, directory and environment it was opened
/// with, in a new window that takes the old one's number (the old final screen is dismissed).
/// </summary>
public sealed class RerunCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Rerun;
    public bool NeedsWindow => true;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var session = context.Session;
        var old = context.Target!;
        using (session.Sync.Enter())
        {
            if (old.IsRunning) return CommandResult.Fail($"window {old.Number} ({old.Title}) is still running; rerun starts an ended one again");
            int number = old.Number;
            Sessions.Window fresh;
            // Opened before the old one goes: a session whose only window that was would otherwise end.
            try { fresh = session.OpenWindow(old.Spec); }
            catch (PtyException e) { return CommandResult.Fail(e.Message); }
            session.Dismiss(old);
            session.Renumber(fresh, number);
        }
        return CommandResult.Ok();
    }
}
