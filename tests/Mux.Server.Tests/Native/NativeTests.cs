using System.Runtime.InteropServices;
using Mux.Platform.Native;
using Mux.Platform.Pty;

namespace Mux.Server.Tests.Native;

public class NativeTests
{
    [Fact]
    public async Task SpawnDetachedStartsADaemonInItsOwnSessionOnDevNull()
    {
        string dir = Directory.CreateTempSubdirectory("mux-daemon-").FullName;
        try
        {
            string outFile = Path.Combine(dir, "out");
            // Fields of /proc/PID/stat: pid (comm) state ppid pgrp session tty_nr.
            string script = "read pid comm state ppid pgrp sid ttynr rest < /proc/$$/stat; " +
                            $"echo \"$sid $ttynr $(readlink /proc/$$/fd/0) $(readlink /proc/$$/fd/1) $(readlink /proc/$$/fd/2) $PWD $MUXTEST\" > {outFile}; exit 4";
            int pid = Spawner.SpawnDetached("/bin/sh", ["/bin/sh", "-c", script], ["MUXTEST=yes", "PATH=/usr/bin:/bin"], dir);
            var exited = new TaskCompletionSource<ExitStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
            ChildReaper.Register(pid, s => exited.TrySetResult(s));
            Assert.Equal(4, (await exited.Task.WaitAsync(TimeSpan.FromSeconds(10))).Code);
            string line = File.ReadAllText(outFile).Trim();
            Assert.Equal($"{pid} 0 /dev/null /dev/null /dev/null {dir} yes", line); // session leader, no controlling tty
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void SpawnDetachedReportsAMissingProgram()
    {
        var ex = Assert.Throws<PtyException>(() => Spawner.SpawnDetached("/no/such/mux", ["mux"], null, "/"));
        Assert.Equal("cannot run '/no/such/mux': No such file or directory", ex.Message);
    }

    [Fact]
    public void TryWaitDoesNotBlockAndReportsTheStatus()
    {
        int pid = Spawner.SpawnDetached("/bin/sh", ["sh", "-c", "read x"], null, "/"); // stdin is /dev/null: exits 1 at once
        var done = new ManualResetEventSlim();
        ExitStatus status = default;
        ChildReaper.Register(pid, s => { status = s; done.Set(); });
        Assert.True(done.Wait(10_000));
        Assert.Equal(1, status.Code);
        Assert.True(Spawner.TryWait(pid, out var again)); // already reaped: ECHILD, reported as lost
        Assert.True(again.IsLost);
    }

    [Fact]
    public void RawModeOnAPtySlaveAndRestore()
    {
        using var pty = PtyProvider.Spawn(new PtyOptions { App = "/bin/sleep", CommandLine = ["30"], Cols = 100, Rows = 33 });
        int fd = Libc.open(pty.SlaveName!, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC, 0);
        Assert.True(fd >= 0, $"open {pty.SlaveName}: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            Assert.True(Tty.IsTerminal(fd));
            Assert.False(Tty.IsTerminal(-1));
            Assert.True(Tty.TryGetSize(fd, out int cols, out int rows));
            Assert.Equal((100, 33), (cols, rows));

            uint lflagBefore = LocalFlags(fd);
            const uint ICANON = 0x2, ECHO = 0x8, ISIG = 0x1;
            Assert.NotEqual(0u, lflagBefore & (ICANON | ECHO | ISIG));
            using (var raw = RawMode.Enter(fd))
            {
                Assert.Equal(0u, LocalFlags(fd) & (ICANON | ECHO | ISIG));
                raw.Restore();
                Assert.Equal(lflagBefore, LocalFlags(fd));
                raw.Restore(); // idempotent
                raw.Reapply();
                Assert.Equal(0u, LocalFlags(fd) & ICANON);
            } // Dispose restores
            Assert.Equal(lflagBefore, LocalFlags(fd));
        }
        finally { Libc.close(fd); pty.Kill(); }
    }

    private static unsafe uint LocalFlags(int fd)
    {
        byte* t = stackalloc byte[Libc.TermiosSize];
        Assert.Equal(0, Libc.tcgetattr(fd, t));
        return ((uint*)t)[3]; // c_iflag, c_oflag, c_cflag, c_lflag
    }

    [Fact]
    public void RawModeOnANonTerminalThrows()
    {
        Assert.Throws<IOException>(() => RawMode.Enter(-1));
    }
}
