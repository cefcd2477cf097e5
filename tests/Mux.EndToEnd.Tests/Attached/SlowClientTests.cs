using System.Net.Sockets;
using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Attached;

/// <summary>A client that stops reading (a frozen SSH connection) never slows the window or the other clients.</summary>
public class SlowClientTests
{
    [Fact]
    public async Task AClientThatNeverReadsDoesNotHoldUpTheProgramOrAnotherClient()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("flood", "sh", "-c", "read x; head -c 50000000 /dev/zero | tr '\\\\0' 'a'; echo; echo FLOOD-DONE; read y; echo AFTER-$y; sleep 1000");
        using var frozen = AttachWithoutReading(env);
        using var watcher = env.StartAttached(["-x", "flood"], 100, 30);
        await watcher.WaitForTextAsync("[flood] 0* sh");

        await env.Run("-S", "flood", "-X", "stuff", "\\n");
        // 50 MB go through the window while one client's socket is full and unread.
        await env.WaitForWindowTextAsync("flood", "FLOOD-DONE", TimeSpan.FromSeconds(60));
        await watcher.WaitForTextAsync("FLOOD-DONE", TimeSpan.FromSeconds(10));
        // The other client still types and sees the answer.
        watcher.SendKeys("typed\r");
        await watcher.WaitForTextAsync("AFTER-typed");
        Assert.Contains("(Attached)", await env.ListAsync());
    }

    /// <summary>Connects, attaches with a 120x40 terminal, and then never reads another byte.</summary>
    private static Socket AttachWithoutReading(MuxEnvironment env)
    {
        var s = RawFrames.Connect(env);
        s.ReceiveBufferSize = 4096;
        s.Send(RawFrames.Frame(RawFrames.Hello, RawFrames.HelloPayload(columns: 120, rows: 40, term: "xterm", cwd: "/")));
        s.Send(RawFrames.Frame(RawFrames.Attach, [2])); // shared
        return s;
    }
}
