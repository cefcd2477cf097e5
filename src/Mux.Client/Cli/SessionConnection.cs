using System.Net.Sockets;
using Mux.Server.Ipc;
using Mux.Server.Sessions;

namespace Mux.Client.Cli;

/// <summary>A client's connection to one session server, after the Hello/Welcome exchange.</summary>
internal sealed class SessionConnection : IDisposable
{
    private SessionConnection(Connection connection, Welcome welcome)
    {
        Connection = connection;
        Welcome = welcome;
    }

    public Connection Connection { get; }

    public Welcome Welcome { get; }

    /// <summary>Connects and greets. Throws <see cref="SessionUnreachableException"/> if nobody answers on the socket.</summary>
    public static async Task<SessionConnection> OpenAsync(string socketPath, int columns = 80, int rows = 24, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new SessionUnreachableException(e.SocketErrorCode == SocketError.ConnectionRefused ? "dead" : e.Message);
        }
        var connection = new Connection(socket);
        var hello = new Hello(Protocol.Version, columns, rows, Environment.GetEnvironmentVariable("TERM") ?? "",
            SafeCwd(), EnvironmentBlock.Format(EnvironmentBlock.Current()));
        await connection.SendAsync(MessageType.Hello, hello.Encode(), cancellationToken).ConfigureAwait(false);
        var reply = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        switch (reply)
        {
            case { Type: MessageType.Welcome } m:
                return new SessionConnection(connection, Welcome.Decode(m.Payload));
            case { Type: MessageType.Error } m:
                connection.Close();
                throw new SessionErrorException(new PayloadReader(m.Payload).String());
            default:
                connection.Close();
                throw new SessionUnreachableException("no answer");
        }
    }

    public async Task<SessionInfo> QueryAsync()
    {
        await Connection.SendAsync(MessageType.Query, []).ConfigureAwait(false);
        var m = await Connection.ReceiveAsync().ConfigureAwait(false) ?? throw new SessionUnreachableException("connection closed");
        if (m.Type != MessageType.SessionInfo) throw new ProtocolException($"unexpected {m.Type}");
        return SessionInfo.Decode(m.Payload);
    }

    /// <summary>The session's state once all its programs have ended.</summary>
    public async Task<SessionInfo?> WaitAsync(CancellationToken cancellationToken)
    {
        await Connection.SendAsync(MessageType.Wait, [], cancellationToken).ConfigureAwait(false);
        var m = await Connection.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        return m is { Type: MessageType.SessionInfo } r ? SessionInfo.Decode(r.Payload) : null;
    }

    public async Task<CommandResult> CommandAsync(string window, string[] arguments)
    {
        await Connection.SendAsync(MessageType.Command, new CommandRequest(window, arguments).Encode()).ConfigureAwait(false);
        while (true)
        {
            var m = await Connection.ReceiveAsync().ConfigureAwait(false);
            if (m is null) return CommandResult.Ok(); // e.g. quit: the session went away as asked
            if (m.Value.Type == MessageType.CommandResult) return CommandResult.Decode(m.Value.Payload);
        }
    }

    public static string SafeCwd()
    {
        try { return Environment.CurrentDirectory; }
        catch (IOException) { return "/"; }
    }

    public void Dispose() => Connection.Close();
}

/// <summary>The socket exists but no server answers on it.</summary>
internal sealed class SessionUnreachableException(string message) : Exception(message);

/// <summary>The server answered with an error (version mismatch, a session that could not start).</summary>
internal sealed class SessionErrorException(string message) : Exception(message);
