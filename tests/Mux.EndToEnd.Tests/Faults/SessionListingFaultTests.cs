using System.Diagnostics;
using System.Net.Sockets;
using Mux.EndToEnd.Tests.Support;
using Mux.Platform.Native;
using Mux.Protocol;

namespace Mux.EndToEnd.Tests.Faults;

/// <summary>
/// Listing, wiping and choosing sessions when servers are stopped, gone, or their pids reused, when the socket
/// directory holds things that are not sockets, and when there is no terminal to attach.
/// </summary>
public class SessionListingFaultTests
{
    [Fact]
    public async Task AStoppedServerIsUnreachableAndSurvivesWipe()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("frozen", "sleep", "1000");
        int pid = env.ServerPid("frozen");
        Assert.Equal(0, Libc.kill(pid, Libc.SIGSTOP));
        try
        {
            await Wait.UntilAsync(() => IsStopped(pid), TimeSpan.FromSeconds(10), "server stopped");
            var ls = await env.Run("-ls");
            Assert.Matches($@"\t{pid}\.frozen\t\([^)]+\)\t\(Unreachable\)\n", ls.Stdout);
            Assert.DoesNotContain("-wipe", ls.Stdout);

            var wipe = await env.Run("-wipe");
            Assert.DoesNotContain("wiped out", wipe.Stdout);
            Assert.Contains("(Unreachable)", wipe.Stdout);
            Assert.Single(env.SocketNames());
        }
        finally
        {
            Libc.kill(pid, Libc.SIGCONT);
        }
        // Continued, it is the same session, still reachable by every command.
        var windows = await env.Run("-S", "frozen", "-X", "windows");
        Assert.Equal(0, windows.ExitCode);
        Assert.Contains("(Detached)", (await env.Run("-ls")).Stdout);
    }

    [Fact]
    public async Task ServersThatDoNotAnswerAreAskedAtOnce()
    {
        using var env = new MuxEnvironment();
        // Three hostile servers: alive (this process), recorded as themselves, listening, but never answering.
        Assert.True(ProcessStat.TryRead(Environment.ProcessId, out var self));
        var listeners = new List<Socket>();
        try
        {
            foreach (var name in new[] { "hung1", "hung2", "hung3" })
            {
                string path = Path.Combine(env.SocketDirectory, $"{Environment.ProcessId}.{name}");
                new SessionRecord(self.StartTicks, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "", 0).Write(path);
                var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                listeners.Add(listener);
                listener.Bind(new UnixDomainSocketEndPoint(path));
                File.SetUnixFileMode(path, SessionRecord.DetachedMode);
                listener.Listen(8);
            }
            var clock = Stopwatch.StartNew();
            var ls = await env.Run("-ls", "-v");
            clock.Stop();
            Assert.Equal(3, ls.Stdout.Split("(Unreachable)").Length - 1);
            // One probe timeout (1 s) for all three, not one each in a row; generous for a loaded machine.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.8), $"-ls -v took {clock.Elapsed.TotalSeconds:0.0} s with three silent servers");

            // Plain -ls asks none of them: the file system says they live and nobody is attached. (Seen on the
            // listeners, not timed: -ls -v's connections are taken off first, then none may come.)
            foreach (var listener in listeners)
                while (listener.Poll(0, SelectMode.SelectRead)) listener.Accept().Dispose();
            ls = await env.Run("-ls");
            Assert.Equal(3, ls.Stdout.Split("(Detached)").Length - 1);
            Assert.All(listeners, l => Assert.False(l.Poll(0, SelectMode.SelectRead), "plain -ls connected to a server"));

            Assert.DoesNotContain("wiped out", (await env.Run("-wipe")).Stdout);
            Assert.Equal(3, env.SocketNames().Count);
        }
        finally
        {
            foreach (var l in listeners) l.Dispose();
        }
    }

    [Fact]
    public async Task ASocketWhoseServerPidWasReusedIsDeadAndWiped()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("gone", "sleep", "1000");
        int server = env.ServerPid("gone");
        Libc.kill(server, Libc.SIGKILL);
        await Wait.UntilAsync(() => !Directory.Exists($"/proc/{server}"), TimeSpan.FromSeconds(10), "server gone");
        // Another process of ours now holds a pid a socket names: move the dead server's socket and record there.
        using var other = Process.Start(new ProcessStartInfo("sleep", "1000") { UseShellExecute = false })!;
        try
        {
            string from = Path.Combine(env.SocketDirectory, $"{server}.gone");
            string to = Path.Combine(env.SocketDirectory, $"{other.Id}.gone");
            File.Move(from, to);
            File.Move(Path.Combine(env.SocketDirectory, $".{server}.gone"), Path.Combine(env.SocketDirectory, $".{other.Id}.gone"));

            var ls = await env.Run("-ls");
            Assert.Contains($"\t{other.Id}.gone\t(Dead ???)\n", ls.Stdout);
            var wipe = await env.Run("-wipe");
            Assert.Contains("1 socket wiped out.", wipe.Stdout);
            Assert.False(File.Exists(to));
            Assert.Empty(Directory.GetFileSystemEntries(env.SocketDirectory));
        }
        finally
        {
            other.Kill();
        }
    }

    [Fact]
    public async Task OnlySocketsAreSessions()
    {
        using var env = new MuxEnvironment();
        string file = Path.Combine(env.SocketDirectory, "123.x");
        File.WriteAllText(file, "not a socket");
        string link = Path.Combine(env.SocketDirectory, "124.y");
        File.CreateSymbolicLink(link, file);

        var ls = await env.Run("-ls");
        Assert.Equal(1, ls.ExitCode);
        Assert.Equal($"No Sockets found in {env.SocketDirectory}.\n\r\n", ls.Stdout);
        var wipe = await env.Run("-wipe");
        Assert.DoesNotContain("wiped out", wipe.Stdout);
        Assert.True(File.Exists(file));
        Assert.True(File.Exists(link));
    }

    [Fact]
    public async Task ASocketNobodyListensOnIsDeadEvenWithoutARecord()
    {
        using var env = new MuxEnvironment();
        // A socket with no record, under a live pid of ours, that nobody listens on (a server killed before it
        // wrote its record, its pid since reused).
        string path = Path.Combine(env.SocketDirectory, $"{Environment.ProcessId}.orphan");
        // Bound but not listening: connecting is refused, as it is once a server is gone.
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        var ls = await env.Run("-ls");
        Assert.Contains($"\t{Environment.ProcessId}.orphan\t(Dead ???)\n", ls.Stdout);
        Assert.Contains("1 socket wiped out.", (await env.Run("-wipe")).Stdout);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task ListAndWipeFilterByTheGivenName()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("done", "sh", "-c", "echo Traceback-kept; exit 3");
        await env.StartDetachedAsync("busy", "sleep", "1000");
        Assert.Equal(3, (await env.Run("wait", "done")).ExitCode);

        var none = await env.Run("-ls", "nomatch");
        Assert.Equal(1, none.ExitCode);
        Assert.Equal($"No Sockets found in {env.SocketDirectory}.\n\r\n", none.Stdout);

        var wipe = await env.Run("-wipe", "nomatch");
        Assert.Equal(1, wipe.ExitCode);
        Assert.Equal($"No Sockets found in {env.SocketDirectory}.\n\r\n", wipe.Stdout);
        // The ended session and its final screen are still there.
        Assert.Contains("Traceback-kept", await env.HardcopyAsync("done"));

        var one = await env.Run("-ls", "bu");
        Assert.Equal(0, one.ExitCode);
        Assert.Contains(".busy\t", one.Stdout);
        Assert.DoesNotContain(".done", one.Stdout);
        Assert.Contains("1 Socket in", one.Stdout);

        wipe = await env.Run("-wipe", "done");
        Assert.Contains("1 socket wiped out.", wipe.Stdout);
        await Wait.UntilAsync(() => env.SocketNames().Count == 1, TimeSpan.FromSeconds(10), "done wiped");
        Assert.Equal("busy", env.SocketNames().Single().Name);
    }

    [Fact]
    public async Task PlainListingShowsHowAnEndedJobEndedOnATerminalOnly()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("three", "sh", "-c", "exit 3");
        await env.StartDetachedAsync("busy", "sleep", "1000");
        Assert.Equal(3, (await env.Run("wait", "three")).ExitCode);
        using var terminal = env.StartAttached(["-ls"]);
        Assert.Equal(0, await terminal.WaitForExitAsync()); // busy runs
        Assert.Matches(@"\d+\.three\s+\([^)]+\)\s+\(Exited 3\)", terminal.ScreenText);
        // Through a pipe only the running one is there, and the ended one takes no commands.
        var piped = (await env.Run("-ls")).Stdout;
        Assert.Contains(".busy\t", piped);
        Assert.DoesNotContain(".three", piped);
        Assert.Equal(1, (await env.Run("-S", "three", "-X", "screen", "sleep", "1000")).ExitCode);
    }

    [Fact]
    public async Task ResumeWithoutANameIgnoresEndedSessions()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("done", "true");
        await env.StartDetachedAsync("live", "/bin/sh");
        Assert.Equal(0, (await env.Run("wait", "done")).ExitCode);

        using var client = env.StartAttached(["-r"]);
        await client.WaitForTextAsync("[live] 0* sh");
        client.SendKeys("\u0001d");
        Assert.Equal(0, await client.WaitForExitAsync());

        // By its name the ended one is still reached, to read its final screen.
        using var byName = env.StartAttached(["-r", "done"]);
        await byName.WaitForTextAsync("Window 0 (true) exited with status 0.");
    }

    [Fact]
    public async Task ResumeOrCreateWithOnlyAnEndedSessionCreatesANewOne()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("done", "true");
        Assert.Equal(0, (await env.Run("wait", "done")).ExitCode);

        using var client = env.StartAttached(["-R"]);
        await client.WaitForTextAsync("0* sh");
        Assert.DoesNotContain("[done]", client.ScreenText);
        Assert.Equal(2, env.SocketNames().Count);
    }

    [Theory]
    [InlineData("-S foo")]
    [InlineData("")]
    [InlineData("-R")]
    [InlineData("-R foo")]
    public async Task AttachingWithoutATerminalIsRefusedAndCreatesNothing(string commandLine)
    {
        using var env = new MuxEnvironment();
        var r = await env.Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("mux: Must be connected to a terminal.\n", r.Stderr);
        Assert.Equal("", r.Stdout);
        Assert.Empty(env.SocketNames());
    }

    [Fact]
    public async Task ResumingWithoutATerminalTakesNothingOver()
    {
        using var env = new MuxEnvironment();
        using var first = env.StartAttached(["-S", "held"]);
        await first.WaitForTextAsync("[held] 0* sh");
        var r = await env.Run("-d", "-r", "held");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("mux: Must be connected to a terminal.\n", r.Stderr);
        // The attached client was not detached by a resume that could not show the session anywhere.
        first.SendKeys("echo still-here\r");
        await first.WaitForTextAsync("still-here");
        Assert.Contains("(Attached)", await env.ListAsync());
    }

    private static bool IsStopped(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('T');
        }
        catch (IOException) { return false; }
    }
}
