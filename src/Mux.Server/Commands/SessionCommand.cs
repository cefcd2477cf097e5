using Mux.Protocol;
using Mux.Server.Sessions;

namespace Mux.Server.Commands;

/// <summary>Who runs a command and on what: the same for <c>-X</c>, key bindings and (later) the config file.</summary>
public sealed class CommandContext(Session session, Window? target, ClientIdentity invoker, AttachedClient? client, bool query = false)
{
    public Session Session { get; } = session;

    /// <summary>The window the command acts on (<c>-p</c>, else the current one); null when there is none.</summary>
    public Window? Target { get; } = target;

    /// <summary>The environment and directory of the process that sent the command.</summary>
    public ClientIdentity Invoker { get; } = invoker;

    /// <summary>The attached client that sent it, when it came from a key.</summary>
    public AttachedClient? Client { get; } = client;

    /// <summary>Asked with <c>-Q</c>: answers go back to the asking process instead of the displays.</summary>
    public bool Query { get; } = query;

    /// <summary>The same command context aimed at another window (<c>at</c>).</summary>
    public CommandContext For(Window window) => new(Session, window, Invoker, Client, Query);

    /// <summary>
    /// An answer, where screen puts it: printed by the asking process for <c>-Q</c>, else shown on the displays'
    /// message line.
    /// </summary>
    public CommandResult Answer(string text)
    {
        if (Query) return CommandResult.Ok(text + "\n");
        if (Client is { } client) client.ShowMessage(text);
        else Session.ShowMessage(text);
        return CommandResult.Ok();
    }

    /// <summary>A relative path from the window's directory, as screen resolves them (the server's own is /).</summary>
    public string ResolvePath(string path) => Target?.ResolvePath(path) ?? Path.GetFullPath(path, Invoker.Cwd);
}

/// <summary>The environment and working directory a client sent in its Hello.</summary>
public sealed record ClientIdentity(string Cwd, IReadOnlyDictionary<string, string> Environment);

/// <summary>One of screen's commands. Each lives in its own file and is listed once in <see cref="CommandTable"/>.</summary>
public interface ISessionCommand
{
    /// <summary>Name and arguments, shared with the client, which checks config files with them.</summary>
    CommandSyntax Syntax { get; }

    bool NeedsWindow { get; }

    /// <summary>Runs with the session lock held.</summary>
    CommandResult Execute(CommandContext context, string[] arguments);
}
