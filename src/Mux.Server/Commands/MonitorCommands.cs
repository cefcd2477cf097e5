using System.Globalization;
using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary><c>monitor [on|off]</c>: report output in this window while another is shown (toggles with no argument).</summary>
public sealed class MonitorCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Monitor;
    public bool NeedsWindow => true;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var w = context.Target!;
        if (arguments.Length > 0 && arguments[0] is not ("on" or "off")) return CommandResult.Fail($"usage: {Syntax.Name} {Syntax.Usage}");
        w.MonitorActivity = arguments.Length == 0 ? !w.MonitorActivity : arguments[0] == "on";
        w.HadActivity = false;
        context.Session.ShowMessage(w.MonitorActivity ? $"Window {w.Number} ({w.Title}) is now being monitored for all activity."
            : $"Window {w.Number} ({w.Title}) is no longer being monitored for activity.");
        return CommandResult.Ok();
    }
}

/// <summary><c>silence [on|off|SECONDS]</c>: report when this window prints nothing for a while (default 30 s).</summary>
public sealed class SilenceCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Silence;
    public bool NeedsWindow => true;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var w = context.Target!;
        var settings = context.Session.Settings;
        TimeSpan after;
        if (arguments.Length == 0) after = w.SilenceAfter > TimeSpan.Zero ? TimeSpan.Zero : settings.SilenceWait;
        else if (arguments[0] == "on") after = settings.SilenceWait;
        else if (arguments[0] == "off") after = TimeSpan.Zero;
        else if (double.TryParse(arguments[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s >= 0) after = TimeSpan.FromSeconds(s);
        else return CommandResult.Fail($"usage: {Syntax.Name} {Syntax.Usage}");
        w.SilenceAfter = after;
        w.WentSilent = false;
        if (after > TimeSpan.Zero) context.Session.Monitors.EnsureSilenceTimer();
        w.LastOutputUtc = DateTime.UtcNow;
        context.Session.ShowMessage(after > TimeSpan.Zero
            ? $"Window {w.Number} ({w.Title}) is now being monitored for {after.TotalSeconds:0.#} seconds of silence."
            : $"Window {w.Number} ({w.Title}) is no longer being monitored for silence.");
        return CommandResult.Ok();
    }
}

/// <summary><c>silencewait SECONDS</c>: the default silence period for <c>silence on</c> and Ctrl+A _.</summary>
public sealed class SilencewaitCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Silencewait;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        if (!double.TryParse(arguments[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double s) || s <= 0)
            return CommandResult.Fail($"usage: {Syntax.Name} {Syntax.Usage}");
        context.Session.Settings.SilenceWait = TimeSpan.FromSeconds(s);
        return CommandResult.Ok();
    }
}
