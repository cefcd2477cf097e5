using System.Globalization;
using System.Text;
using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary><c>redisplay</c> (<c>C-a l</c>): draws the whole display again.</summary>
public sealed class RedisplayCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Redisplay;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        if (context.Client is { } client) client.Invalidate();
        else context.Session.InvalidateClients();
        return CommandResult.Ok();
    }
}

/// <summary><c>fit</c> (<c>C-a F</c>): sizes the window to the display that asked (the status line left out).</summary>
public sealed class FitCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Fit;
    public bool NeedsWindow => true;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        if (context.Client is not { } client) return CommandResult.Fail("fit: needs a display (use width and height from -X)");
        context.Session.SetWindowSize(context.Target!, client.Columns, Math.Max(1, client.Rows - context.Session.ReservedRows));
        return CommandResult.Ok();
    }
}

/// <summary>
/// <c>clear</c> (<c>C-a C</c>): clears the window, its text scrolled into the history as screen keeps it. The
/// program is not told, as with screen.
/// </summary>
public sealed class ClearCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Clear;
    public bool NeedsWindow => true;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        var t = context.Target!.Terminal;
        // Line feeds from the bottom row push every row into the history; then the cursor goes home.
        var bytes = new StringBuilder().Append(CultureInfo.InvariantCulture, $"\e[r\e[{t.Rows};1H").Append('\n', t.Rows).Append("\e[H");
        t.Feed(Encoding.ASCII.GetBytes(bytes.ToString()));
        context.Session.InvalidateClients();
        return CommandResult.Ok();
    }
}

/// <summary><c>time</c> (<c>C-a t</c>): the time, date, host name and load, as screen shows them.</summary>
public sealed class TimeCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Time;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments) =>
        context.Answer(Describe(DateTime.Now, Environment.MachineName, LoadAverage()));

    public static string Describe(DateTime now, string host, string? load) =>
        now.ToString("HH:mm:ss dd MMM yyyy ", CultureInfo.InvariantCulture) + host + (load is null ? "" : " load: " + load);

    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg, or null where there is none.</summary>
    public static string? LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return parts.Length >= 3 ? $"{parts[0]} {parts[1]} {parts[2]}" : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}

/// <summary><c>license</c> (<c>C-a ,</c>) and <c>dumptermcap</c> (<c>C-a .</c>): a short answer each.</summary>
public sealed class NoticeCommand(CommandSyntax syntax, string text) : ISessionCommand
{
    public static readonly NoticeCommand License = new(CommandSyntaxes.License,
        "License: see mux's README (mux follows GNU screen's commands).");

    public static readonly NoticeCommand Dumptermcap = new(CommandSyntaxes.Dumptermcap,
        "dumptermcap: not needed: windows use TERM=screen-256color from the system's terminfo (no termcap file is written).");

    public CommandSyntax Syntax => syntax;
    public bool NeedsWindow => false;

    public CommandResult Execute(CommandContext context, string[] arguments) => context.Answer(text);
}
