using System.Globalization;
using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// <c>info</c>: the window's cursor, size and scrollback in screen's form, <c>(x,y)/(cols,rows)+history … N(title)</c>,
/// then what the window's program sent that was refused (hyperlinks, clipboard sets), when anything was.
/// </summary>
public sealed class InfoCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Info;
    public bool NeedsWindow => true;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var w = context.Target!;
        var t = w.Terminal;
        // Flow control and encoding are fixed here: XON/XOFF passes to the program, text is UTF-8.
        string info = string.Create(CultureInfo.InvariantCulture,
            $"({t.CursorColumn + 1},{t.CursorRow + 1})/({t.Columns},{t.Rows})+{t.ScrollbackLimit} -(-)flow UTF-8 {w.Number}({w.Title})");
        if (t.RefusedHyperlinks > 0) info += string.Create(CultureInfo.InvariantCulture, $"; {t.RefusedHyperlinks} hyperlinks refused");
        if (t.RefusedClipboardSets > 0) info += string.Create(CultureInfo.InvariantCulture, $"; {t.RefusedClipboardSets} clipboard sets refused");
        return context.Answer(info);
    }
}

/// <summary><c>number [N]</c>: says the window's number, or gives it number N (swapping with a window that had it).</summary>
public sealed class NumberCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Number;
    public bool NeedsWindow => true;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var window = context.Target!;
        // screen's two forms: the bare answer for -Q, a sentence on a display.
        if (arguments.Length == 0)
            return context.Answer(context.Query ? $"{window.Number} ({window.Title})" : $"This is window {window.Number} ({window.Title}).");
        string n = arguments[0];
        // screen's relative form: +N / -N moves the window by N.
        bool relative = n.StartsWith('+') || n.StartsWith('-');
        if (!int.TryParse(relative ? n[1..] : n, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            return CommandResult.Fail($"number: '{n}' is not a window number");
        int number = !relative ? value : n[0] == '+' ? window.Number + value : window.Number - value;
        if (number < 0 || number > 9999) return CommandResult.Fail($"number: {number} is out of range (0-9999)");
        context.Session.Renumber(window, number);
        return CommandResult.Ok();
    }
}

/// <summary><c>sessionname</c>: says the session's name. Renaming a running session is refused, with the reason.</summary>
public sealed class SessionnameCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Sessionname;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        if (arguments.Length == 0) return context.Answer($"This session is named '{context.Session.FullName}'");
        return CommandResult.Fail("sessionname: renaming a running session is not supported (start it with -S NAME)");
    }
}

/// <summary>
/// <c>exec</c>: screen connects a filter program to a window's input and output. Refused with the reason rather than
/// taken for an unknown command.
/// </summary>
public sealed class ExecCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Exec;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments) =>
        CommandResult.Fail("exec: filter programs on a window are not supported (use stuff, or screen CMD for a new window)");
}

/// <summary>
/// screen's multi-user commands (<c>multiuser</c>, <c>acladd</c>…). A session here serves only its owner (the
/// socket is 0600 and the peer's uid is checked), so they change nothing: accepted, with a note saying so, so that
/// an <c>eval</c> that contains one still runs the rest.
/// </summary>
public sealed class SingleUserCommand(CommandSyntax syntax) : ISessionCommand
{
    public static readonly SingleUserCommand Multiuser = new(CommandSyntaxes.Multiuser), Acladd = new(CommandSyntaxes.Acladd),
        Acldel = new(CommandSyntaxes.Acldel), Aclchg = new(CommandSyntaxes.Aclchg), Aclgrp = new(CommandSyntaxes.Aclgrp);

    public CommandSyntax Syntax => syntax;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments) =>
        new(0, "", $"{syntax.Name}: not supported, ignored (a session is only its owner's)");
}
