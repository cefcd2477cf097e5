using System.Net.Sockets;
using Mux.Protocol;

namespace Mux.Server.Tests.Ipc;

/// <summary>The non-blocking send used for frames drawn on a window's reader thread.</summary>
public sealed class ConnectionTests
{
    private static (Connection Sender, Connection Receiver) Pair()
    {
        var dir = Directory.CreateTempSubdirectory("mux-conn-");
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

    /// <summary>Output payloads (large output comes in several messages) until <paramref name="length"/> bytes.</summary>
    private static byte[] ReceiveOutput(Connection receiver, int length)
    {
        var all = new List<byte>();
        while (all.Count < length && receiver.Receive(TimeSpan.FromSeconds(10)) is { Type: MessageType.Output } m) all.AddRange(m.Payload);
        return all.ToArray();
    }

    [Fact]
    public void TrySendOutput_to_a_reading_peer_sends_the_whole_message_at_once()
    {
        var (sender, receiver) = Pair();
        using var s = sender;
        using var r = receiver;

        Assert.True(sender.TrySendOutput("hello"u8, out bool complete));
        Assert.True(complete);
        var m = receiver.Receive(TimeSpan.FromSeconds(5));
        Assert.Equal(MessageType.Output, m?.Type);
        Assert.Equal("hello"u8.ToArray(), m?.Payload);
    }

    [Fact]
    public async Task What_TrySendOutput_could_not_send_goes_whole_and_first_with_the_next_Send()
    {
        var (sender, receiver) = Pair();
        using var s = sender;
        using var r = receiver;
        // Several times what a Unix socket buffers (and under the frame cap), so the non-blocking send can only send part of it.
        var big = new byte[900_000];
        for (int i = 0; i < big.Length; i++) big[i] = (byte)('a' + i % 26);

        Assert.True(sender.TrySendOutput(big, out bool complete));
        Assert.False(complete);
        // With a message still half sent, another TrySendOutput sends nothing rather than interleave.
        Assert.False(sender.TrySendOutput("x"u8, out _));

        var sending = Task.Run(() => sender.Send(MessageType.Output, "after"u8));
        var first = ReceiveOutput(receiver, big.Length);
        var second = receiver.Receive(TimeSpan.FromSeconds(10));
        Assert.True(await sending.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(big, first);
        Assert.Equal("after"u8.ToArray(), second?.Payload);
    }

    [Fact]
    public async Task SendBacklog_completes_a_partly_sent_message()
    {
        var (sender, receiver) = Pair();
        using var s = sender;
        using var r = receiver;
        var big = new byte[900_000];
        Random.Shared.NextBytes(big);

        Assert.True(sender.TrySendOutput(big, out bool complete));
        Assert.False(complete);
        var flushing = Task.Run(sender.SendBacklog);
        var received = ReceiveOutput(receiver, big.Length);
        Assert.True(await flushing.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(big, received);
    }

    [Fact]
    public void Receive_with_a_timeout_returns_null_when_nothing_comes()
    {
        var (sender, receiver) = Pair();
        using var s = sender;
        using var r = receiver;

        Assert.Null(receiver.Receive(TimeSpan.FromMilliseconds(50)));
        Assert.True(receiver.IsClosed);
    }

    [Fact]
    public unsafe void A_descriptor_sent_with_a_message_arrives_with_it_and_works()
    {
        var (a, b) = Pair();
        using var sender = a;
        var receiver = new Connection(b.Socket, acceptsDescriptors: true);
        using var _ = receiver;
        int* pipe = stackalloc int[2];
        Assert.Equal(0, Pipe(pipe));
        try
        {
            Assert.True(sender.Send(MessageType.Output, "first"u8));
            Assert.True(sender.SendWithDescriptor(MessageType.InputRoute, "route"u8, pipe[1]));
            Assert.Equal(MessageType.Output, receiver.Receive(TimeSpan.FromSeconds(5))!.Value.Type);
            var m = receiver.Receive(TimeSpan.FromSeconds(5))!.Value;
            Assert.Equal(MessageType.InputRoute, m.Type);
            Assert.Equal("route"u8.ToArray(), m.Payload.ToArray());
            int fd = receiver.TakeDescriptor();
            Assert.True(fd >= 0 && fd != pipe[1]);
            Assert.Equal(-1, receiver.TakeDescriptor());
            byte x = (byte)'k';
            Assert.Equal(1, (int)Mux.Platform.Native.Libc.write(fd, &x, 1));
            Mux.Platform.Native.Libc.close(fd);
            byte y = 0;
            Assert.Equal(1, (int)Mux.Platform.Native.Libc.read(pipe[0], &y, 1));
            Assert.Equal(x, y);
        }
        finally
        {
            Mux.Platform.Native.Libc.close(pipe[0]);
            Mux.Platform.Native.Libc.close(pipe[1]);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "pipe")]
    private static extern unsafe int Pipe(int* fds);
}
