using System.Net.Sockets;
using Mux.EndToEnd.Tests.Support;
using Mux.Vt100;

namespace Mux.EndToEnd.Tests.Attached;

/// <summary>
/// Frames go over the socket when the server cannot open the client's terminal as the device the client named:
/// the client is drawn all the same, from the first redraw to a flood of output.
/// </summary>
public class SocketFramesTests
{
    [Fact]
    public async Task AClientWhoseTerminalCannotBeOpenedIsDrawnOverTheSocket()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("sock", "/bin/sh");
        using var s = RawFrames.Connect(env);
        // /dev/null is not a terminal: the server must refuse it and keep drawing over the socket.
        s.Send([.. RawFrames.Frame(RawFrames.Hello, RawFrames.HelloPayload(columns: 60, rows: 12, term: "xterm", cwd: "/")),
            .. RawFrames.Frame(RawFrames.Attach, [2]),
            .. RawFrames.Frame(RawFrames.TtyOpen, RawFrames.TtyOpenPayload("/dev/null", 1, 3))]);
        Assert.Equal([0], await RawFrames.ReceiveTypeAsync(s, RawFrames.TtyOpened));

        var screen = new Terminal(60, 12);
        await DrawUntilAsync(s, screen, t => t.GetRowText(11).StartsWith("[sock] 0* sh", StringComparison.Ordinal), "the status line");

        // A keystroke-sized change (drawn by the window's reader) and then a flood (paced by the render loop).
        await env.Run("-S", "sock", "-X", "stuff", "echo via-$((6*7))\\n");
        await DrawUntilAsync(s, screen, t => Enumerable.Range(0, 11).Any(r => t.GetRowText(r) == "via-42"), "the echo");
        await env.Run("-S", "sock", "-X", "stuff", "seq 1 30000; echo flood-$((2*3))-done\\n");
        await DrawUntilAsync(s, screen, t => Enumerable.Range(0, 11).Any(r => t.GetRowText(r) == "flood-6-done"), "the end of the flood");
        Assert.Contains("30000", Enumerable.Range(0, 11).Select(screen.GetRowText));
    }

    /// <summary>Feeds Output frames to <paramref name="screen"/> until <paramref name="done"/> holds.</summary>
    private static async Task DrawUntilAsync(Socket s, Terminal screen, Func<Terminal, bool> done, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!done(screen))
        {
            (byte type, byte[] payload) frame;
            try { frame = await RawFrames.ReceiveAsync(s, timeout.Token); }
            catch (OperationCanceledException) { throw new Xunit.Sdk.XunitException($"timed out waiting for {what} over the socket"); }
            if (frame.type == RawFrames.Output) screen.Feed(frame.payload);
        }
    }
}
