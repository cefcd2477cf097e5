using System.Buffers.Binary;
using System.Net.Sockets;
using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Faults;

/// <summary>What long-running servers meet: many windows, many reattachments, hostile frames on the socket.</summary>
public class LoadAndFaultTests
{
    private static long RssKb(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

    private static int OpenFds(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;

    private static int Threads(int pid) => Directory.GetDirectories($"/proc/{pid}/task").Length;

    [Fact]
    public async Task AHundredWindowsInOneSession()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("many", "sleep", "1000");
        for (int i = 1; i < 100; i++)
        {
            var r = await env.Run("-S", "many", "-X", "screen", "sh", "-c", $"echo window-{i}; sleep 1000");
            Assert.True(r.ExitCode == 0, r.ToString());
        }
        var list = (await env.Run("-S", "many", "-Q", "windows")).Stdout;
        Assert.Contains("99* sh", list);
        Assert.Equal(100, list.Split("  ").Length);
        await env.Run("-S", "many", "-X", "select", "57");
        await env.WaitForWindowTextAsync("many", "window-57");
    }

    [Fact]
    public async Task AWindowThatIgnoresHangupIsStillKilledWithCtrlAK()
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-S", "hup", "/bin/sh"], 100, 30);
        await client.WaitForTextAsync("[hup] 0* sh");
        client.SendKeys("\u0001" + "c");
        await client.WaitForTextAsync("0- sh  1* sh");
        client.SendKeys("trap '' HUP; echo ignoring-hup\r");
        await client.WaitForTextAsync("ignoring-hup");
        client.SendKeys("\u0001" + "k");
        await client.WaitForTextAsync("Really kill this window [y/n]");
        client.SendKeys("y");
        // An interactive shell ignores SIGTERM too, so the escalation goes all the way to SIGKILL.
        await client.WaitForTextAsync("Window 1 (sh) killed by SIGKILL", TimeSpan.FromSeconds(10));
        await client.WaitForTextAsync("[hup] 0* sh");
    }

    [Fact]
    public async Task TwoHundredAttachDetachCyclesLeaveDescriptorsAndMemoryFlat()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("cycle", "/bin/sh");
        int server = env.ServerPid("cycle");
        // Warm up, then measure: the first cycles grow the GC heap to its working size (measured here: RSS then
        // swings between about 11 and 13.5 MB with no trend over 600 cycles). A leak of even 32 KB a cycle
        // would add 6 MB over the 200 measured ones.
        for (int i = 0; i < 60; i++) await CycleAsync(env);
        int fdsBefore = OpenFds(server);
        long rssBefore = RssKb(server);
        for (int i = 0; i < 200; i++) await CycleAsync(env);
        await Wait.UntilAsync(() => OpenFds(server) <= fdsBefore, TimeSpan.FromSeconds(5), "descriptors back to where they were");
        long growth = RssKb(server) - rssBefore;
        Assert.True(growth < 6144, $"RSS grew by {growth} KB over 200 cycles");
        Assert.True(Threads(server) < 20, $"{Threads(server)} threads left in the server");
    }

    private static async Task CycleAsync(MuxEnvironment env)
    {
        using var client = env.StartAttached(["-r", "cycle"], 80, 24);
        await client.WaitForTextAsync("[cycle] 0* sh");
        client.SendKeys("\u0001" + "d");
        Assert.Equal(0, await client.WaitForExitAsync());
    }

    [Fact]
    public async Task RandomAndMutatedFramesNeverHurtTheSession()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("fuzz", "/bin/sh");
        using var watcher = env.StartAttached(["-x", "fuzz"]);
        await watcher.WaitForTextAsync("[fuzz] 0* sh");
        int server = env.ServerPid("fuzz");
        string socket = env.SingleSocketPath();
        var random = new Random(20261123);

        // Bounded: five rounds of 300 connections, each a valid Hello followed by random or mutated frames.
        // Two rounds warm the server up (threads, buffers, a GC heap at its working size, which by itself swings
        // RSS by several MB); the next three must show no growth beyond that swing. A leak of 16 KB per
        // connection (a receive buffer or a thread left behind) would add 14 MB over the 900 measured ones.
        for (int round = 0; round < 2; round++) FuzzRound(socket, random);
        await Wait.UntilAsync(() => OpenFds(server) < 40, TimeSpan.FromSeconds(15), "fuzz connections closed");
        await Wait.UntilAsync(() => Threads(server) < 40, TimeSpan.FromSeconds(10), "warm-up threads gone");
        int threadsAfterWarmUp = Math.Max(Threads(server), 20);
        long rssBefore = RssKb(server);
        for (int round = 0; round < 3; round++) FuzzRound(socket, random);
        await Wait.UntilAsync(() => OpenFds(server) < 40, TimeSpan.FromSeconds(15), "fuzz connections closed");
        // Connections that asked to wait for the session's end and went away leave no thread behind.
        await Wait.UntilAsync(() => Threads(server) <= threadsAfterWarmUp, TimeSpan.FromSeconds(10), "server threads back down");

        await env.Run("-S", "fuzz", "-X", "stuff", "echo still-alive\\n");
        await watcher.WaitForTextAsync("still-alive");
        Assert.Contains("(Attached)", await env.ListAsync());
        long growth = RssKb(server) - rssBefore;
        Assert.True(growth < 12288, $"server RSS grew by {growth} KB over 900 more hostile connections");
    }

    private static void FuzzRound(string socket, Random random)
    {
        for (int i = 0; i < 300; i++)
        {
            using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            s.Connect(new UnixDomainSocketEndPoint(socket));
            var frames = new List<byte>();
            if (random.Next(4) != 0) frames.AddRange(RawFrames.Frame(RawFrames.Hello, RawFrames.HelloPayload()));
            for (int k = random.Next(1, 6); k > 0; k--)
            {
                var payload = new byte[random.Next(0, 64)];
                random.NextBytes(payload);
                // Mostly real message types (so decoders see hostile payloads), sometimes anything.
                byte type = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)random.Next(1, 12);
                // Never Attach with a junk mode or Input: the shared window must not get random keys.
                if (type is 0x02 or 0x03 or 0x06) type = 0x07;
                var frame = RawFrames.Frame(type, payload);
                if (random.Next(5) == 0) BinaryPrimitives.WriteInt32LittleEndian(frame, random.Next());
                frames.AddRange(frame);
            }
            try { s.Send(frames.ToArray()); } catch (SocketException) { }
        }
    }

    [Theory]
    [InlineData("-dmS", "", "mux: a session name cannot be empty")]
    [InlineData("-dmS", "/", "mux: a session name cannot contain '/'")]
    [InlineData("-dmS", "..", "mux: a session name cannot be '.' or '..'")]
    [InlineData("-p", null, "mux: -p needs a window")]
    [InlineData("-e", "x", "mux: -e needs two keys, e.g. -e ^Bb")]
    [InlineData("wait", null, "mux: usage: mux wait NAME [--timeout SECONDS]")]
    [InlineData("-c", null, "mux: -c needs a config file")]
    public async Task OddCommandLinesAreOneLineErrors(string flag, string? value, string message)
    {
        using var env = new MuxEnvironment();
        string[] args = value is null ? [flag] : [flag, value, "sleep", "1"];
        var r = await env.Run(args);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Equal(message + "\n", r.Stderr);
        Assert.Empty(env.SocketNames());
    }
}
