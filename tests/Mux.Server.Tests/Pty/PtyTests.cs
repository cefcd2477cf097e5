using System.Text;
using Mux.Platform.Pty;

namespace Mux.Server.Tests.Pty;

public class PtyTests
{
    [Fact]
    public async Task EchoReachesTheMasterThenEof()
    {
        using var o = new PtyOutput(PtyProvider.Spawn(PtyTestExtensions.Sh("echo hi")));
        string all = await o.WaitForEofAsync();
        Assert.Equal("hi\r\n", all); // ONLCR: the tty turns \n into \r\n
        var status = await o.Pty.ExitedAsync();
        Assert.Equal(0, status.Code);
        Assert.Equal(0, o.Pty.ExitCode);
        Assert.Equal("exit 0", status.ToString());
    }

    [Fact]
    public async Task ExitCodeIsReported()
    {
        using var pty = await PtyProvider.SpawnAsync(PtyTestExtensions.Sh("exit 3"), CancellationToken.None);
        var status = await pty.ExitedAsync();
        Assert.Equal(ExitStatus.Exited(3), status);
        Assert.Equal(3, pty.ExitCode);
        Assert.True(pty.WaitForExit(0));
        Assert.Equal(status, pty.Status);
    }

    [Fact]
    public async Task KillReportsTheSignal()
    {
        using var o = new PtyOutput(PtyProvider.Spawn(PtyTestExtensions.Sh("echo ready; sleep 100")));
        await o.WaitForAsync("ready");
        Assert.Null(o.Pty.Status);
        var exited = o.Pty.ExitedAsync();
        o.Pty.Kill();
        var status = await exited;
        Assert.Equal(9, status.Signal);
        Assert.Equal("SIGKILL", status.ToString());
        Assert.Equal(128 + 9, o.Pty.ExitCode);
    }

    [Fact]
    public async Task ChildIsSessionLeaderWithThePtyAsControllingTerminal()
    {
        // /proc/PID/stat fields: pid (comm) state ppid pgrp session tty_nr ...
        using var o = new PtyOutput(PtyProvider.Spawn(PtyTestExtensions.Sh(
            "tty; read pid comm state ppid pgrp sid ttynr rest < /proc/$$/stat; echo \"pid=$pid sid=$sid pgrp=$pgrp ttynr=$ttynr\"")));
        string text = await o.WaitForEofAsync();
        var pty = o.Pty;
        Assert.NotNull(pty.SlaveName);
        Assert.StartsWith("/dev/pts/", pty.SlaveName);
        Assert.Contains(pty.SlaveName + "\r\n", text);
        Assert.Contains($"pid={pty.Pid} sid={pty.Pid} pgrp={pty.Pid} ttynr=", text);
        Assert.DoesNotContain("ttynr=0\r", text);
    }

    [Fact]
    public async Task CtrlCInterruptsTheForegroundProgram()
    {
        using var o = new PtyOutput(PtyProvider.Spawn(new PtyOptions { App = "/bin/cat", Environment = { ["PATH"] = "/usr/bin:/bin" } }));
        var exited = o.Pty.ExitedAsync();
        o.Pty.WriterStream.Write([0x03]);
        var status = await exited;
        Assert.Equal(2, status.Signal); // SIGINT reached cat: the tty is its controlling terminal, signals defaulted
    }

    [Fact]
    public async Task TrapSeesInterrupt()
    {
        using var o = new PtyOutput(PtyProvider.Spawn(PtyTestExtensions.Sh("trap 'echo GOT-INT; exit 7' INT; echo ready; while :; do sleep 1; done")));
        await o.WaitForAsync("ready");
        var exited = o.Pty.ExitedAsync();
        o.Pty.WriterStream.Write("\x03"u8);
        await o.WaitForAsync("GOT-INT");
        Assert.Equal(7, (await exited).Code);
    }

    [Fact]
    public async Task ResizeIsSeenByStty()
    {
        using var o = new PtyOutput(PtyProvider.Spawn(PtyTestExtensions.Sh("stty size; read x; stty size", cols: 90, rows: 20)));
        await o.WaitForAsync("20 90");
        o.Pty.Resize(132, 43);
        o.Pty.WriterStream.Write("\n"u8);
        await o.WaitForAsync("43 132");
    }

