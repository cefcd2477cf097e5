using System.Globalization;
using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>width COLS [ROWS]</c> and <c>height ROWS [COLS]</c>: set the window's size, also while nobody is attached
/// (a detached session's windows are otherwise 80x24).
/// </summary>
public sealed class WindowSizeCommand(CommandSyntax syntax, bool rowsFirst) : ISessionCommand
{
    public static readonly WindowSizeCommand Width = new(CommandSyntaxes.Width, rowsFirst: false);
    public static readonly WindowSizeCommand Height = new(CommandSyntaxes.Height, rowsFirst: true);

    public CommandSyntax Syntax => syntax;
    public bool NeedsWindow => true;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var t = context.Target!.Terminal;
        int second = rowsFirst ? t.Columns : t.Rows;
        if (!WindowSize.TryParse(arguments[0], out int first)) return WindowSize.Bad(arguments[0]);
        if (arguments.Length > 1 && !WindowSize.TryParse(arguments[1], out second)) return WindowSize.Bad(arguments[1]);
        var (columns, rows) = rowsFirst ? (second, first) : (first, second);
        context.Session.SetWindowSize(context.Target, columns, rows);
        return CommandResult.Ok();
    }
}

internal static class WindowSize
{
    public static bool TryParse(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 1 and <= 1000;

    public static CommandResult Bad(string text) => CommandResult.Fail($"'{text}' is not a size from 1 to 1000");
}
