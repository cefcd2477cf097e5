namespace Mux.Protocol;

/// <summary>One of screen's commands as the user writes it: name and arguments, as screen's manual writes them.</summary>
public sealed record CommandSyntax(string Name, string Usage, int MinArguments, int MaxArguments)
{
    public bool Accepts(int argumentCount) => argumentCount >= MinArguments && argumentCount <= MaxArguments;

    /// <summary><c>usage: name args</c>, the error for a wrong argument count.</summary>
    public string UsageLine => $"usage: {Name} {Usage}".TrimEnd();
}

/// <summary>
/// The command language that <c>-X</c>, key bindings and config files speak. The client checks a config file against
/// it before any session exists; the server's command table gives each command its syntax from here.
/// </summary>
public static class CommandSyntaxes
{
    public static readonly CommandSyntax At = new("at", "window[#] command [args]", 2, int.MaxValue);
    public static readonly CommandSyntax Copy = new("copy", "", 0, 0);
    public static readonly CommandSyntax Paste = new("paste", "[registers [dest_reg]]", 0, 2);
    public static readonly CommandSyntax Detach = new("detach", "", 0, 0);
    public static readonly CommandSyntax Echo = new("echo", "text", 1, int.MaxValue);
    public static readonly CommandSyntax Setenv = new("setenv", "name value", 1, 2);
    public static readonly CommandSyntax Unsetenv = new("unsetenv", "name", 1, 1);
    public static readonly CommandSyntax Eval = new("eval", "command…", 1, int.MaxValue);
    public static readonly CommandSyntax Hardcopy = new("hardcopy", "[-h] [file]", 0, 2);
    public static readonly CommandSyntax Hardstatus = new("hardstatus", "on|off|[always]lastline|ignore|string [string]", 1, 2);
    public static readonly CommandSyntax On = new("on", "[exit|fail|silence|activity|bell|done [command…|off] | match REGEX command…|off]", 0, int.MaxValue);
    public static readonly CommandSyntax Hooklimit = new("hooklimit", "seconds", 1, 1);
    public static readonly CommandSyntax Info = new("info", "", 0, 0);
    public static readonly CommandSyntax Number = new("number", "[n]", 0, 1);
    public static readonly CommandSyntax Sessionname = new("sessionname", "[name]", 0, 1);
    public static readonly CommandSyntax Exec = new("exec", "[[fdpat] command [args]]", 0, int.MaxValue);
    public static readonly CommandSyntax Kill = new("kill", "", 0, 0);
    public static readonly CommandSyntax Rerun = new("rerun", "", 0, 0);
    public static readonly CommandSyntax Record = new("record", "", 0, 0);
    public static readonly CommandSyntax Log = new("log", "[on|off] [raw|text]", 0, 2);
    public static readonly CommandSyntax Logfile = new("logfile", "name", 1, 2);
    public static readonly CommandSyntax Deflog = new("deflog", "on|off", 1, 1);
    public static readonly CommandSyntax Monitor = new("monitor", "[on|off]", 0, 1);
    public static readonly CommandSyntax Silence = new("silence", "[on|off|seconds]", 0, 1);
    public static readonly CommandSyntax Silencewait = new("silencewait", "seconds", 1, 1);
    public static readonly CommandSyntax Mouse = new("mouse", "on|off", 1, 1);
    public static readonly CommandSyntax Clipboard = new("clipboard", "on|off", 1, 1);
    public static readonly CommandSyntax Clipboardread = new("clipboardread", "on|off", 1, 1);
    public static readonly CommandSyntax Settitle = new("settitle", "on|off", 1, 1);
    public static readonly CommandSyntax Hyperlinks = new("hyperlinks", "on|off", 1, 1);
    public static readonly CommandSyntax Desktopnotify = new("desktopnotify", "[osc9|osc777|off]", 0, 1);
    public static readonly CommandSyntax Readonly = new("readonly", "on|off", 1, 1);
    public static readonly CommandSyntax Quit = new("quit", "", 0, 0);
    public static readonly CommandSyntax Register = new("register", "key text", 2, 2);
    public static readonly CommandSyntax Readreg = new("readreg", "[key [file]]", 0, 2);
    public static readonly CommandSyntax Screen = new("screen", "[-t title] [command [args…]]", 0, int.MaxValue);
    public static readonly CommandSyntax Select = new("select", "window", 1, 1);
    public static readonly CommandSyntax Defscrollback = new("defscrollback", "lines", 1, 1);
    public static readonly CommandSyntax Shell = new("shell", "program", 1, 1);
    public static readonly CommandSyntax Term = new("term", "terminal-type", 1, 1);
    public static readonly CommandSyntax Caption = new("caption", "always|splitonly|string [string]", 1, 2);
    public static readonly CommandSyntax Stuff = new("stuff", "text", 1, int.MaxValue);
    public static readonly CommandSyntax Title = new("title", "[name]", 0, 1);
    public static readonly CommandSyntax Next = new("next", "", 0, 0);
    public static readonly CommandSyntax Prev = new("prev", "", 0, 0);
    public static readonly CommandSyntax Other = new("other", "", 0, 0);
    public static readonly CommandSyntax Windows = new("windows", "", 0, 0);
    public static readonly CommandSyntax Zombie = new("zombie", "[on|off]", 0, 2);
    public static readonly CommandSyntax Width = new("width", "columns [rows]", 1, 2);
    public static readonly CommandSyntax Height = new("height", "rows [columns]", 1, 2);
    public static readonly CommandSyntax StartupMessage = new("startup_message", "on|off", 1, 1);
    public static readonly CommandSyntax Vbell = new("vbell", "[on|off]", 0, 1);
    public static readonly CommandSyntax Autodetach = new("autodetach", "on|off", 1, 1);
    public static readonly CommandSyntax Defutf8 = new("defutf8", "on|off", 1, 1);
    public static readonly CommandSyntax Altscreen = new("altscreen", "on|off", 1, 1);
    public static readonly CommandSyntax Termcapinfo = new("termcapinfo", "term terminal-tweaks [window-tweaks]", 2, 3);
    public static readonly CommandSyntax Termcap = new("termcap", "term terminal-tweaks [window-tweaks]", 2, 3);
    public static readonly CommandSyntax Terminfo = new("terminfo", "term terminal-tweaks [window-tweaks]", 2, 3);
    /// <summary>An attached client's command key, for the help hint; the client sends it (users type <c>escape</c>).</summary>
    public static readonly CommandSyntax Keyhint = new("keyhint", "xy", 1, 1);
    public static readonly CommandSyntax Redisplay = new("redisplay", "", 0, 0);
    public static readonly CommandSyntax Fit = new("fit", "", 0, 0);
    public static readonly CommandSyntax Clear = new("clear", "", 0, 0);
    public static readonly CommandSyntax Time = new("time", "", 0, 0);
    public static readonly CommandSyntax License = new("license", "", 0, 0);
    public static readonly CommandSyntax Dumptermcap = new("dumptermcap", "", 0, 0);
    public static readonly CommandSyntax Multiuser = new("multiuser", "…", 0, int.MaxValue);
    public static readonly CommandSyntax Acladd = new("acladd", "…", 0, int.MaxValue);
    public static readonly CommandSyntax Acldel = new("acldel", "…", 0, int.MaxValue);
    public static readonly CommandSyntax Aclchg = new("aclchg", "…", 0, int.MaxValue);
    public static readonly CommandSyntax Aclgrp = new("aclgrp", "…", 0, int.MaxValue);
    public static readonly CommandSyntax Split = new("split", "[-v]", 0, 1);
    public static readonly CommandSyntax Focus = new("focus", "[next|prev|up|down|left|right|top|bottom]", 0, 1);
    public static readonly CommandSyntax Remove = new("remove", "", 0, 0);
    public static readonly CommandSyntax Only = new("only", "", 0, 0);
    public static readonly CommandSyntax Resize = new("resize", "[-h|-v|-l|-b|-p] [+|-]N[%]|=|max|min", 1, 2);
    public static readonly CommandSyntax Layout = new("layout", "save|select NAME | show", 1, 2);

