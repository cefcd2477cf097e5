using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary>Every command by its screen name: the one table behind <c>-X</c> and the key bindings.</summary>
public static class CommandTable
{
    private static readonly Dictionary<string, ISessionCommand> ByName = Build(
        new QuitCommand(), new StuffCommand(), new HardcopyCommand(), new ScreenCommand(), new SelectCommand(),
        new KillCommand(), new TitleCommand(), new DetachCommand(), WindowSizeCommand.Width, WindowSizeCommand.Height,
        new WindowsCommand(), new NextCommand(), new PrevCommand(), new OtherCommand(), new HardstatusCommand(),
        new EchoCommand(), new SetenvCommand(), new UnsetenvCommand(), new ZombieCommand(),
        new LogCommand(), new LogfileCommand(), new DeflogCommand(), new DefscrollbackCommand(), new ShellCommand(), new TermCommand(),
        new CaptionCommand(), new MonitorCommand(), new SilenceCommand(), new SilencewaitCommand(),
        new CopyCommand(), new PasteCommand(), new MouseCommand(), new ReadonlyCommand(), new ClipboardCommand(), new ClipboardreadCommand(), new SettitleCommand(), new HyperlinksCommand(), new DesktopnotifyCommand(), new EvalCommand(), new AtCommand(),
        new ReadregCommand(), new RegisterCommand(), new InfoCommand(), new NumberCommand(), new SessionnameCommand(),
        new ExecCommand(), SingleUserCommand.Multiuser, SingleUserCommand.Acladd, SingleUserCommand.Acldel,
        SingleUserCommand.Aclchg, SingleUserCommand.Aclgrp,
        new OnCommand(), new HookLimitCommand(), new RerunCommand(), new RecordCommand(), new SplitCommand(), new FocusCommand(),
        new RemoveCommand(), new OnlyCommand(), new ResizeCommand(), new LayoutCommand(),
        new RedisplayCommand(), new FitCommand(), new ClearCommand(),
        new TimeCommand(), NoticeCommand.License, NoticeCommand.Dumptermcap, new KeyhintCommand(),
        ScreenrcSettingCommand.StartupMessage, ScreenrcSettingCommand.Vbell, ScreenrcSettingCommand.Autodetach,
        ScreenrcSettingCommand.Defutf8, ScreenrcSettingCommand.Altscreen, ScreenrcSettingCommand.Termcapinfo,
        ScreenrcSettingCommand.Termcap, ScreenrcSettingCommand.Terminfo);

    public static IEnumerable<ISessionCommand> All => ByName.Values;

    public static ISessionCommand? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>Checks the name and argument count, then runs the command.</summary>
    public static CommandResult Run(CommandContext context, string[] arguments)
    {
        if (arguments.Length == 0) return CommandResult.Fail("no command given");
        var command = Find(arguments[0]);
        if (command is null) return CommandResult.Fail($"unknown command '{arguments[0]}'");
        var args = arguments[1..];
        if (!command.Syntax.Accepts(args.Length)) return CommandResult.Fail(command.Syntax.UsageLine);
        if (command.NeedsWindow && context.Target is null) return CommandResult.Fail("no such window");
        if (context.Client is { ReadOnly: true } && !ReadOnlyAllowed.Contains(command.Syntax.Name))
            return CommandResult.Fail($"{command.Syntax.Name}: refused, this display is read-only");
        return command.Execute(context, args);
    }

    /// <summary>
    /// What a read-only display may still do: look (copy mode, scrollback, the window list, info) and leave. An
    /// allow-list, so a command added later cannot type into a window or change the session from a watcher's display.
    /// </summary>
    private static readonly HashSet<string> ReadOnlyAllowed = new(StringComparer.Ordinal)
    {
        "detach", "copy", "windows", "info", "time", "redisplay", "keyhint", "readonly",
    };

    private static Dictionary<string, ISessionCommand> Build(params ISessionCommand[] commands)
    {
        var table = new Dictionary<string, ISessionCommand>(StringComparer.Ordinal);
        foreach (var c in commands) table.Add(c.Syntax.Name, c);
        return table;
    }
}
