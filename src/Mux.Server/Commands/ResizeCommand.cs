using System.Globalization;
using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>resize [-h|-v|-l|-b|-p] [+|-]N[%]|=|max|min|_|0</c>: the focused region's size along the split it is part of
/// (rows stacked, columns side by side): N cells (or N% of the room), N more or fewer, all equal (<c>=</c>), as
/// big (<c>max</c>, <c>_</c>) or as small (<c>min</c>, <c>0</c>) as the other regions allow (a row or column each).
/// screen's orientation flags are accepted; the size always follows the region's own split.
/// </summary>
public sealed class ResizeCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Resize;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        if (arguments.Length == 2 && arguments[0] is not ("-h" or "-v" or "-l" or "-b" or "-p"))
            return CommandResult.Fail(Syntax.UsageLine);
        string spec = arguments[^1];
        var session = context.Session;
        var (size, room) = session.Layout.FocusedSize();
        if (room == 0)
        {
            context.Client?.ShowMessage("resize: there is only one region.");
            return CommandResult.Fail("resize: there is only one region");
        }
        if (spec == "=") return session.ChangeLayout(l => l.Equalize()) ? CommandResult.Ok() : Unable(context);
        int? target = spec switch
        {
            "max" or "_" => int.MaxValue,
            "min" or "0" => 1,
            _ => Parse(spec, size, room),
        };
        if (target is null) return CommandResult.Fail($"resize: '{spec}' is not a size (N, +N, -N, N%, =, max or min)");
        return session.ChangeLayout(l => l.Resize(target.Value)) ? CommandResult.Ok() : Unable(context);
    }

    private static CommandResult Unable(CommandContext context)
    {
        context.Client?.ShowMessage("resize: no room to resize this region.");
        return CommandResult.Fail("resize: no room to resize this region");
    }

    private static int? Parse(string spec, int size, int room)
    {
        int sign = spec.StartsWith('+') ? 1 : spec.StartsWith('-') ? -1 : 0;
        string digits = sign != 0 ? spec[1..] : spec;
        bool percent = digits.EndsWith('%');
        if (percent) digits = digits[..^1];
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n > 100_000) return null;
        if (percent) n = (int)Math.Round(room * n / 100.0);
        return sign == 0 ? n : size + sign * n;
    }
}
