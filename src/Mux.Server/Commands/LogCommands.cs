using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>log [on|off] [raw]</c>: logs the window's output to its log file (toggles with no argument). Text by
/// default (what a person reads); <c>raw</c> keeps the bytes as written.
/// </summary>
public sealed class LogCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Log;
    public bool NeedsWindow => true;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var window = context.Target!;
        if (arguments.Length > 0 && arguments[0] is not ("on" or "off")) return CommandResult.Fail($"usage: {Syntax.Name} {Syntax.Usage}");
        bool on = arguments.Length == 0 ? window.Log is null : arguments[0] == "on";
        bool raw = arguments.Length > 1 ? arguments[1] == "raw" : context.Session.Settings.RawLogs;
        if (!on)
        {
            string? was = window.Log?.Path;
            window.SetLog(null, false);
            context.Session.ShowMessage(was is null ? "Logging is off." : $"Logging to {was} stopped.");
            return CommandResult.Ok();
        }
        string path = context.Session.LogPath(window);
        if (window.SetLog(path, raw) is { } failure) return CommandResult.Fail(failure);
        context.Session.ShowMessage($"Logging window {window.Number} to {path}.");
        // A script (-X) is told the path on stdout; a key already has the message above, which the answer must not replace.
        return context.Client is null ? CommandResult.Ok(path + "\n") : CommandResult.Ok();
    }
}

/// <summary>
/// <c>logfile NAME</c>: the log file name for windows that start logging from now on (%n = window number). A
/// relative name is relative to each window's directory, as in screen, wherever the command came from.
/// </summary>
public sealed class LogfileCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Logfile;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        if (arguments[0] == "flush") return CommandResult.Ok(); // screen's flush interval: we flush at once anyway
        context.Session.Settings.LogFile = arguments[0];
        return CommandResult.Ok();
    }
}

/// <summary><c>deflog on|off</c>: whether new windows log from the start.</summary>
public sealed class DeflogCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Deflog;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        if (arguments[0] is not ("on" or "off")) return CommandResult.Fail($"usage: {Syntax.Name} {Syntax.Usage}");
        context.Session.Settings.LogNewWindows = arguments[0] == "on";
        return CommandResult.Ok();
    }
}
