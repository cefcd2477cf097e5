using Mux.EndToEnd.Tests.Support;
using Mux.Protocol;

namespace Mux.EndToEnd.Tests.Attached;

/// <summary>A display attached with --read-only watches: nothing it types, pastes or sends reaches a window.</summary>
public class ReadOnlyAttachTests
{
    [Fact]
    public async Task AReadOnlyDisplaysKeysAndPastesNeverReachTheWindowAndItCanStillDetach()
    {
        using var env = new MuxEnvironment();
        string file = Path.Combine(env.Root, "typed.txt");
        using var writer = env.StartAttached(["-S", "watch", "/bin/sh", "-c", $"cat > {file}"]);
        await writer.WaitForTextAsync("[watch] 0* sh");
        await Wait.UntilAsync(() => File.Exists(file), TimeSpan.FromSeconds(10), "cat has opened the file");
        using var watcher = env.StartAttached(["-x", "watch", "--read-only"]);
        await watcher.WaitForTextAsync("[watch] 0* sh");

        watcher.SendKeys("typed by the watcher\r");
        watcher.SendKeys("\u001b[200~pasted by the watcher\n\u001b[201~");
        // The server says it dropped them, on the watcher's own message line.
        await watcher.WaitForTextAsync("Read-only display");
        // Commands that would type into a window are refused with a message, not done.
        watcher.SendKeys("\u0001" + "]");
        await watcher.WaitForTextAsync("paste: refused, this display is read-only");

        writer.SendKeys("MARKER\r");
        await Wait.UntilAsync(() => File.ReadAllText(file).Contains("MARKER"), TimeSpan.FromSeconds(10), "the writer's marker in the file");
        Assert.Equal("MARKER\n", File.ReadAllText(file));

        watcher.SendKeys("\u0001" + "d");
        Assert.Equal(0, await watcher.WaitForExitAsync());
        writer.SendKeys("AFTER\r");
        await Wait.UntilAsync(() => File.ReadAllText(file).Contains("AFTER"), TimeSpan.FromSeconds(10), "the session still runs");
        Assert.Equal("MARKER\nAFTER\n", File.ReadAllText(file));
    }

    [Fact]
    public async Task ListingsCountTheReadOnlyDisplays()
    {
        using var env = new MuxEnvironment();
        using var writer = env.StartAttached(["-S", "counted", "/bin/sh", "-c", "cat"]);
        await writer.WaitForTextAsync("[counted] 0* sh");
        using var watcher = env.StartAttached(["-x", "counted", "--read-only"]);
        await watcher.WaitForTextAsync("[counted] 0* sh");

        var verbose = await env.Run("-ls", "-v");
        Assert.Equal(0, verbose.ExitCode);
        Assert.Contains("(Attached, 2 displays, 1 read-only)", verbose.Stdout);
        var json = await env.Run("-ls", "--json");
        Assert.Matches("\"attachedClients\":\\s*2,\\s*\"readOnlyClients\":\\s*1", json.Stdout);
        // Plain -ls stays as screen prints it.
        Assert.Contains("\t(Attached)\n", (await env.Run("-ls")).Stdout);

        watcher.SendKeys("\u0001" + "d");
        Assert.Equal(0, await watcher.WaitForExitAsync());
        Assert.Matches("\"readOnlyClients\":\\s*0", (await env.Run("-ls", "--json")).Stdout);
    }

    [Fact]
    public async Task AHostileReadOnlyClientsInputAndCommandsAreDroppedByTheServer()
    {
        using var env = new MuxEnvironment();
        string file = Path.Combine(env.Root, "typed.txt");
        await env.StartDetachedAsync("hostile", "/bin/sh", "-c", $"cat > {file}");
        await Wait.UntilAsync(() => File.Exists(file), TimeSpan.FromSeconds(10), "cat has opened the file");
        // A client by hand that asks to watch, then sends input anyway and waits for no route to write to.
        var raw = Mux.Platform.Native.UnixSocket.Connect(env.SingleSocketPath(), out int errno)
            ?? throw new IOException(Mux.Platform.Native.Libc.ErrorText(errno));
        using var client = new Connection(raw, acceptsDescriptors: true);
        client.Send(MessageType.Hello, RawFrames.HelloPayload());
        Assert.Equal(MessageType.Welcome, client.Receive(TimeSpan.FromSeconds(10))?.Type);
        client.Send(MessageType.Attach, [(byte)AttachMode.Shared, AttachFlags.ReadOnly]);
        client.Send(MessageType.Input, new PayloadWriter().Bytes("typed by a hostile client\r"u8).WrittenSpan.ToArray());
        client.Send(MessageType.Command, new CommandRequest("", ["stuff", "stuffed\r"]).Encode());
        client.Send(MessageType.Command, new CommandRequest("", ["readonly", "off"]).Encode());
        var answers = new List<Mux.Protocol.CommandResult>();
        while (answers.Count < 2)
        {
            var m = client.Receive(TimeSpan.FromSeconds(10)) ?? throw new IOException("connection closed");
            // No window's terminal is ever handed to a read-only client.
            if (m.Type == MessageType.InputRoute) Assert.Equal(-1, BitConverter.ToInt32(m.Payload, 0));
            if (m.Type == MessageType.InputRoute) client.Send(MessageType.InputRouteTaken, []);
            if (m.Type == MessageType.CommandResult) answers.Add(Mux.Protocol.CommandResult.Decode(m.Payload));
        }
        Assert.Equal("stuff: refused, this display is read-only", answers[0].Error);
        Assert.Contains("cannot make itself writable", answers[1].Error);

        Assert.Equal(0, (await env.Run("-S", "hostile", "-X", "stuff", "MARKER\r")).ExitCode);
        await Wait.UntilAsync(() => File.ReadAllText(file).Contains("MARKER"), TimeSpan.FromSeconds(10), "the marker in the file");
        Assert.Equal("MARKER\n", File.ReadAllText(file));
    }
}
