using Mux.Platform.Native;

namespace Mux.Protocol;

/// <summary>Who is at the other end of a connected Unix socket, as the kernel recorded at connect time.</summary>
public static class PeerCredentials
{
    /// <summary>SO_PEERCRED; <see cref="IOException"/> when the kernel cannot say.</summary>
    public static (int Pid, uint Uid, uint Gid) Get(UnixSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!socket.TryGetPeer(out int pid, out uint uid, out uint gid)) throw new IOException("the socket's peer cannot be identified");
        return (pid, uid, gid);
    }
}
