using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary><c>focus [next|prev|up|down|left|right|top|bottom]</c> (Ctrl+A Tab): moves the focus to another region.</summary>
public sealed class FocusCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Focus;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        string where = arguments.Length == 0 ? "next" : arguments[0];
        bool? moved = where switch
        {
            "next" => Step(context, +1),
            "prev" => Step(context, -1),
            "up" => context.Session.ChangeLayout(l => l.FocusToward(0, -1)),
            "down" => context.Session.ChangeLayout(l => l.FocusToward(0, 1)),
            "left" => context.Session.ChangeLayout(l => l.FocusToward(-1, 0)),
            "right" => context.Session.ChangeLayout(l => l.FocusToward(1, 0)),
            "top" => context.Session.ChangeLayout(l => { l.Focus(l.Regions[0]); return true; }),
            "bottom" => context.Session.ChangeLayout(l => { l.Focus(l.Regions[^1]); return true; }),
            _ => null,
        };
        if (moved is null) return CommandResult.Fail(Syntax.UsageLine);
        // Nothing that way is not an error (screen stays put too), but the user hears of it.
        if (moved == false) context.Client?.ShowMessage($"No region {where} of this one.");
        return CommandResult.Ok();
    }

    private static bool Step(CommandContext context, int step) =>
        context.Session.ChangeLayout(l =>
        {
            if (!l.IsSplit) return false;
            l.FocusRelative(step);
            return true;
        });
}
