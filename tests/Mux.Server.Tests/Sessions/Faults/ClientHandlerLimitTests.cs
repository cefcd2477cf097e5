using System.Diagnostics;
using System.Net.Sockets;
using Mux.Protocol;
using Mux.Server.Sessions;

namespace Mux.Server.Tests.Sessions.Faults;

/// <summary>What a connection that has not attached may cost: time, greeting size, and its place in the count.</summary>
public sealed class ClientHandlerLimitTests
{
    private static (Connection Server, Connection Client) Pair()
    {
        var dir = Directory.CreateTempSubdirectory("mux-limits-");
        var path = Path.Combine(dir.FullName, "s");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var client = Mux.Platform.Native.UnixSocket.Connect(path, out _)!;
        using var accepted = listener.Accept();
        var server = Mux.Platform.Native.UnixSocket.Duplicate(accepted.SafeHandle);
        dir.Delete(true);
        return (new Connection(server), new Connection(client));
    }

    private static readonly ConnectionLimits Short = new()
    {
        HelloTimeout = TimeSpan.FromMilliseconds(300),
        IdleTimeout = TimeSpan.FromMilliseconds(300),
        MaxHelloSize = 4096,
    };

    private static byte[] Hello(string cwd = "/") => new Hello(WireFormat.Version, 80, 24, "", cwd, []).Encode();

    /// <summary>Runs a handler for <paramref name="server"/> and returns its count, already holding it.</summary>
    private static (Task Done, UnattachedCount Count) Serve(Connection server)
    {
        var count = new UnattachedCount(4);
        Assert.True(count.TryAdd());
        var handler = new ClientHandler(new Session("t", Environment.ProcessId, new SessionSettings(), 80, 24), server, Short, count);
        return (Task.Run(handler.Run), count);
    }

    [Fact]
    public async Task A_greeted_connection_that_goes_silent_is_let_go_and_uncounted()
    {
        var (server, client) = Pair();
        using var c = client;
        var (done, count) = Serve(server);
        Assert.True(client.Send(MessageType.Hello, Hello()));
        Assert.Equal(MessageType.Welcome, client.Receive(TimeSpan.FromSeconds(5))?.Type);

        var clock = Stopwatch.StartNew();
        await done.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(3));
        Assert.Null(client.Receive(TimeSpan.FromSeconds(5)));   // closed by the server
        Assert.Equal(0, count.Count);
    }

    [Fact]
    public async Task A_greeting_larger_than_the_limit_ends_the_connection()
    {
        var (server, client) = Pair();
        using var c = client;
        var (done, count) = Serve(server);
        client.Send(MessageType.Hello, Hello(new string('x', 8192)));
        await done.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Null(client.Receive(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, count.Count);
    }

    [Fact]
    public void The_count_refuses_beyond_its_limit_and_frees_a_place_when_one_goes()
    {
        var count = new UnattachedCount(2);
        Assert.True(count.TryAdd());
        Assert.True(count.TryAdd());
        Assert.False(count.TryAdd());
        count.Remove();
        Assert.True(count.TryAdd());
    }
}
