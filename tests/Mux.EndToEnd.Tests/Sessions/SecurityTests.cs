using System.Net.Sockets;
using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Sessions;

/// <summary>Who may reach a session, and what a hostile or confused peer can do to it (nothing).</summary>
public class SecurityTests
{
    [Fact]
    public async Task AnOpenSocketDirectoryIsRefusedWithTheFix()
    {
        using var env = new MuxEnvironment();
        string open = Path.Combine(env.Root, "open");
        Directory.CreateDirectory(open);
        File.SetUnixFileMode(open, (UnixFileMode)0x1ED); // 0755
        var r = await env.RunWithEnvironment(new Dictionary<string, string?> { ["MUX_DIR"] = open }, "-dmS", "x", "sleep", "100");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"chmod 700 {open}", r.Stderr);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Empty(Directory.GetFileSystemEntries(open));
    }

    [Fact]
    public async Task TheSocketIsPrivateToItsOwner()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("p", "sleep", "100");
        string socket = env.SingleSocketPath();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socket));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(env.SocketDirectory));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("oversized")]
    [InlineData("truncated-hello")]
    public async Task GarbageClosesThatConnectionOnly(string kind)
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("g", "/bin/sh");
        using var watcher = env.StartAttached(["-x", "g"]);
        await watcher.WaitForTextAsync("[g] 0* sh");

        using var raw = RawFrames.Connect(env);
        byte[] bytes = kind switch
        {
            "garbage" => System.Text.Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n" + new string('z', 5000)),
            "oversized" => RawFrames.Frame(RawFrames.Hello, new byte[16], lengthOverride: int.MaxValue),
            _ => RawFrames.Frame(RawFrames.Hello, [RawFrames.Version, 0]),
        };
        raw.Send(bytes);
        Assert.Equal(0, await ReceiveUntilClosedAsync(raw));

        // The session, its program and the other client are untouched.
        await env.Run("-S", "g", "-X", "stuff", "echo survived\\n");
        await watcher.WaitForTextAsync("survived");
        Assert.Contains("(Attached)", await env.ListAsync());
    }

    [Fact]
    public async Task TheServerOpensNothingButTheClientsOwnTerminal()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("t", "/bin/sh");
        using var watcher = env.StartAttached(["-x", "t"]);
        await watcher.WaitForTextAsync("[t] 0* sh");
        int server = env.ServerPid("t");

        using var raw = RawFrames.Connect(env);
        raw.Send(RawFrames.Frame(RawFrames.Hello, RawFrames.HelloPayload(term: "xterm", cwd: "/")));
        raw.Send(RawFrames.Frame(RawFrames.Attach, [2])); // shared
        string tty = watcher.Pty.SlaveName!;
        int devNullBefore = Held(server).Count(t => t == "/dev/null"); // the server's own stdio
        var asks = new[]
        {
            RawFrames.TtyOpenPayload("/dev/null", 1, 3),                 // a device, not a terminal
            RawFrames.TtyOpenPayload(tty, 1, 3),                         // a terminal, but not the one named
            RawFrames.TtyOpenPayload("/dev/pts/../../etc/passwd", 0, 0), // a file
        };
        foreach (var ask in asks)
        {
            raw.Send(RawFrames.Frame(RawFrames.TtyOpen, ask));
            Assert.Equal([0], await RawFrames.ReceiveTypeAsync(raw, RawFrames.TtyOpened));
        }
        var held = Held(server);
        Assert.Equal(devNullBefore, held.Count(t => t == "/dev/null"));
        Assert.DoesNotContain("/etc/passwd", held);
        await env.Run("-S", "t", "-X", "stuff", "echo unharmed\\n");
        await watcher.WaitForTextAsync("unharmed");
    }

    [Fact]
    public async Task ATerminalOfferedAsTheClientDetachesNeverHurtsTheSession()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("race", "/bin/sh");
        using var watcher = env.StartAttached(["-x", "race"]);
        await watcher.WaitForTextAsync("[race] 0* sh");
        int fd = Mux.Platform.Native.Libc.open(watcher.Pty.SlaveName!, Mux.Platform.Native.Libc.O_WRONLY | Mux.Platform.Native.Libc.O_NOCTTY, 0);
        var device = Mux.Platform.Native.TerminalDevice.Of(fd)!.Value;
        Mux.Platform.Native.Libc.close(fd);

        // A real terminal offered just after Detach: the render thread lets the client go while its handler opens it.
        for (int i = 0; i < 50; i++)
        {
            using var raw = RawFrames.Connect(env);
            raw.Send([.. RawFrames.Frame(RawFrames.Hello, RawFrames.HelloPayload(term: "xterm", cwd: "/")),
                .. RawFrames.Frame(RawFrames.Attach, [2]), .. RawFrames.Frame(RawFrames.Detach, []),
                .. RawFrames.Frame(RawFrames.TtyOpen, RawFrames.TtyOpenPayload(device.Path, (int)device.Major, (int)device.Minor))]);
            await RawFrames.ReceiveTypeAsync(raw, RawFrames.TtyOpened);
        }
        await env.Run("-S", "race", "-X", "stuff", "echo alive\\n");
        await watcher.WaitForTextAsync("alive");
        Assert.Contains("(Attached)", await env.ListAsync());
    }

    private static List<string?> Held(int pid) =>
        Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Select(f => new FileInfo(f).LinkTarget).ToList();

    [Fact]
    public async Task AProtocolVersionMismatchIsAClearErrorAfterTheStableWelcome()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("v", "sleep", "100");
        using var raw = RawFrames.Connect(env);
        raw.Send(RawFrames.Frame(RawFrames.Hello, RawFrames.HelloPayload(version: 99)));
        // Welcome says which version the server speaks (stable forever); anything but Upgrade then gets an Error.
        var welcome = await RawFrames.ReceiveTypeAsync(raw, 0x81);
        Assert.Equal(Mux.Protocol.WireFormat.Version, System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(welcome));
        raw.Send(RawFrames.Frame(RawFrames.Attach, [0]));
        var error = await RawFrames.ReceiveTypeAsync(raw, 0x86);
        Assert.Contains("protocol version mismatch", System.Text.Encoding.UTF8.GetString(error));
    }

    [Fact]
    public async Task AnotherUserIsRefusedEvenIfTheSocketIsReachable()
    {
        Assert.True(Mux.Platform.Native.Libc.getuid() == 0, "this test creates a user and must run as root (CI does)");
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("mine", "sleep", "100");
        string socket = env.SingleSocketPath();
        var add = await env.RunProgram("/bin/sh", ["-c", "id muxother >/dev/null 2>&1 || useradd --no-create-home --shell /usr/sbin/nologin muxother"]);
        Assert.True(add.ExitCode == 0, add.ToString());

        // Simulate a careless chmod: only the peer-credential check is left to stop the other user.
        foreach (var d in new[] { env.Root, env.SocketDirectory }) File.SetUnixFileMode(d, (UnixFileMode)0x1FF);
        File.SetUnixFileMode(socket, (UnixFileMode)0x1B6);

        string probe = $$"""
            use IO::Socket::UNIX;
            my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or die "connect: $!\n";
            print $s pack("V C v v v V V V", 19, 1, {{RawFrames.Version}}, 80, 24, 0, 0, 0);
            my $got = ""; while (sysread($s, my $buf, 4096)) { $got .= $buf; last if length($got) >= 5; }
            print length($got) >= 5 ? sprintf("type=%02x\n", ord(substr($got, 4, 1))) : "closed\n";
            """;
        var asOther = await env.RunProgram("setpriv", ["--reuid=muxother", "--regid=muxother", "--clear-groups", "perl", "-e", probe, socket]);
        Assert.Equal("closed\n", asOther.Stdout);
        // The same probe as the owner is welcomed, so the refusal above is the uid check at work.
        var asOwner = await env.RunProgram("perl", ["-e", probe, socket]);
        Assert.Equal("type=81\n", asOwner.Stdout);
    }

    private static async Task<int> ReceiveUntilClosedAsync(Socket s)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        int total = 0;
        while (true)
        {
            int n;
            // The server closes as soon as it sees garbage; what it had not read yet makes the close a reset.
            try { n = await s.ReceiveAsync(buffer, SocketFlags.None, timeout.Token); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { return total; }
            if (n == 0) return total;
            total += n;
        }
    }
}
