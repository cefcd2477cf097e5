using System.Text;
using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>eval CMD…</c>: each argument is a command line of its own, split as the config file splits them, run in
/// turn. The first that fails stops the rest and is the result; notes from the others are kept.
/// </summary>
public sealed class EvalCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Eval;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var output = new StringBuilder();
        var notes = new List<string>();
        foreach (var line in arguments)
        {
            var words = ConfigFile.Split(line, out string? error);
            if (error != null) return CommandResult.Fail($"eval: {error} in '{line}'");
            if (words.Count == 0) continue;
            var result = CommandTable.Run(context, [.. words]);
            output.Append(result.Output);
            if (result.ExitCode != 0)
                return new CommandResult(result.ExitCode, output.ToString(), string.Join('\n', [.. notes, result.Error]));
            if (result.Error.Length > 0) notes.Add(result.Error);
        }
        return new CommandResult(0, output.ToString(), string.Join('\n', notes));
    }
}
