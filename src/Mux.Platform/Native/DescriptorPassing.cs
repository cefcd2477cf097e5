using System.Runtime.InteropServices;

namespace Mux.Platform.Native;

/// <summary>
/// sendmsg/recvmsg with SCM_RIGHTS: a descriptor travels with the first byte of a message on a Unix socket.
/// The server hands an attached client its window's terminal this way so that keys need not pass through it.
/// </summary>
public static unsafe partial class DescriptorPassing
{
    private const int SOL_SOCKET = 1, SCM_RIGHTS = 1, MSG_CMSG_CLOEXEC = 0x40000000;
    private const int HeaderSize = 16;            // struct cmsghdr on LP64: size_t len; int level; int type
    private const int ControlSize = 64;           // room for a few descriptors in one receive

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec { public void* Base; public nuint Length; }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [LibraryImport("libc", SetLastError = true)] private static partial nint sendmsg(int fd, MsgHdr* msg, int flags);
    [LibraryImport("libc", SetLastError = true)] private static partial nint recvmsg(int fd, MsgHdr* msg, int flags);

    /// <summary>Sends <paramref name="data"/> with <paramref name="descriptor"/> attached; bytes sent, or -1 with errno.</summary>
    public static nint Send(int socket, ReadOnlySpan<byte> data, int descriptor, int flags, out int errno)
    {
        byte* control = stackalloc byte[24];
        new Span<byte>(control, 24).Clear();
        *(nuint*)control = HeaderSize + sizeof(int);
        *(int*)(control + 8) = SOL_SOCKET;
        *(int*)(control + 12) = SCM_RIGHTS;
        *(int*)(control + HeaderSize) = descriptor;
        fixed (byte* p = data)
        {
            var iov = new IoVec { Base = p, Length = (nuint)data.Length };
            var msg = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = 24 };
            nint n = sendmsg(socket, &msg, flags);
            errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
            return n;
        }
    }

    /// <summary>
    /// Receives into <paramref name="buffer"/>; descriptors that came with the bytes (close-on-exec) are added to
    /// <paramref name="descriptors"/>. Bytes received (0 at end of stream), or -1 with errno.
    /// </summary>
    public static nint Receive(int socket, Span<byte> buffer, Queue<int> descriptors, out int errno)
    {
        byte* control = stackalloc byte[ControlSize];
        fixed (byte* p = buffer)
        {
            var iov = new IoVec { Base = p, Length = (nuint)buffer.Length };
            var msg = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlSize };
            nint n = recvmsg(socket, &msg, MSG_CMSG_CLOEXEC);
            errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (n < 0) return n;
            nuint offset = 0;
            while (offset + HeaderSize <= msg.ControlLength)
            {
                byte* header = control + offset;
                nuint length = *(nuint*)header;
                if (length < HeaderSize || offset + length > msg.ControlLength) break;
                if (*(int*)(header + 8) == SOL_SOCKET && *(int*)(header + 12) == SCM_RIGHTS)
                {
                    for (nuint i = HeaderSize; i + sizeof(int) <= length; i += sizeof(int))
                        descriptors.Enqueue(*(int*)(header + i));
                }
                offset += (length + 7) & ~(nuint)7;
            }
            return n;
        }
    }
}
