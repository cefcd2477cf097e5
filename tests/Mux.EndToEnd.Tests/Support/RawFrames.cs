using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Mux.EndToEnd.Tests.Support;

/// <summary>
/// Hand-made protocol frames for tests that play a broken, hostile or frozen client on a session's socket,
/// built from the wire format's description (length, type byte, payload) rather than mux's own writer.
/// </summary>
public static class RawFrames
{
    public const byte Hello = 0x01;
    public const byte Attach = 0x02;
    public const byte Detach = 0x05;

    /// <summary>The protocol version the server speaks.</summary>
    public const byte Version = (byte)Mux.Protocol.WireFormat.Version;

    /// <summary>A frame; <paramref name="lengthOverride"/> puts a lie in the length field.</summary>
    public static byte[] Frame(byte type, byte[] payload, int? lengthOverride = null)
    {
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, lengthOverride ?? payload.Length + 1);
        frame[4] = type;
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>A Hello payload: version, terminal size, TERM, cwd, no environment.</summary>
    public static byte[] HelloPayload(int version = Version, int columns = 80, int rows = 24, string term = "", string cwd = "") =>
        [.. U16(version), .. U16(columns), .. U16(rows), .. Str(term), .. Str(cwd), .. I32(0)];

    public const byte TtyOpen = 0x0A;
    public const byte TtyOpened = 0x87;
    public const byte Output = 0x82;

    /// <summary>A TtyOpen payload: the terminal's path and device number.</summary>
    public static byte[] TtyOpenPayload(string path, int major, int minor) => [.. Str(path), .. I32(major), .. I32(minor)];

    /// <summary>A connection to the only session of <paramref name="env"/>.</summary>
    public static Socket Connect(MuxEnvironment env)
    {
        string socket = env.SingleSocketPath();
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        s.Connect(new UnixDomainSocketEndPoint(socket));
        return s;
    }

    /// <summary>The next frame's type and payload; throws when the server closes the connection.</summary>
    public static async Task<(byte Type, byte[] Payload)> ReceiveAsync(Socket s, CancellationToken token)
    {
        var header = new byte[5];
        await ReadExactlyAsync(s, header, token);
        var payload = new byte[BinaryPrimitives.ReadInt32LittleEndian(header) - 1];
        await ReadExactlyAsync(s, payload, token);
        return (header[4], payload);
    }

    /// <summary>Reads frames until one of <paramref name="type"/> and returns its payload.</summary>
    public static async Task<byte[]> ReceiveTypeAsync(Socket s, byte type)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var (t, payload) = await ReceiveAsync(s, timeout.Token);
            if (t == type) return payload;
        }
    }

    private static async Task ReadExactlyAsync(Socket s, byte[] buffer, CancellationToken token)
    {
        for (int got = 0; got < buffer.Length;)
        {
            int n = await s.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, token);
            if (n == 0) throw new IOException("the server closed the connection");
            got += n;
        }
    }

    private static byte[] U16(int v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v); return b; }

    private static byte[] I32(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, v); return b; }

    private static byte[] Str(string v) => [.. I32(Encoding.UTF8.GetByteCount(v)), .. Encoding.UTF8.GetBytes(v)];
}