    [Fact]
    public async Task EnvironmentAndCwdReachTheChild()
    {
        string dir = Directory.CreateTempSubdirectory("mux-pty-").FullName;
        try
        {
            var options = PtyTestExtensions.Sh("echo \"[$FOO|$PWD|${HOME-unset}]\"; pwd");
            options.Environment["FOO"] = "bar baz";
            options.Cwd = dir;
            using var o = new PtyOutput(PtyProvider.Spawn(options));
            string text = await o.WaitForEofAsync();
            Assert.Contains($"[bar baz|{dir}|unset]", text); // only what we passed: HOME is not inherited
            Assert.Contains(dir + "\r\n", text);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void MissingProgramThrowsAClearMessage()
    {
        var ex = Assert.Throws<PtyException>(() => PtyProvider.Spawn(new PtyOptions { App = "no-such-program-xyz", Environment = { ["PATH"] = "/usr/bin:/bin" } }));
        Assert.Equal("cannot run 'no-such-program-xyz': No such file or directory", ex.Message);
        var ex2 = Assert.Throws<PtyException>(() => PtyProvider.Spawn(new PtyOptions { App = "/nonexistent/prog" }));
        Assert.Equal("cannot run '/nonexistent/prog': No such file or directory", ex2.Message);
        var ex3 = Assert.Throws<PtyException>(() => PtyProvider.Spawn(new PtyOptions { App = "/bin/sh", Cwd = "/no/such/dir" }));
        Assert.Contains("'/no/such/dir' does not exist", ex3.Message);
    }

    [Fact]
    public async Task ProgramIsFoundInTheChildsPath()
    {
        string dir = Directory.CreateTempSubdirectory("mux-path-").FullName;
        try
        {
            string prog = Path.Combine(dir, "mux-test-prog");
            File.WriteAllText(prog, "#!/bin/sh\necho from-child-path\n");
            File.SetUnixFileMode(prog, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
            using var o = new PtyOutput(PtyProvider.Spawn(new PtyOptions { App = "mux-test-prog", Environment = { ["PATH"] = dir + ":/usr/bin:/bin" } }));
            await o.WaitForAsync("from-child-path");
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task DisposeHangsUpTheChildAndWakesTheReader()
    {
        var pty = PtyProvider.Spawn(PtyTestExtensions.Sh("trap 'exit 42' HUP; echo ready; while :; do sleep 1; done"));
        using var o = new PtyOutput(pty);
        await o.WaitForAsync("ready");
        var exited = pty.ExitedAsync();
        pty.Dispose(); // closing the master hangs up the slave: SIGHUP to the session
        await o.WaitForEofAsync();
        var status = await exited;
        Assert.True(status.Code == 42 || status.Signal == 1, status.ToString());
        Assert.Equal(0, pty.ReaderStream.Read(new byte[10]));
        Assert.Throws<ObjectDisposedException>(() => pty.WriterStream.Write("x"u8));
    }

    [Fact]
    public async Task LargeWritesAndReadsAreComplete()
    {
        // cat echoes back; -echo so the tty does not double it. The pty buffer is small, so the write must loop.
        using var o = new PtyOutput(PtyProvider.Spawn(PtyTestExtensions.Sh("stty -echo -icanon; echo ready; head -c 200000 | wc -c")));
        await o.WaitForAsync("ready");
        var payload = Encoding.ASCII.GetBytes(new string('x', 200_000));
        await Task.Run(() => o.Pty.WriterStream.Write(payload)).WaitAsync(TimeSpan.FromSeconds(20));
        await o.WaitForAsync("200000");
    }

    [Fact]
    public async Task ExitedHandlerAddedLateStillRuns()
    {
        using var pty = PtyProvider.Spawn(PtyTestExtensions.Sh("exit 5"));
        Assert.True(pty.WaitForExit(10_000));
        Assert.Equal(5, (await pty.ExitedAsync()).Code);
    }

    [Fact]
    public void ExitStatusFormatting()
    {
        Assert.Equal("exit 1", ExitStatus.Exited(1).ToString());
        Assert.Equal("SIGKILL", ExitStatus.Killed(9).ToString());
        Assert.Equal(137, ExitStatus.Killed(9).ShellCode);
        Assert.Equal(ExitStatus.Killed(15), ExitStatus.FromWaitStatus(15));
        Assert.Equal(ExitStatus.Exited(3), ExitStatus.FromWaitStatus(3 << 8));
        Assert.Equal("SIGSEGV (core dumped)", ExitStatus.FromWaitStatus(11 | 0x80).ToString());
    }
}
