using System.Runtime.InteropServices;
using System.Net.Sockets;

namespace Mux.Protocol;

/// <summary>Who is at the other end of a connected Unix socket, as the kernel recorded at connect time.</summary>
public static class PeerCredentials
{
    private const int SOL_SOCKET = 1, SO_PEERCRED = 17;

    /// <summary>SO_PEERCRED: struct ucred { int pid; uint uid; uint gid; }.</summary>
    public static (int Pid, uint Uid, uint Gid) Get(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Span<byte> cred = stackalloc byte[12];
        int n = socket.GetRawSocketOption(SOL_SOCKET, SO_PEERCRED, cred);
        if (n < 12) throw new IOException($"SO_PEERCRED returned {n} bytes, expected 12");
        // Native byte order: the kernel fills a C struct.
        return (MemoryMarshal.Read<int>(cred), MemoryMarshal.Read<uint>(cred[4..]), MemoryMarshal.Read<uint>(cred[8..]));
    }
}
