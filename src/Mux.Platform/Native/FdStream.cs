using System.Runtime.InteropServices;

namespace Mux.Platform.Native;

/// <summary>
/// A stream over a descriptor we do not own (stdin, stdout, stderr) doing plain read(2)/write(2).
/// FileStream would track its own offset and pwrite at it, so two streams on one redirected file overwrite
/// each other; the terminal and <c>&gt;&gt; log</c> both need the descriptor's own position.
/// </summary>
public sealed unsafe class FdStream(int fd) : Stream
{
    private const int EINTR = 4;
    private const int EAGAIN = 11;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = Libc.read(fd, p, buffer.Length);
                if (n >= 0) return (int)n;
                int errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR) continue;
                throw new IOException($"read: {Libc.ErrorText(errno)}");
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            byte* p = start;
            nint left = buffer.Length;
            while (left > 0)
            {
                nint n = Libc.write(fd, p, left);
                if (n > 0) { p += n; left -= n; continue; }
                int errno = Marshal.GetLastPInvokeError();
                if (n < 0 && (errno == EINTR || errno == EAGAIN)) { if (errno == EAGAIN) Thread.Sleep(1); continue; }
                throw new IOException($"write: {Libc.ErrorText(errno)}");
            }
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
