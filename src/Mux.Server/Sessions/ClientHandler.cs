using System.Net.Sockets;
using Mux.Server.Commands;
using Mux.Server.Ipc;

namespace Mux.Server.Sessions;

/// <summary>
/// Serves one connection: checks the Hello, then answers commands and queries or, after Attach, carries input
/// and frames. Whatever goes wrong here closes this connection only.
/// </summary>
public sealed class ClientHandler(Session session, Connection connection)
{
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);

    private ClientIdentity _identity = new("/", new Dictionary<string, string>());
    private AttachedClient? _attached;

    public async Task RunAsync()
    {
        try
        {
            if (!await GreetAsync().ConfigureAwait(false)) return;
            while (true)
            {
                var message = await connection.ReceiveAsync().ConfigureAwait(false);
                if (message is null) return;
                if (!await HandleAsync(message.Value).ConfigureAwait(false)) return;
            }
        }
        catch (ProtocolException)
        {
            // Garbage: drop this peer, nothing else.
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            if (_attached is { } a) session.Detach(a, DetachReason.Requested);
            connection.Close();
        }
    }

    private async Task<bool> GreetAsync()
    {
        using var timeout = new CancellationTokenSource(HelloTimeout);
        Message? first;
        try { first = await connection.ReceiveAsync(timeout.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) { return false; }
        if (first is not { Type: MessageType.Hello } m) return false;
        var hello = Hello.Decode(m.Payload);
        if (hello.Version != Protocol.Version)
        {
            await connection.SendAsync(MessageType.Error, new PayloadWriter()
                .String($"protocol version mismatch: this session speaks {Protocol.Version}, the client {hello.Version}; use the mux that started it")
                .WrittenSpan.ToArray()).ConfigureAwait(false);
            return false;
        }
        _identity = new ClientIdentity(hello.Cwd, EnvironmentBlock.Parse(hello.Environment));
        _pendingSize = new TerminalSize(hello.Columns, hello.Rows);
        await connection.SendAsync(MessageType.Welcome, new Welcome(Protocol.Version, session.Pid, session.Name).Encode()).ConfigureAwait(false);
        return true;
    }

    private TerminalSize _pendingSize;

    private async Task<bool> HandleAsync(Message message)
    {
        switch (message.Type)
        {
            case MessageType.Attach:
                return await AttachAsync((AttachMode)new PayloadReader(message.Payload).U8()).ConfigureAwait(false);
            case MessageType.Input:
                var input = new PayloadReader(message.Payload).Bytes();
                if (_attached != null)
                {
                    lock (session.Sync)
                    {
                        // Any key on an exited window's final screen closes it.
                        if (session.Current is { IsRunning: false } done) session.Dismiss(done);
                        else session.Current?.Write(input);
                    }
                }
                return true;
            case MessageType.Resize:
                var size = TerminalSize.Decode(message.Payload);
                _pendingSize = size;
                if (_attached != null)
                {
                    lock (session.Sync)
                    {
                        _attached.Resize(size.Columns, size.Rows);
                        session.OnClientResized();
                    }
                }
                return true;
            case MessageType.Detach:
                if (_attached != null) session.Detach(_attached, DetachReason.Requested);
                return true;
            case MessageType.Redraw:
                _attached?.Invalidate();
                return true;
            case MessageType.Command:
                var request = CommandRequest.Decode(message.Payload);
                CommandResult result;
                lock (session.Sync)
                {
                    var target = request.Window.Length == 0 ? session.Current : session.FindWindow(request.Window);
                    result = request.Window.Length > 0 && target is null
                        ? CommandResult.Fail($"no window {request.Window}")
                        : CommandTable.Run(new CommandContext(session, target, _identity, _attached), request.Arguments);
                }
                return await connection.SendAsync(MessageType.CommandResult, result.Encode()).ConfigureAwait(false);
            case MessageType.Wait:
                var final = await session.WhenAllExitedAsync().ConfigureAwait(false);
                return await connection.SendAsync(MessageType.SessionInfo, final.Encode()).ConfigureAwait(false);
            case MessageType.Query:
                return await connection.SendAsync(MessageType.SessionInfo, session.Describe().Encode()).ConfigureAwait(false);
            default:
                throw new ProtocolException($"unexpected message {message.Type}");
        }
    }

    private async Task<bool> AttachAsync(AttachMode mode)
    {
        if (_attached != null) return true;
        var client = new AttachedClient(session, connection, _pendingSize.Columns, _pendingSize.Rows);
        if (!session.TryAttach(client, mode, out var refusal))
        {
            await connection.SendAsync(MessageType.Detached, new DetachedNotice(DetachReason.Refused, refusal ?? "").Encode()).ConfigureAwait(false);
            return true;
        }
        _attached = client;
        _ = RunAttachedAsync(client);
        return true;
    }

    private async Task RunAttachedAsync(AttachedClient client)
    {
        await client.RenderLoopAsync().ConfigureAwait(false);
        var reason = await client.Detached.ConfigureAwait(false);
        _attached = null;
        string text = reason switch
        {
            DetachReason.SessionEnded => "[screen is terminating]",
            DetachReason.DetachedElsewhere => $"[remote detached from {session.FullName}]",
            _ => $"[detached from {session.FullName}]",
        };
        await connection.SendAsync(MessageType.Detached, new DetachedNotice(reason, text).Encode()).ConfigureAwait(false);
    }
}
