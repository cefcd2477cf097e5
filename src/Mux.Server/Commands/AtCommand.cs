using System.Text;
using Mux.Protocol;
using Mux.Server.Sessions;

namespace Mux.Server.Commands;

/// <summary>
/// <c>at WINDOW[#] command…</c>: runs a command on another window; <c>at #</c> on every window. screen's display
/// and user forms (<c>*</c>, <c>%</c>) are refused with a reason: a session here has no named displays or users.
/// </summary>
public sealed class AtCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.At;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        string where = arguments[0];
        if (where.EndsWith('*') || where.EndsWith('%'))
            return CommandResult.Fail($"at {where}: displays and users are not supported, only windows (N, title or #)");
        if (where.EndsWith('#')) where = where[..^1];
        List<Window> windows;
        if (where.Length == 0) windows = [.. context.Session.Windows];
        else if (context.Session.FindWindow(where) is { } one) windows = [one];
        else return CommandResult.Fail($"at: no window {where}");

        var output = new StringBuilder();
        var errors = new List<string>();
        int code = 0;
        foreach (var w in windows)
        {
            var result = CommandTable.Run(context.For(w), arguments[1..]);
            output.Append(result.Output);
            if (result.Error.Length > 0) errors.Add(windows.Count > 1 ? $"window {w.Number}: {result.Error}" : result.Error);
            if (result.ExitCode != 0) code = result.ExitCode;
        }
        return new CommandResult(code, output.ToString(), string.Join('\n', errors));
    }
}
