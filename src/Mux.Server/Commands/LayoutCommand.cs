using Mux.Protocol;
using Mux.Server.Sessions;

namespace Mux.Server.Commands;

/// <summary>
/// <c>layout save NAME</c> keeps the session's regions (their splits, sizes, windows and focus) under a name;
/// <c>layout select NAME</c> brings them back; <c>layout show</c> lists the names. Layouts belong to the session.
/// </summary>
public sealed class LayoutCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Layout;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var session = context.Session;
        switch (arguments)
        {
            case ["save", var name] when name.Length > 0:
                if (session.SaveLayout(name)) return context.Answer($"Layout saved as {name}.");
                context.Client?.ShowMessage($"Layout {name} not saved: {Session.MaxSavedLayouts} layouts are kept already.");
                return CommandResult.Fail($"layout save: {Session.MaxSavedLayouts} layouts are kept already; '{name}' was not saved");
            case ["select", var name]:
                if (session.SelectLayout(name)) return CommandResult.Ok();
                context.Client?.ShowMessage($"No layout named {name}.");
                return CommandResult.Fail($"layout select: no layout named '{name}'");
            case ["show"]:
                var names = session.LayoutNames;
                return context.Answer(names.Count == 0 ? "No layouts saved." : "Layouts: " + string.Join("  ", names));
            default:
                return CommandResult.Fail(Syntax.UsageLine);
        }
    }
}
