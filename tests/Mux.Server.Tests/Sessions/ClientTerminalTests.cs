using System.Diagnostics;
using System.Runtime.InteropServices;
using Mux.Platform.Native;
using Mux.Server.Sessions;

namespace Mux.Server.Tests.Sessions;

/// <summary>The server's own handle on a client's terminal: the right device only, and never a blocked writer.</summary>
public sealed class ClientTerminalTests : IDisposable
{
    private int _master;
    private readonly int _slave;
    private readonly string _slavePath;

    public unsafe ClientTerminalTests()
    {
        _master = Libc.posix_openpt(Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC | Libc.O_NONBLOCK);
        Assert.True(_master >= 0);
        Assert.Equal(0, Libc.grantpt(_master));
        Assert.Equal(0, Libc.unlockpt(_master));
        byte* name = stackalloc byte[128];
        Assert.Equal(0, Libc.ptsname_r(_master, name, 128));
        _slavePath = Marshal.PtrToStringUTF8((nint)name)!;
        _slave = Libc.open(_slavePath, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC, 0);
        Assert.True(_slave >= 0);
    }

    private TerminalDevice Device => TerminalDevice.Of(_slave) ?? throw new InvalidOperationException("not a terminal");

    private unsafe string ReadMaster()
    {
        var buffer = new byte[4096];
        var text = new System.Text.StringBuilder();
        while (true)
        {
            nint n;
            fixed (byte* p = buffer) n = Libc.read(_master, p, buffer.Length);
            if (n <= 0) return text.ToString();
            text.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, (int)n));
        }
    }

    [Fact]
    public void The_terminal_a_client_names_is_opened_and_written_to()
    {
        Assert.Equal(_slavePath, Device.Path);
        using var terminal = ClientTerminal.Open(Device);
        Assert.NotNull(terminal);
        Assert.True(terminal.TryWrite("frame"u8, out bool complete));
        Assert.True(complete);
        Wait(() => ReadMaster() == "frame", "the frame on the terminal");
    }

    [Fact]
    public void A_path_that_is_not_that_terminal_is_refused()
    {
        var device = Device;
        Assert.Null(ClientTerminal.Open(device with { Minor = device.Minor + 1000 }));
        Assert.Null(ClientTerminal.Open(new TerminalDevice("/dev/null", device.Major, device.Minor)));
        Assert.Null(ClientTerminal.Open(device with { Path = "/no/such/tty" }));
    }

    [Fact]
    public async Task A_terminal_that_stops_reading_never_blocks_a_write_and_close_ends_the_wait()
    {
        using var terminal = ClientTerminal.Open(Device)!;
        var chunk = new byte[64 * 1024];
        chunk.AsSpan().Fill((byte)'x');
        // Nobody reads the master: the first non-blocking write keeps what did not fit.
        Assert.True(terminal.TryWrite(chunk, out bool complete));
        Assert.False(complete);
        Assert.False(terminal.TryWrite("more"u8, out _)); // earlier bytes are waiting: nothing taken

        var writer = Task.Run(() => terminal.Write(chunk)); // waits for room that never comes
        Assert.NotSame(writer, await Task.WhenAny(writer, Task.Delay(300)));
        terminal.Dispose();
        Assert.False(await writer.WaitAsync(TimeSpan.FromSeconds(5)), "Dispose ends a waiting write");
        Assert.False(terminal.Failed);
        Assert.False(terminal.TryWrite("late"u8, out _));
    }

    [Fact]
    public void A_hung_up_terminal_fails_the_write()
    {
        using var terminal = ClientTerminal.Open(Device)!;
        Libc.close(_master);
        _master = -1;
        // The hang-up comes with the master's last close: a child another test spawns at this moment holds
        // a copy of it until its exec, so wait for the kernel to report it rather than assume it is immediate.
        Assert.True(AwaitHangUp(_slave, TimeSpan.FromSeconds(10)), "the slave reports the hang-up");
        Assert.False(terminal.Write("after hang-up"u8));
        Assert.True(terminal.Failed);
    }

    private static unsafe bool AwaitHangUp(int fd, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var entry = new Libc.PollFd { Fd = fd, Events = 0 };
            int ready = Libc.poll(&entry, 1, (int)Math.Max(1, (limit - clock.Elapsed).TotalMilliseconds));
            if (ready > 0 && (entry.Revents & Libc.POLLHUP) != 0) return true;
            if (ready < 0 && Marshal.GetLastPInvokeError() != Libc.EINTR) return false;
        }
        return false;
    }

    private static void Wait(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(5)) Assert.Fail($"timed out waiting for {what}");
            Thread.Sleep(5);
        }
    }

    public void Dispose()
    {
        Libc.close(_slave);
        if (_master >= 0) Libc.close(_master);
    }
}
