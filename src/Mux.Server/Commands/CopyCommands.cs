using System.Text;
using Mux.Protocol;
using Mux.Vt100;
using Mux.Vt100.Input;

namespace Mux.Server.Commands;

/// <summary>
/// <c>copy</c>: puts the attached client that gave it in copy mode on the current window (its view freezes on a
/// text snapshot of the scrollback and screen; other clients go on showing the live window).
/// </summary>
public sealed class CopyCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Copy;
    public bool NeedsWindow => true;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        if (context.Client is not { } client) return CommandResult.Fail("copy: only from an attached client");
        var window = context.Session.Current ?? context.Target!;
        client.EnterCopyMode(window);
        return CommandResult.Ok();
    }
}

/// <summary>
/// <c>paste [REGS [DEST]]</c>: types the paste buffer, or the registers named by REGS one after another (<c>.</c> is
/// the paste buffer), into the window, inside bracketed-paste markers when the window's program asked for them;
/// with DEST, stores them in that register instead.
/// </summary>
public sealed class PasteCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Paste;
    public bool NeedsWindow => true;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var text = new StringBuilder();
        foreach (char key in arguments.Length > 0 ? arguments[0] : RegisterNames.PasteBuffer)
        {
            if (RegisterNames.Load(context, key) is not { } part) return CommandResult.Fail($"paste: register {key} is empty");
            text.Append(part);
        }
        if (arguments.Length > 1) return RegisterNames.Store(context, arguments[1], text.ToString());
        if (text.Length == 0) return CommandResult.Ok();
        var window = context.Target!;
        // As a terminal pastes: line ends as Enter (CR).
        byte[] body = Encoding.UTF8.GetBytes(text.ToString().Replace("\n", "\r"));
        window.Write(KeyEncoder.Paste(body, window.Terminal.Modes));
        return CommandResult.Ok();
    }
}
