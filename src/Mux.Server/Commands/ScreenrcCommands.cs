using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>
/// screenrc lines that set how screen itself behaves: <c>startup_message</c>, <c>vbell</c>, <c>autodetach</c>,
/// <c>defutf8</c>, <c>altscreen</c>, <c>termcapinfo</c>/<c>termcap</c>/<c>terminfo</c>. Where Mux already does
/// what the line asks, or cannot, the answer says so; nothing is refused, so a screenrc runs through.
/// </summary>
public sealed class ScreenrcSettingCommand(CommandSyntax syntax, Func<CommandContext, bool?, CommandResult> apply) : ISessionCommand
{
    public static readonly ScreenrcSettingCommand StartupMessage = new(CommandSyntaxes.StartupMessage, (_, on) =>
        on == true ? Note("startup_message on: mux has no startup message") : CommandResult.Ok());

    public static readonly ScreenrcSettingCommand Vbell = new(CommandSyntaxes.Vbell, (context, on) =>
    {
        context.Session.Settings.VisualBell = on ?? !context.Session.Settings.VisualBell;
        return context.Answer(context.Session.Settings.VisualBell ? "switched to visual bell" : "switched to audible bell");
    });

    public static readonly ScreenrcSettingCommand Autodetach = new(CommandSyntaxes.Autodetach, (_, on) =>
        on == false ? Note("autodetach off: ignored: a session always survives its terminal hanging up") : CommandResult.Ok());

    public static readonly ScreenrcSettingCommand Defutf8 = new(CommandSyntaxes.Defutf8, (_, on) =>
        on == false ? Note("defutf8 off: ignored: windows are always UTF-8") : CommandResult.Ok());

    public static readonly ScreenrcSettingCommand Altscreen = new(CommandSyntaxes.Altscreen, (_, on) =>
        on == false ? Note("altscreen off: ignored: programs always get the alternate screen") : CommandResult.Ok());

    public static readonly ScreenrcSettingCommand Termcapinfo = new(CommandSyntaxes.Termcapinfo, (_, _) =>
        Note("termcapinfo: ignored"));   // mux draws with xterm sequences, whatever termcap says

    public static readonly ScreenrcSettingCommand Termcap = new(CommandSyntaxes.Termcap, (_, _) =>
        Note("termcap: ignored"));

    public static readonly ScreenrcSettingCommand Terminfo = new(CommandSyntaxes.Terminfo, (_, _) =>
        Note("terminfo: ignored"));

    public CommandSyntax Syntax => syntax;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        bool? on = arguments.Length == 0 ? null : arguments[0] switch { "on" => true, "off" => false, _ => null };
        bool takesOnOff = syntax.Usage.StartsWith("[on|off]", StringComparison.Ordinal) || syntax.Usage.StartsWith("on|off", StringComparison.Ordinal);
        if (takesOnOff && arguments.Length > 0 && on is null) return CommandResult.Fail($"usage: {syntax.Name} {syntax.Usage}");
        return apply(context, on);
    }

    /// <summary>Accepted with a note (the exit code stays 0: a screenrc line that changes nothing is no error).</summary>
    private static CommandResult Note(string text) => new(0, "", text);
}
