using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Mux.Server.Ipc;
using Mux.Server.Native;
using Mux.Server.Pty;

namespace Mux.Server.Sessions;

/// <summary>How the client asks its own executable to become a session server.</summary>
/// <param name="LogFile">Log the first window to this file (screen's -L / -Logfile); null for no log.</param>
/// <param name="ConfigFile">A screenrc-style file whose session lines the server applies before the first window.</param>
public sealed record ServerStartInfo(string Name, int Columns, int Rows, string Cwd, string[] Command, bool StartedDetached,
    string? LogFile = null, string? ConfigFile = null)
{
    /// <summary>The internal first argument that turns <c>mux</c> into a server.</summary>
    public const string Verb = "__server";

    private const string None = "-";

    public string[] ToArguments() =>
        [Verb, Name, Columns.ToString(CultureInfo.InvariantCulture), Rows.ToString(CultureInfo.InvariantCulture), Cwd,
            StartedDetached ? "detached" : "attached", LogFile ?? None, ConfigFile ?? None, "--", .. Command];

    public static ServerStartInfo? Parse(string[] args)
    {
        if (args.Length < 10 || args[0] != Verb || args[8] != "--") return null;
        if (!int.TryParse(args[2], CultureInfo.InvariantCulture, out int cols) || !int.TryParse(args[3], CultureInfo.InvariantCulture, out int rows))
            return null;
        return new ServerStartInfo(args[1], cols, rows, args[4], args[9..], args[5] == "detached",
            args[6] == None ? null : args[6], args[7] == None ? null : args[7]);
    }
}

/// <summary>
/// The session server process: listens on <c>DIR/PID.NAME</c>, runs the first window, serves clients, and exits
/// (removing its socket) when the session ends.
/// </summary>
public static class SessionServer
{
    public static int Run(ServerStartInfo start)
    {
        string dir = SocketDirectory.Resolve();
        SocketDirectory.EnsureSecure(dir, create: true);
        int pid = Environment.ProcessId;
        string path = Path.Combine(dir, new SessionName(pid, start.Name).FileName);

        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        listener.Listen(64);

        var session = new Session(start.Name, pid, new SessionSettings { KeepExited = start.StartedDetached }, start.Columns, start.Rows);
        string? startupError = null;
        try
        {
            session.OpenWindow(new WindowSpec(start.Command, start.Cwd, EnvironmentBlock.Current(), LogFile: start.LogFile));
        }
        catch (PtyException e)
        {
            startupError = e.Message;
        }

        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; session.Quit(); });
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx => ctx.Cancel = true);

        var accepting = AcceptLoopAsync(listener, session, startupError);
        if (startupError != null)
        {
            // Stay just long enough to tell the client that started us why the session could not start.
            accepting.Wait(TimeSpan.FromSeconds(5));
        }
        else
        {
            session.Ended.Wait();
            // Give clients a moment to receive their "terminating" notice.
            Thread.Sleep(50);
        }
        try { File.Delete(path); } catch (IOException) { }
        return 0;
    }

    private static async Task AcceptLoopAsync(Socket listener, Session session, string? startupError)
    {
        uint uid = Libc.getuid();
        while (true)
        {
            Socket socket;
            try { socket = await listener.AcceptAsync().ConfigureAwait(false); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { return; }
            // Another user never gets further than this.
            if (!IsSameUser(socket, uid))
            {
                socket.Dispose();
                continue;
            }
            var connection = new Connection(socket);
            if (startupError != null)
            {
                await ReportStartupErrorAsync(connection, startupError).ConfigureAwait(false);
                return;
            }
            _ = new ClientHandler(session, connection).RunAsync();
        }
    }

    private static bool IsSameUser(Socket socket, uint uid)
    {
        try { return PeerCredentials.Get(socket).Uid == uid; }
        catch (SocketException) { return false; }
    }

    private static async Task ReportStartupErrorAsync(Connection connection, string error)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await connection.ReceiveAsync(timeout.Token).ConfigureAwait(false); }
        catch (Exception e) when (e is OperationCanceledException or ProtocolException) { }
        await connection.SendAsync(MessageType.Error, new PayloadWriter().String(error).WrittenSpan.ToArray()).ConfigureAwait(false);
        connection.Close();
    }
}
