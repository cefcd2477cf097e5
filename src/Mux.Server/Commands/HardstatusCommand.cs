using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// screen's <c>hardstatus</c>: <c>on|off</c>, <c>[always]lastline|ignore|message [string]</c> and <c>string [string]</c>.
/// A string is drawn with its <c>%</c> escapes (<see cref="Status.StatusFormat"/>) instead of Mux's own status line.
/// </summary>
public sealed class HardstatusCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Hardstatus;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var settings = context.Session.Settings;
        if (arguments[0] == "string")
        {
            if (arguments.Length == 1) return context.Answer(settings.HardstatusFormat ?? "(Mux's own status line)");
            settings.HardstatusFormat = arguments[1];
            context.Session.InvalidateClients();
            context.Session.Usage.EnsureRunning();
            return CommandResult.Ok();
        }
        bool? on = arguments[0] switch
        {
            "on" or "alwayslastline" or "lastline" or "alwaysfirstline" or "firstline" => true,
            "off" or "ignore" or "message" => false,
            _ => null,
        };
        if (on is null || arguments.Length > 2) return CommandResult.Fail($"usage: {Syntax.Name} {Syntax.Usage}");
        if (arguments.Length == 2) settings.HardstatusFormat = arguments[1];
        context.Session.SetStatusLine(on.Value);
        context.Session.InvalidateClients();
        context.Session.Usage.EnsureRunning();
        // The status line is always the last row here.
        return arguments[0].EndsWith("firstline", StringComparison.Ordinal)
            ? new CommandResult(0, "", "hardstatus: drawn on the last line (firstline is not supported)")
            : CommandResult.Ok();
    }
}
