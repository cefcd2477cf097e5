using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Attached;

/// <summary>A client that stops reading (a frozen SSH connection) never slows the window or the other clients.</summary>
public class SlowClientTests
{
    [Fact]
    public async Task AClientThatNeverReadsDoesNotHoldUpTheProgramOrAnotherClient()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("flood", "sh", "-c", "read x; head -c 50000000 /dev/zero | tr '\\\\0' 'a'; echo; echo FLOOD-DONE; read y; echo AFTER-$y; sleep 1000");
        using var frozen = AttachWithoutReading(env);
        using var watcher = env.StartAttached(["-x", "flood"], 100, 30);
        await watcher.WaitForTextAsync("[flood] 0* sh");

        await env.Run("-S", "flood", "-X", "stuff", "\\n");
        // 50 MB go through the window while one client's socket is full and unread.
        await env.WaitForWindowTextAsync("flood", "FLOOD-DONE", TimeSpan.FromSeconds(60));
        await watcher.WaitForTextAsync("FLOOD-DONE", TimeSpan.FromSeconds(10));
        // The other client still types and sees the answer.
        watcher.SendKeys("typed\r");
        await watcher.WaitForTextAsync("AFTER-typed");
        Assert.Contains("(Attached)", await env.ListAsync());
    }

    /// <summary>Connects, attaches with a 120x40 terminal, and then never reads another byte.</summary>
    private static Socket AttachWithoutReading(MuxEnvironment env)
    {
        string socket = Directory.GetFileSystemEntries(env.SocketDirectory).Single();
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        s.Connect(new UnixDomainSocketEndPoint(socket));
        s.ReceiveBufferSize = 4096;
        var hello = new List<byte>();
        hello.AddRange(U16(1)); hello.AddRange(U16(120)); hello.AddRange(U16(40));
        hello.AddRange(Str("xterm")); hello.AddRange(Str("/")); hello.AddRange(I32(0));
        s.Send(Frame(0x01, [.. hello]));
        s.Send(Frame(0x02, [2])); // Attach, shared
        return s;
    }

    private static byte[] U16(int v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v); return b; }

    private static byte[] I32(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, v); return b; }

    private static byte[] Str(string v) => [.. I32(Encoding.UTF8.GetByteCount(v)), .. Encoding.UTF8.GetBytes(v)];

    private static byte[] Frame(byte type, byte[] payload) => [.. I32(payload.Length + 1), type, .. payload];
}
