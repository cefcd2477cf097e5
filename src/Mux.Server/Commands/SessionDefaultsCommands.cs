using System.Globalization;
using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary><c>defscrollback N</c>: scrollback lines kept by windows created from now on.</summary>
public sealed class DefscrollbackCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Defscrollback;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        if (!int.TryParse(arguments[0], NumberStyles.None, CultureInfo.InvariantCulture, out int lines) || lines > 1_000_000)
            return CommandResult.Fail($"'{arguments[0]}' is not a number of lines (0 to 1000000)");
        context.Session.Settings.ScrollbackLimit = lines;
        return CommandResult.Ok();
    }
}

/// <summary><c>shell PATH</c>: the program new windows run when given none.</summary>
public sealed class ShellCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Shell;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        // screen allows a leading '-' (login shell); the program itself is what we run.
        context.Session.Settings.Shell = arguments[0].TrimStart('-');
        return CommandResult.Ok();
    }
}

/// <summary><c>term NAME</c>: TERM for windows created from now on (screen's <c>term</c>).</summary>
public sealed class TermCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Term;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        string name = arguments[0];
        // A terminfo name is a file name: no path separators, no controls, nothing a shell would trip on.
        if (name.Length is 0 or > 64 || name.AsSpan().IndexOfAnyExcept(NameCharacters) >= 0 || name[0] == '.')
            return CommandResult.Fail($"'{name}' is not a terminal type name (letters, digits, '.', '+', '-', '_')");
        context.Session.Settings.Term = name;
        return CommandResult.Ok();
    }

    private static readonly System.Buffers.SearchValues<char> NameCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-_");
}

/// <summary>
/// screen's <c>caption always|splitonly [string]</c> and <c>caption string [string]</c>: a line under the window,
/// drawn from the string's <c>%</c> escapes (screen's default <c>%3n %t</c>). With a single region, splitonly
/// shows none.
/// </summary>
public sealed class CaptionCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Caption;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var settings = context.Session.Settings;
        if (arguments.Length > 2) return CommandResult.Fail($"usage: {Syntax.Name} {Syntax.Usage}");
        if (arguments[0] == "string")
        {
            if (arguments.Length == 1) return context.Answer(settings.CaptionFormat);
            settings.CaptionFormat = arguments[1];
            context.Session.InvalidateClients();
            context.Session.Usage.EnsureRunning();
            return CommandResult.Ok();
        }
        bool? on = arguments[0] switch { "always" or "on" => true, "splitonly" or "off" => false, _ => null };
        if (on is null) return CommandResult.Fail($"usage: {Syntax.Name} {Syntax.Usage}");
        if (arguments.Length == 2) settings.CaptionFormat = arguments[1];
        context.Session.SetCaption(on.Value);
        context.Session.InvalidateClients();
        context.Session.Usage.EnsureRunning();
        return CommandResult.Ok();
    }
}
