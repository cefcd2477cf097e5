using System.Globalization;
using Mux.Server.Ipc;

namespace Mux.Server.Commands;

/// <summary><c>width COLS [ROWS]</c>: sets the window's size, also while nobody is attached.</summary>
public sealed class WidthCommand : ISessionCommand
{
    public string Name => "width";
    public string Usage => "columns [rows]";
    public int MinArguments => 1;
    public int MaxArguments => 2;
    public bool NeedsWindow => true;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var t = context.Target!.Terminal;
        if (!WindowSize.TryParse(arguments[0], out int columns)) return WindowSize.Bad(arguments[0]);
        int rows = t.Rows;
        if (arguments.Length > 1 && !WindowSize.TryParse(arguments[1], out rows)) return WindowSize.Bad(arguments[1]);
        context.Session.SetWindowSize(context.Target, columns, rows);
        return CommandResult.Ok();
    }
}

/// <summary><c>height ROWS [COLS]</c>: sets the window's height (and width), also while nobody is attached.</summary>
public sealed class HeightCommand : ISessionCommand
{
    public string Name => "height";
    public string Usage => "rows [columns]";
    public int MinArguments => 1;
    public int MaxArguments => 2;
    public bool NeedsWindow => true;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var t = context.Target!.Terminal;
        if (!WindowSize.TryParse(arguments[0], out int rows)) return WindowSize.Bad(arguments[0]);
        int columns = t.Columns;
        if (arguments.Length > 1 && !WindowSize.TryParse(arguments[1], out columns)) return WindowSize.Bad(arguments[1]);
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
