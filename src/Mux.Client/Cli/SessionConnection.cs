using Mux.Platform.Native;
using Mux.Protocol;

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

    /// <summary>
    /// Connects and greets. A server of another protocol version is upgraded first (it replaces itself with the
    /// mux-server beside this mux, keeping every window), unless <paramref name="upgrade"/> is false: then that is a
    /// <see cref="SessionErrorException"/>. Throws <see cref="SessionUnreachableException"/> if nobody answers on the socket.
    /// </summary>
    public static SessionConnection Open(string socketPath, int columns = 80, int rows = 24, TimeSpan? timeout = null, bool upgrade = true)
    {
        SessionConnection session;
        try { session = Greet(socketPath, columns, rows, timeout); }
        catch (OlderServerException older) when (upgrade) { throw OlderServerClient.Become(older); }
        if (session.Welcome.Version == SpokenVersion) return session;
        if (!upgrade)
        {
            session.Dispose();
            throw new SessionErrorException($"its server speaks protocol {session.Welcome.Version}, this mux {WireFormat.Version}; mux -X upgrade upgrades it");
        }
        StdIo.Err.WriteLine($"{Invocation.Name}: {session.Upgrade(socketPath)}");
        return Open(socketPath, columns, rows, timeout, upgrade: false);
    }

    /// <summary>
    /// Asks the server to replace itself with the mux-server beside this mux (the stable Upgrade request), waits until
    /// the new one answers, and says what happened. Consumes this connection.
    /// </summary>
    public string Upgrade(string socketPath)
    {
        ushort from = Welcome.Version;
        string server = CompanionExecutable.Find(ServerLauncher.ExecutableName, out string? missing) ?? throw new SessionErrorException(missing!);
        using (this)
        {
            Connection.Send(MessageType.Upgrade, new PayloadWriter().String(server).WrittenSpan);
            // Success closes the connection (it belonged to the old image); failure is said in an Error.
            if (Connection.Receive(TimeSpan.FromSeconds(10)) is { Type: MessageType.Error } refused)
                throw new SessionErrorException(new PayloadReader(refused.Payload).String());
        }
        // The listening socket stays open across the replacement: this waits in its backlog until the new image answers.
        using var after = Greet(socketPath, 80, 24, TimeSpan.FromSeconds(10));
        if (after.Welcome.Version != WireFormat.Version)
            throw new SessionErrorException($"the session still speaks protocol {after.Welcome.Version} after the upgrade");
        return $"upgraded {after.Welcome.FullName} to this mux's server (protocol {from} to {WireFormat.Version}); every window kept its program";
    }

    /// <summary>The protocol this client speaks; test-only <c>MUX_TEST_PROTOCOL_VERSION</c> makes it an older mux's.</summary>
    public static readonly ushort SpokenVersion =
        ushort.TryParse(Environment.GetEnvironmentVariable("MUX_TEST_PROTOCOL_VERSION"), System.Globalization.CultureInfo.InvariantCulture, out ushort v) ? v : WireFormat.Version;

    /// <summary>How servers before the version-stable greeting refused another version (their only answer to it).</summary>
    private const string OlderMismatch = "protocol version mismatch: this session speaks ";

    /// <summary>Connects and greets whatever protocol version the server speaks (see <see cref="Welcome"/>).</summary>
    public static SessionConnection OpenAnyVersion(string socketPath, TimeSpan? timeout = null) => Greet(socketPath, 80, 24, timeout);

    private static SessionConnection Greet(string socketPath, int columns, int rows, TimeSpan? timeout)
    {
        if (UnixSocket.Connect(socketPath, out int errno) is not { } socket)
        {
            bool refused = errno == Libc.ECONNREFUSED;
            throw new SessionUnreachableException(refused ? "dead" : Libc.ErrorText(errno)) { Refused = refused };
        }
        var connection = new Connection(socket, acceptsDescriptors: true);
        var hello = new Hello(SpokenVersion, columns, rows, Environment.GetEnvironmentVariable("TERM") ?? "",
            SafeCwd(), EnvironmentBlock.Format(EnvironmentBlock.Current()));
        connection.Send(MessageType.Hello, hello.Encode());
        switch (connection.Receive(timeout))
        {
            case { Type: MessageType.Welcome } m:
                return new SessionConnection(connection, Welcome.Decode(m.Payload));
            case { Type: MessageType.Error } m:
                string error = new PayloadReader(m.Payload).String();
                var older = OlderServer(error, socket, socketPath);
                connection.Close();
                throw older ?? new SessionErrorException(error);
            default:
                connection.Close();
                throw new SessionUnreachableException("no answer");
        }
    }

    /// <summary>A server from before the stable greeting: its refusal names its version (and the kernel its process).</summary>
    private static OlderServerException? OlderServer(string error, UnixSocket socket, string socketPath)
    {
        if (!error.StartsWith(OlderMismatch, StringComparison.Ordinal)) return null;
        var rest = error.AsSpan(OlderMismatch.Length);
        int digits = rest.IndexOfAnyExceptInRange('0', '9');
        string number = (digits < 0 ? rest : rest[..digits]).ToString();
        if (!ushort.TryParse(number, System.Globalization.CultureInfo.InvariantCulture, out ushort version) || version >= WireFormat.FirstStableVersion) return null;
        var (pid, uid, _) = PeerCredentials.Get(socket);
        return new OlderServerException(error, version, pid, uid, Path.GetFileName(socketPath));
    }

    public SessionInfo Query(TimeSpan? timeout = null)
    {
        Connection.Send(MessageType.Query, []);
        var m = Connection.Receive(timeout) ?? throw new SessionUnreachableException("connection closed");
        if (m.Type != MessageType.SessionInfo) throw new ProtocolException($"the server answered with an unexpected message (type {(byte)m.Type})");
        return SessionInfo.Decode(m.Payload);
    }

    /// <summary>The session's state once all its programs have ended; null if it went away or the time ran out.</summary>
    public SessionInfo? Wait(TimeSpan? timeout)
    {
        Connection.Send(MessageType.Wait, []);
        var m = Connection.Receive(timeout);
        return m is { Type: MessageType.SessionInfo } r ? SessionInfo.Decode(r.Payload) : null;
    }

    /// <summary>Runs a command; with a <paramref name="timeout"/>, a server that does not answer in time throws
    /// <see cref="SessionUnreachableException"/>.</summary>
    public CommandResult Command(string window, string[] arguments, TimeSpan? timeout = null, bool query = false)
    {
        var deadline = timeout is { } t ? DateTime.UtcNow + t : DateTime.MaxValue;
        Connection.Send(MessageType.Command, new CommandRequest(window, arguments, query).Encode());
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var m = Connection.Receive(timeout is null ? null : left < TimeSpan.Zero ? TimeSpan.Zero : left);
            if (m is not { } message)
            {
                if (DateTime.UtcNow >= deadline) throw new SessionUnreachableException("no answer");
                break;
            }
            if (message.Type == MessageType.CommandResult) return CommandResult.Decode(message.Payload);
        }
        return CommandResult.Ok(); // e.g. quit: the session went away as asked
    }

    public static string SafeCwd()
    {
        try { return Environment.CurrentDirectory; }
        catch (IOException) { return "/"; }
    }

    public void Dispose() => Connection.Close();
}

/// <summary>The socket exists but no server answers on it.</summary>
internal sealed class SessionUnreachableException(string message) : Exception(message)
{
    /// <summary>Nobody listens on the socket any more (ECONNREFUSED): its server is gone.</summary>
    public bool Refused { get; init; }
}

/// <summary>The server answered with an error (version mismatch, a session that could not start).</summary>
internal class SessionErrorException(string message) : Exception(message);
