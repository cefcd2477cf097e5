using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests;

/// <summary>The harness itself, driven with ordinary programs so it is trusted before mux exists.</summary>
public class HarnessTests
{
    [Fact]
    public async Task StartProgramShowsOutputAndTakesKeys()
    {
        using var env = new MuxEnvironment();
        using var s = env.StartProgram("/bin/sh", ["-c", "printf hello; read x; printf '\\ngot:%s\\n' \"$x\"; exit 3"]);
        await s.WaitForTextAsync("hello");
        s.SendKeys("abc\r");
        await s.WaitForTextAsync("got:abc");
        Assert.Equal(3, await s.WaitForExitAsync());
        Assert.Equal("helloabc\n\ngot:abc", s.ScreenText); // the tty echoed the line and its Enter
        Assert.Contains("got:abc\r\n", s.RawText);
    }

    [Fact]
    public async Task EnvironmentAndDirectoriesArePrivate()
    {
        using var env = new MuxEnvironment();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(env.SocketDirectory));
        var r = await env.RunProgram("/bin/sh", ["-c", "echo \"$MUX_DIR|$HOME|$PWD|${STY-none}\"; echo oops >&2; exit 4"]);
        Assert.Equal(4, r.ExitCode);
        Assert.Equal($"{env.SocketDirectory}|{env.Home}|{env.Home}|none\n", r.Stdout);
        Assert.Equal("oops\n", r.Stderr);
        var r2 = await env.RunProgram("/bin/sh", ["-c", "echo ${HOME-unset} $EXTRA"], new Dictionary<string, string?> { ["HOME"] = null, ["EXTRA"] = "x" });
        Assert.Equal("unset x\n", r2.Stdout);
    }

    [Fact]
    public async Task ATimeoutShowsTheScreen()
    {
        using var env = new MuxEnvironment();
        using var s = env.StartProgram("/bin/sh", ["-c", "printf 'visible text'; sleep 100"]);
        await s.WaitForTextAsync("visible");
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => s.WaitForTextAsync("never", TimeSpan.FromMilliseconds(200)));
        Assert.Contains("visible text", ex.Message);
        Assert.Contains("'never'", ex.Message);
    }

    [Fact]
    public async Task ResizeReachesTheProgramAndTheTerminal()
    {
        using var env = new MuxEnvironment();
        using var s = env.StartProgram("/bin/sh", ["-c", "stty size; read x; stty size; read x"], cols: 70, rows: 20);
        await s.WaitForTextAsync("20 70");
        s.Resize(100, 30);
        Assert.Equal((100, 30), s.Read(t => (t.Columns, t.Rows)));
        s.SendKeys("\r");
        await s.WaitForTextAsync("30 100");
    }

    [Fact]
    public async Task HangUpSendsSighup()
    {
        using var env = new MuxEnvironment();
        using var s = env.StartProgram("/bin/sh", ["-c", "trap 'exit 9' HUP; printf ready; while :; do sleep 1; done"]);
        await s.WaitForTextAsync("ready");
        s.HangUp();
        int code = await s.WaitForExitAsync();
        Assert.True(code == 9 || code == 128 + 1, $"exit {code}");
    }

    [Fact]
    public async Task KillSendsASignal()
    {
        using var env = new MuxEnvironment();
        using var s = env.StartProgram("/bin/sh", ["-c", "printf ready; exec sleep 100"]);
        await s.WaitForTextAsync("ready");
        s.Kill(15);
        Assert.Equal(128 + 15, await s.WaitForExitAsync());
    }

    [Fact]
    public async Task DisposeKillsProcessesLeftInTheEnvironment()
    {
        int pid;
        using (var env = new MuxEnvironment())
        {
            // A detached process that outlives the command that started it, like a session server.
            var r = await env.RunProgram("/bin/sh", ["-c", "setsid sleep 1000 </dev/null >/dev/null 2>&1 & echo $!"]);
            pid = int.Parse(r.Stdout.Trim());
            File.WriteAllText(Path.Combine(env.SocketDirectory, $"{pid}.test"), "");
            Assert.Contains((pid, "test"), env.SocketNames());
            Assert.True(IsAlive(pid));
        }
        await Wait.UntilAsync(() => !IsAlive(pid), TimeSpan.FromSeconds(10), $"pid {pid} to die");
    }

    [Fact]
    public void MissingMuxBinIsAClearError()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MUX_BIN"))) return; // only checkable without it
        var ex = Assert.Throws<InvalidOperationException>(() => MuxEnvironment.MuxBinary);
        Assert.Contains("./test.sh", ex.Message);
    }

    /// <summary>Alive and not a zombie (a reparented child may linger unreaped as Z in a container).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException) { return false; }
    }
}
