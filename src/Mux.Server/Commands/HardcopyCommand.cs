using System.Text;
using Mux.Platform.Native;
using Mux.Protocol;
using Mux.Vt100;

namespace Mux.Server.Commands;

/// <summary>
/// <c>hardcopy [-h] [FILE]</c>: writes the window's visible screen as text, one line per row with trailing blanks
/// removed; with <c>-h</c> the scrollback comes first. FILE defaults to <c>hardcopy.N</c>; a relative name is
/// relative to the window's directory, as in screen (not to wherever the command came from). The file is written
/// through <see cref="SecureFile"/>: no planted link is followed, and a failed write leaves the old copy whole.
/// </summary>
public sealed class HardcopyCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Hardcopy;
    public bool NeedsWindow => true;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        bool history = false;
        string? file = null;
        foreach (var a in arguments)
        {
            if (a == "-h") history = true;
            else if (file is null) file = a;
            else return CommandResult.Fail($"usage: {Syntax.Name} {Syntax.Usage}");
        }
        var window = context.Target!;
        file = window.ResolvePath(file ?? $"hardcopy.{window.Number}");
        try
        {
            SecureFile.Replace(file, Encoding.UTF8.GetBytes(Render(window.Terminal, history)));
        }
        catch (IOException e)
        {
            return CommandResult.Fail($"cannot write {file}: {ErrorText.Describe(e)}");
        }
        return CommandResult.Ok();
    }

    public static string Render(Terminal terminal, bool includeScrollback)
    {
        var sb = new StringBuilder();
        if (includeScrollback)
        {
            for (int i = 0; i < terminal.ScrollbackCount; i++) sb.Append(terminal.GetScrollbackRowText(i)).Append('\n');
        }
        for (int r = 0; r < terminal.Rows; r++) sb.Append(terminal.GetRowText(r)).Append('\n');
        return sb.ToString();
    }
}
