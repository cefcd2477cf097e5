using System.Net.Sockets;
using Mux.Platform.Native;
using Mux.Protocol;

namespace Mux.Server.Tests.Ipc;

/// <summary>The connection's own socket calls: what a client is told when nobody answers, a peer that leaves, blocking mode.</summary>
public sealed class UnixSocketTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mux-usock-");

    public void Dispose() => _dir.Delete(true);

    [Fact]
    public void A_missing_socket_is_ENOENT()
    {
        Assert.Null(UnixSocket.Connect(Path.Combine(_dir.FullName, "none"), out int errno));
        Assert.Equal(Libc.ENOENT, errno);
    }

    [Fact]
    public void A_socket_nobody_listens_on_is_refused()
    {
        string path = Path.Combine(_dir.FullName, "dead");
        // Bound and never listening: what a server that is gone leaves (the framework deletes the file on close).
        using var bound = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        bound.Bind(new UnixDomainSocketEndPoint(path));
        Assert.Null(UnixSocket.Connect(path, out int errno));
        Assert.Equal(Libc.ECONNREFUSED, errno);
    }

    [Fact]
    public void A_path_longer_than_a_socket_address_holds_is_refused_in_words()
    {
        Assert.Null(UnixSocket.Connect("/tmp/" + new string('x', 200), out int errno));
        Assert.Equal(Libc.ENAMETOOLONG, errno);
        Assert.Equal("File name too long", Libc.ErrorText(errno));
    }

    [Fact]
    public async Task A_peer_that_goes_away_ends_a_receive_and_a_send_says_so()
    {
        string path = Path.Combine(_dir.FullName, "s");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        using var connection = new Connection(UnixSocket.Connect(path, out _)!);
        var accepted = listener.Accept();
        var receiving = Task.Run(() => connection.Receive(TimeSpan.FromSeconds(30)));
        accepted.Dispose();
        Assert.Null(await receiving.WaitAsync(TimeSpan.FromSeconds(10)));
        // Sending to a peer that has gone is false, not SIGPIPE (which would kill the process).
        Assert.False(connection.Send(MessageType.Output, "late"u8));
    }

    [Fact]
    public void A_duplicated_socket_blocks_even_if_the_original_did_not()
    {
        string path = Path.Combine(_dir.FullName, "b");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        using var client = UnixSocket.Connect(path, out _)!;
        using var accepted = listener.Accept();
        int fd = (int)accepted.SafeHandle.DangerousGetHandle();
        Assert.Equal(0, Libc.fcntl(fd, Libc.F_SETFL, Libc.fcntl(fd, Libc.F_GETFL, 0) | Libc.O_NONBLOCK));
        using var server = UnixSocket.Duplicate(accepted.SafeHandle);
        accepted.Dispose();
        using var lease = new UnixSocket.Lease(server);
        Assert.Equal(0, Libc.fcntl(lease.Fd, Libc.F_GETFL, 0) & Libc.O_NONBLOCK);
        Assert.Equal(Libc.FD_CLOEXEC, Libc.fcntl(lease.Fd, Libc.F_GETFD, 0) & Libc.FD_CLOEXEC);
    }
}
