using Mux.Protocol;
using Mux.Server.Commands;
using Mux.Server.Survival;

namespace Mux.Server.Sessions;

/// <summary>
/// Serves one connection on a thread of its own: checks the Hello, then answers commands and queries or, after
/// Attach, carries input (and a render thread carries frames). Whatever goes wrong here closes this connection only.
/// Until it attaches, the connection is held to <see cref="ConnectionLimits"/> and counted in <paramref name="unattached"/>
/// (which the caller has already counted it in).
/// </summary>
public sealed class ClientHandler(Session session, Connection connection, ConnectionLimits limits, UnattachedCount unattached)
{
    private int _counted = 1;
    private bool _resizePending;

    private ClientIdentity _identity = new("/", new Dictionary<string, string>());
    private TerminalSize _size = new(80, 24);
    private AttachedClient? _attached;

    /// <summary>Serves the connection on a new background thread.</summary>
    public void Start()
    {
        new Thread(Run) { IsBackground = true, Name = "client" }.Start();
    }

    public void Run()
    {
        try
        {
            if (!Greet()) return;
            while (Receive() is { } message)
            {
                if (!Handle(message)) return;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Garbage on the socket, a peer gone, or any other fault in serving this connection: it costs that
            // connection, never the session and its programs.
        }
        finally
        {
            Uncount();
            if (_attached is { } a) session.Detach(a, DetachReason.Requested);
            connection.Close();
        }
    }

    /// <summary>The next message; a connection that has not attached may not idle for long.</summary>
    private Message? Receive()
    {
        if (_resizePending && !connection.HasMoreInput) ApplyResize();
        return connection.Receive(_attached is null ? limits.IdleTimeout : null);
    }

    /// <summary>No longer counted against <see cref="ConnectionLimits.MaxUnattached"/> (attached, or gone).</summary>
    private void Uncount()
    {
        if (Interlocked.Exchange(ref _counted, 0) == 1) unattached.Remove();
    }

    private bool Greet()
    {
        // A greeting larger than any honest one is garbage (ProtocolException): this connection ends.
        if (connection.Receive(limits.HelloTimeout, limits.MaxHelloSize) is not { Type: MessageType.Hello } m) return false;
        ushort version = ServerUpgrade.AnnouncedVersion;
        var hello = Hello.Decode(m.Payload, version);
        if (hello.Version != version)
        {
            // The version-stable subset (see WireFormat).
            ServerUpgrade.ServeOtherVersion(session, connection, hello.Version, limits.IdleTimeout);
            return false;
        }
        _identity = new ClientIdentity(hello.Cwd, EnvironmentBlock.Parse(hello.Environment));
        _size = new TerminalSize(hello.Columns, hello.Rows);
        return connection.Send(MessageType.Welcome, new Welcome(version, session.Pid, session.Name).Encode());
    }

    private bool Handle(Message message)
    {
        // Only the last of a burst of resizes counts: a storm of them costs one reflow, not one each.
        if (message.Type == MessageType.Resize)
        {
            _size = TerminalSize.Decode(message.Payload);
            _resizePending = true;
            return true;
        }
        if (_resizePending) ApplyResize();
        switch (message.Type)
        {
            case MessageType.Attach:
                var attach = new PayloadReader(message.Payload);
                var mode = (AttachMode)attach.U8();
                // The flags byte came later: a client that sends none attaches writable.
                Attach(mode, !attach.AtEnd && (attach.U8() & AttachFlags.ReadOnly) != 0);
                return true;
            case MessageType.Input:
                var input = new PayloadReader(message.Payload).Bytes();
                if (_attached is { } client)
                {
                    using (session.Sync.Enter())
                    {
                        client.Input(input);
                        session.NoteTyping(client);
                    }
                    client.Route.Handled();
                    client.Route.Update();
                }
                return true;
            case MessageType.Detach:
                if (_attached != null) session.Detach(_attached, DetachReason.Requested);
                return true;
            case MessageType.TtyOpen:
                return OpenTerminal(TerminalDeviceRequest.Decode(message.Payload));
            case MessageType.TtyClose:
                _attached?.UseTerminal(null);
                return connection.Send(MessageType.TtyClosed, []);
            case MessageType.InputRouteTaken:
                _attached?.Route.Taken();
                return true;
            case MessageType.TerminalColors:
                Survival.FaultInjection.BeforeTerminalColors();
                var colors = TerminalColors.Decode(message.Payload);
                if (_attached is { } colored)
                {
                    using (session.Sync.Enter())
                    {
                        foreach (var (slot, rgb) in colors.Colors) colored.Colors.Set(slot, rgb);
                        colored.KittyKeys = colors.KittyKeys;
                        session.OfferKittyKeys();
                    }
                    // Counted like a key: the client writes no key straight to the window until the programs hear this.
                    colored.Route.Handled();
                    colored.Route.Update();
                }
                return true;
            case MessageType.Redraw:
                // The client asks only with its terminal freshly taken back, its key modes off.
                _attached?.OnTerminalReset();
                return true;
            case MessageType.Command:
                var request = CommandRequest.Decode(message.Payload);
                CommandResult result;
                int messagesBefore;
                using (session.Sync.Enter())
                {
                    // Read under the lock: another thread's alert between this and the command must not hide its answer.
                    messagesBefore = _attached?.MessagesShown ?? 0;
                    var target = request.Window.Length == 0 ? session.Current : session.FindWindow(request.Window);
                    result = request.Window.Length > 0 && target is null
                        ? CommandResult.Fail($"no window {request.Window}")
                        : CommandTable.Run(new CommandContext(session, target, _identity, _attached, request.Query), request.Arguments);
                }
                if (_attached is { } attached)
                {
                    attached.Route.Handled();
                    attached.Route.Update();
                    // A key or the colon prompt has no stdout: its answer or refusal goes on the message line.
                    // An answer only when the command put up no message of its own (log says "Logging window 0 to …").
                    string said = (result.Error.Length > 0 ? result.Error : messagesBefore == attached.MessagesShown ? result.Output : "").TrimEnd('\n');
                    if (said.Length > 0 && !request.Query) attached.ShowMessage(said.Replace('\n', ' '));
                }
                return connection.Send(MessageType.CommandResult, result.Encode());
            case MessageType.Wait:
                // This thread serves only this connection, so waiting here holds up nobody else; a waiter that
                // goes away (Ctrl+C on `mux wait`) ends the wait instead of leaving this thread behind.
                var final = session.WhenAllExitedAsync();
                while (!final.Wait(TimeSpan.FromSeconds(1)))
                {
                    if (connection.PeerHasClosed()) return false;
                }
                return connection.Send(MessageType.SessionInfo, final.Result.Encode());
            case MessageType.Upgrade:
                ServerUpgrade.Upgrade(session, connection, message.Payload);
                return false;
            case MessageType.Query:
                return connection.Send(MessageType.SessionInfo, SessionReport.Describe(session).Encode());
            case MessageType.Subscribe:
                // A reader stays as long as it likes, as an attached client does: it no longer counts as waiting.
                Uncount();
                Events.EventFeed.Serve(session.Events, connection, EventSubscription.Decode(message.Payload), session.Name, session.Pid);
                return false;
            default:
                throw new ProtocolException($"unexpected message {message.Type}");
        }
    }

    private void ApplyResize()
    {
        _resizePending = false;
        if (_attached is not { } client) return;
        using (session.Sync.Enter())
        {
            client.Resize(_size.Columns, _size.Rows);
            session.OnClientResized();
        }
    }

    /// <summary>
    /// Frames go straight to the client's terminal when the server can open it as the same device. The client
    /// drops frames from the socket until the answer, so on failure the full redraw must follow the answer.
    /// </summary>
    private bool OpenTerminal(Mux.Platform.Native.TerminalDevice device)
    {
        // Read once: the render thread clears it when the client detaches (its Detach may overtake this).
        var client = _attached;
        var terminal = client is null ? null : ClientTerminal.Open(device);
        if (client is not null && terminal is not null && client.UseTerminal(terminal))
            return connection.Send(MessageType.TtyOpened, [1]);
        bool sent = connection.Send(MessageType.TtyOpened, [0]);
        // Frames reach the client from the socket again (it dropped them while waiting), on a terminal without key modes.
        client?.OnTerminalReset();
        return sent;
    }

    private void Attach(AttachMode mode, bool readOnly)
    {
        if (_attached != null) return;
        var client = new AttachedClient(session, connection, _size.Columns, _size.Rows) { ReadOnly = readOnly };
        if (!session.TryAttach(client, mode, out var refusal))
        {
            connection.Send(MessageType.Detached, new DetachedNotice(DetachReason.Refused, refusal ?? "").Encode());
            return;
        }
        _attached = client;
        Uncount();
        new Thread(() => RunAttached(client)) { IsBackground = true, Name = "render" }.Start();
    }

    private void RunAttached(AttachedClient client)
    {
        string? fault = null;
        try { client.RenderLoop(); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // As in Run: this client is let go, the session goes on; it is told why it was detached.
            fault = Mux.Platform.Native.ErrorText.Describe(e);
            session.Detach(client, DetachReason.Requested);
        }
        // The client restores its terminal once it reads the notice: nothing of ours may reach the terminal after.
        client.UseTerminal(null);
        var reason = client.Detached.GetAwaiter().GetResult();
        _attached = null;
        string text = reason switch
        {
            DetachReason.SessionEnded => "[screen is terminating]",
            DetachReason.DetachedElsewhere => $"[remote detached from {session.FullName}]",
            _ when fault is not null => $"[detached from {session.FullName}: mux could not draw the screen ({fault}); the session goes on: mux -r to attach again]",
            _ => $"[detached from {session.FullName}]",
        };
        connection.Send(MessageType.Detached, new DetachedNotice(reason, text).Encode());
    }
}
