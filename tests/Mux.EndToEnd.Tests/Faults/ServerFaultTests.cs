using System.Net.Sockets;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Faults;

/// <summary>
/// The session server under faults it cannot prevent: running out of descriptors, hostile or idle peers on its
/// socket, programs that flood it with terminal queries. Each must cost at most what it touched, and the
/// session must stay reachable.
/// </summary>
public class ServerFaultTests(ITestOutputHelper output)
{
    private static long RssKb(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

    private static int OpenFds(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;

    private static int Threads(int pid) => Directory.GetDirectories($"/proc/{pid}/task").Length;

    [Fact]
    public async Task ASessionOutOfDescriptorsAcceptsAgainOnceSomeAreClosed()
    {
        using var env = new MuxEnvironment();
        // The server inherits the limit from the client that starts it.
        var start = await env.RunProgram("/bin/sh", ["-c", $"ulimit -n 64 && exec '{MuxEnvironment.MuxBinary}' -dmS fds sleep 1000"]);
        Assert.True(start.ExitCode == 0, start.ToString());
        using var watcher = env.StartAttached(["-x", "fds"], 100, 24);
        await watcher.WaitForTextAsync("[fds] 0* sleep");

        var idle = new List<Socket>();
        try
        {
            // More connections than the server has descriptors left: accept(2) fails with EMFILE.
            for (int i = 0; i < 80; i++)
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                idle.Add(s);
                try { s.Connect(new UnixDomainSocketEndPoint(env.SingleSocketPath())); }
                catch (SocketException) { break; }   // the listen backlog is full too
            }
            // The user is told why clients cannot connect.
            await watcher.WaitForTextAsync("Out of file descriptors");
        }
        finally
        {
            foreach (var s in idle) s.Dispose();
        }

        var r = await env.Run("-S", "fds", "-X", "echo", "reachable");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("(Attached)", await env.ListAsync());
    }

    [Fact]
    public async Task TerminalQueriesFromAProgramThatNeverReadsAreDroppedAndCountedNotQueued()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("ask", "sleep", "1000");
        using var watcher = env.StartAttached(["-x", "ask"], 120, 24);
        await watcher.WaitForTextAsync("[ask] 0* sleep");
        int server = env.ServerPid("ask");
        long rssBefore = RssKb(server);

        // Five million device-attribute queries (ESC [ c) from a program whose terminal is raw (no echo) and that
        // never reads its input: every reply beyond what the terminal's input buffer holds has nowhere to go.
        string script = Path.Combine(env.Home, "ask.sh");
        await File.WriteAllTextAsync(script,
            "stty raw -echo\nyes \"$(printf '\\033[c')\" | head -c 20000000\necho flood-done\nexec sleep 1000\n");
        // The user is told, with the count (the message may come and go before the flood ends).
        var told = watcher.WaitForAsync(t => Regex.IsMatch(string.Join('\n', Enumerable.Range(0, t.Rows).Select(t.GetRowText)),
            @"Window 1 \(sh\) is not reading its input: dropped \d+ bytes of terminal replies"), TimeSpan.FromSeconds(30), "the dropped replies told");
        var r = await env.Run("-S", "ask", "-X", "screen", "sh", script);
        Assert.True(r.ExitCode == 0, r.ToString());
        await watcher.WaitForTextAsync("flood-done", TimeSpan.FromSeconds(30));
        await told;

        // What waits for the program is bounded (a megabyte), and the flood's working memory is given back once it is over.
        await Wait.UntilAsync(() => RssKb(server) - rssBefore < 12 * 1024, TimeSpan.FromSeconds(10),
            $"server memory back near where it was ({rssBefore} KB before the flood)");

        // The count stays where a user who was not watching looks: -ls -v and --json.
        var verbose = await env.Run("-ls", "-v");
        Assert.Matches(@"not reading its input: dropped \d+ bytes of terminal replies", verbose.Stdout);
        var json = await env.Run("-ls", "--json");
        Assert.Matches(@"""replyBytesDropped"":\s*[1-9]\d*", json.Stdout);

        await env.Run("-S", "ask", "-X", "select", "0");
        await env.Run("-S", "ask", "-X", "stuff", "still typing");
        Assert.True((await env.Run("-S", "ask", "-X", "echo", "alive")).ExitCode == 0);
    }

    [Fact]
    public async Task IdleConnectionsWithHugeGreetingsCostNeitherMemoryNorThreads()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("greet", "sleep", "1000");
        int server = env.ServerPid("greet");
        long rssBefore = RssKb(server);
        // A Hello of a megabyte (its working directory), then silence, two hundred times over.
        var hello = RawFrames.Frame(RawFrames.Hello, RawFrames.HelloPayload(cwd: new string('x', 1_000_000)));
        var idle = new List<Socket>();
        try
        {
            for (int i = 0; i < 200; i++)
            {
                var s = RawFrames.Connect(env);
                idle.Add(s);
                try { s.Send(hello); } catch (SocketException) { }   // refused: the server stopped reading
            }
            long held = RssKb(server) - rssBefore;
            int threads = Threads(server);
            output.WriteLine($"200 idle 1 MB greetings: RSS {rssBefore} KB -> +{held} KB, {threads} threads");
            Assert.True(held < 64 * 1024, $"200 idle connections with 1 MB greetings hold {held} KB");
            Assert.True(threads < 100, $"{threads} threads for 200 idle connections");
            // While they idle, a client is still served or told plainly why not.
            var r = await env.Run("-S", "greet", "-X", "echo", "hi");
            Assert.True(r.ExitCode == 0 || r.Stderr.Contains("too many connections"), r.ToString());
        }
        finally
        {
            foreach (var s in idle) s.Dispose();
        }
        await Wait.UntilAsync(() => OpenFds(server) < 20, TimeSpan.FromSeconds(10), "the idle connections closed");
        Assert.True((await env.Run("-S", "greet", "-X", "echo", "hi")).ExitCode == 0);
    }

    [Fact]
    public async Task ASilentConnectionIsLetGoAfterTheHelloTimeoutAndBeyondTheCapAtOnce()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("slow", "sleep", "1000");
        int server = env.ServerPid("slow");
        var idle = new List<Socket>();
        try
        {
            // A slowloris: connections that never finish their greeting. Beyond the cap they are refused at once,
            // with a reason, rather than each given a thread for the greeting's ten seconds.
            for (int i = 0; i < 150; i++)
            {
                var s = RawFrames.Connect(env);
                idle.Add(s);
                try { s.Send(RawFrames.Frame(RawFrames.Hello, RawFrames.HelloPayload())[..3]); }
                catch (SocketException) { }   // refused already
            }
            var refused = idle[^1];
            var error = await RawFrames.ReceiveTypeAsync(refused, 0x86);
            Assert.Contains("too many connections", System.Text.Encoding.UTF8.GetString(error));
            Assert.True(Threads(server) < 100, $"{Threads(server)} threads for 150 silent connections");
        }
        finally
        {
            foreach (var s in idle) s.Dispose();
        }
        Assert.True((await env.Run("-S", "slow", "-X", "echo", "hi")).ExitCode == 0);
    }

    [Fact]
    public async Task AResizeStormCostsOneResize()
    {
        using var env = new MuxEnvironment();
        // A window with a long history: every resize reflows it.
        await env.StartDetachedAsync("storm", "sh", "-c", "seq 1 200000; exec sleep 1000");
        await env.WaitForWindowTextAsync("storm", "200000");
        int server = env.ServerPid("storm");
        using var s = RawFrames.Connect(env);
        s.Send(RawFrames.Frame(RawFrames.Hello, RawFrames.HelloPayload()));
        await RawFrames.ReceiveTypeAsync(s, 0x81);
        s.Send(RawFrames.Frame(RawFrames.Attach, [2]));   // shared
        using var stop = new CancellationTokenSource();
        var frames = new List<(byte, byte[])>();
        var drain = Task.Run(async () =>
        {
            try { while (true) { var f = await RawFrames.ReceiveAsync(s, stop.Token); lock (frames) frames.Add(f); } }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException) { }
        });
        long rssBefore = RssKb(server);

        var storm = new List<byte>();
        for (int i = 0; i < 2000; i++)
            storm.AddRange(RawFrames.Frame(0x04, [.. BitConverter.GetBytes((ushort)(60 + i % 50)), .. BitConverter.GetBytes((ushort)(20 + i % 10))]));
        storm.AddRange(RawFrames.Frame(0x04, [.. BitConverter.GetBytes((ushort)100), .. BitConverter.GetBytes((ushort)40)]));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        s.Send(storm.ToArray());
        // Every message is handled in order, so the answer to a command after the storm says it has been absorbed.
        s.Send(RawFrames.Frame(0x06, [.. BitConverter.GetBytes(0), .. BitConverter.GetBytes(1), .. BitConverter.GetBytes(7), .. "windows"u8]));
        await Wait.UntilAsync(() => { lock (frames) return frames.Any(f => f.Item1 == 0x84); }, TimeSpan.FromSeconds(30), "the command after the storm answered");
        clock.Stop();
        output.WriteLine($"2,000 resizes absorbed in {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"2,000 resizes took {clock.Elapsed.TotalSeconds:0.0} s to absorb");
        // Only the last size counts: 40 rows, one of them the status line (the storm's were all below 30).
        int rows = (await env.HardcopyAsync("storm")).TrimEnd('\n').Split('\n').Length;
        Assert.True(rows >= 38, $"the window has {rows} rows");
        await Wait.UntilAsync(() => RssKb(server) - rssBefore < 32 * 1024, TimeSpan.FromSeconds(10), "memory back after the storm");
        stop.Cancel();
        await drain;
    }

    [Fact]
    public async Task NoFrameShowsANewCurrentWindowBeforeTheClientHasLetGoOfTheOldOne()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("route", "/bin/sh");
        Assert.True((await env.Run("-S", "route", "-X", "screen", "/bin/sh")).ExitCode == 0);
        // A client by hand, which receives the descriptors a grant carries, as mux does.
        string socket = env.SingleSocketPath();
        var raw = Mux.Platform.Native.UnixSocket.Connect(socket, out int errno) ?? throw new IOException($"connect failed: errno {errno}");
        using var client = new Mux.Protocol.Connection(raw, acceptsDescriptors: true);
        client.Send(Mux.Protocol.MessageType.Hello, RawFrames.HelloPayload());
        Assert.Equal(Mux.Protocol.MessageType.Welcome, client.Receive(TimeSpan.FromSeconds(10))?.Type);
        client.Send(Mux.Protocol.MessageType.Attach, [2]);

        // The grant for window 1, the current one.
        int fd = -1;
        while (fd < 0)
        {
            var m = client.Receive(TimeSpan.FromSeconds(10)) ?? throw new IOException("connection closed");
            if (m.Type != Mux.Protocol.MessageType.InputRoute) continue;
            client.Send(Mux.Protocol.MessageType.InputRouteTaken, []);
            if (BitConverter.ToInt32(m.Payload, 0) == 1) fd = client.TakeDescriptor();
        }
        Mux.Platform.Native.Libc.close(fd);
        // Let the first frames go by: the session is quiet now.
        while (client.HasMoreInput || raw.WaitReadable(300))
            if (client.Receive()?.Type == Mux.Protocol.MessageType.InputRoute) client.Send(Mux.Protocol.MessageType.InputRouteTaken, []);

        // Another client makes window 0 current. The route changes; until this client says it has acted on that,
        // it may still be writing to window 1, so the server must show it nothing of window 0 (a user would start
        // typing there, and the first keys would go to window 1).
        Assert.True((await env.Run("-S", "route", "-X", "select", "0")).ExitCode == 0);
        while (true)
        {
            var m = client.Receive(TimeSpan.FromSeconds(10)) ?? throw new IOException("connection closed");
            Assert.NotEqual(Mux.Protocol.MessageType.Output, m.Type);
            if (m.Type == Mux.Protocol.MessageType.InputRoute) break;
        }
        var early = client.HasMoreInput || raw.WaitReadable(500) ? client.Receive() : null;
        Assert.True(early is null || early.Value.Type != Mux.Protocol.MessageType.Output,
            "a frame came before the client acknowledged the new route");
        // Once it has, window 0 is drawn.
        if (early is { Type: Mux.Protocol.MessageType.InputRoute }) client.Send(Mux.Protocol.MessageType.InputRouteTaken, []);
        client.Send(Mux.Protocol.MessageType.InputRouteTaken, []);
        Assert.Equal(Mux.Protocol.MessageType.Output, client.Receive(TimeSpan.FromSeconds(10))?.Type);
    }
}
