using System.Runtime.InteropServices;

namespace Mux.Platform.Native;

/// <summary>An owned file descriptor. Reference counting keeps a blocked read/write from racing close().</summary>
public sealed class FdHandle : SafeHandle
{
    public FdHandle(int fd) : base(-1, ownsHandle: true) { SetHandle(fd); }

    public override bool IsInvalid => (int)handle < 0;

    public int Fd => (int)handle;

    protected override bool ReleaseHandle() => Libc.close((int)handle) == 0;
}