    /// <summary>
    /// Commands the client carries out itself (key bindings, and what needs the user's own terminal); the server
    /// ignores them in a config file.
    /// </summary>
    public static readonly IReadOnlySet<string> ClientCommands = new HashSet<string>(StringComparer.Ordinal)
        { "escape", "bind", "lockscreen", "suspend", "pow_detach", "colon" };

    private static readonly Dictionary<string, CommandSyntax> ByName = IndexByName(
    [
        At, Copy, Paste, Detach, Echo, Setenv, Unsetenv, Eval, Hardcopy, Hardstatus, On, Hooklimit, Info, Number,
        Sessionname, Exec, Kill, Log, Logfile, Deflog, Monitor, Silence, Silencewait, Mouse, Readonly, Clipboard, Clipboardread, Settitle, Hyperlinks, Quit, Register, Readreg,
        Screen, Select, Defscrollback, Shell, Term, Caption, Stuff, Title, Next, Prev, Other, Windows, Zombie, Width, Desktopnotify,
        Height, Multiuser, Acladd, Acldel, Aclchg, Aclgrp, Rerun, Record, Split, Focus, Remove, Only, Resize, Layout,
        Redisplay, Fit, Clear, Time, License, Dumptermcap, Keyhint,
        StartupMessage, Vbell, Autodetach, Defutf8, Altscreen, Termcapinfo, Termcap, Terminfo
    ]);

    // A loop, not LINQ: the client links this table, and LINQ's generic iterators enlarge every program start.
    private static Dictionary<string, CommandSyntax> IndexByName(CommandSyntax[] all)
    {
        var byName = new Dictionary<string, CommandSyntax>(all.Length, StringComparer.Ordinal);
        foreach (var c in all) byName.Add(c.Name, c);
        return byName;
    }

    public static IEnumerable<CommandSyntax> All => ByName.Values;

    public static CommandSyntax? Find(string name) => ByName.GetValueOrDefault(name);
}
