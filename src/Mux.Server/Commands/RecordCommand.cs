using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>record</c>: where the session's record is kept and how its writing goes: writes done, writes skipped (a full
/// disk, a file planted in its place) and why the last one failed.
/// </summary>
public sealed class RecordCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Record;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments) =>
        context.Session.RecordStatus is { } status ? context.Answer(status()) : CommandResult.Fail("this session keeps no record (mux said why when it started)");
}
