using System.Globalization;
using System.Text;
using Mux.Protocol;
using Mux.Server.Jobs;

namespace Mux.Server.Commands;

/// <summary>
/// <c>on EVENT COMMAND…</c>: run a shell command when a window's job exits (<c>exit</c>), ends badly (<c>fail</c>),
/// or when screen's monitors fire (<c>silence</c>, <c>activity</c>, <c>bell</c>). The event arrives as JSON on the
/// command's standard input and as MUX_* variables. <c>on match REGEX COMMAND…</c> runs it for a line the window's
/// job prints that matches (see <see cref="MatchHook"/>). <c>on EVENT off</c> removes it, <c>on EVENT</c> shows it,
/// <c>on</c> lists them all.
/// </summary>
public sealed class OnCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.On;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var hooks = context.Session.Hooks;
        if (arguments.Length == 0)
        {
            var sb = new StringBuilder();
            foreach (var e in JobHooks.Events)
                if (hooks.Get(e) is { } c) sb.Append(Describe(hooks, e, c)).Append('\n');
            return CommandResult.Ok(sb.ToString());
        }
        string evt = arguments[0];
        if (!JobHooks.Events.Contains(evt))
            return CommandResult.Fail($"'{evt}' is not an event: use one of {string.Join(", ", JobHooks.Events)}");
        if (arguments.Length == 1)
            return hooks.Get(evt) is { } shown ? CommandResult.Ok(Describe(hooks, evt, shown) + "\n") : CommandResult.Fail($"no hook for {evt}");
        if (evt == "match") return SetMatch(hooks, arguments);
        string command = string.Join(' ', arguments[1..]);
        if (command.Trim().Length == 0) return CommandResult.Fail($"usage: {Syntax.Name} {evt} command…");
        hooks.Set(evt, command == "off" ? null : command);
        return CommandResult.Ok();
    }

    private CommandResult SetMatch(JobHooks hooks, string[] arguments)
    {
        if (arguments is [_, "off"])
        {
            hooks.Match = null;
            return CommandResult.Ok();
        }
        string command = string.Join(' ', arguments[2..]);
        if (command.Trim().Length == 0) return CommandResult.Fail($"usage: {Syntax.Name} match REGEX command…");
        if (MatchHook.Create(arguments[1], command, out string error) is not { } match) return CommandResult.Fail(error);
        hooks.Match = match;
        return CommandResult.Ok();
    }

    private static string Describe(JobHooks hooks, string evt, string command) =>
        evt == "match" && hooks.Match is { } m ? $"on match '{m.Pattern}' {command}" : $"on {evt} {command}";
}

/// <summary><c>hooklimit SECONDS</c>: how long a hook may run before it is killed (60 by default).</summary>
public sealed class HookLimitCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Hooklimit;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        if (!double.TryParse(arguments[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double s) || s <= 0 || s > 86_400)
            return CommandResult.Fail($"usage: {Syntax.Name} {Syntax.Usage} (a number of seconds, at most a day)");
        context.Session.Hooks.TimeLimit = TimeSpan.FromSeconds(s);
        return CommandResult.Ok();
    }
}
