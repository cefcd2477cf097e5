using System.Text;
using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Attached;

/// <summary>A frame a program brackets with mode 2026 reaches the user whole or not at all.</summary>
public class SynchronizedOutputTests
{
    [Fact]
    public async Task AHalfDrawnSynchronizedFrameIsNotShown()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("sync", "sh", "-c", "stty -echo; read x; printf '\\033[?2026h\\033[5;1HFIRST-HALF'; read y; printf '\\033[10;1HSECOND-HALF\\033[?2026l'; sleep 1000");
        using var client = env.StartAttached(["-r", "sync"]);
        await client.WaitForTextAsync("[sync] 0* sh");
        await env.Run("-S", "sync", "-X", "stuff", "\\n");
        await env.WaitForWindowTextAsync("sync", "FIRST-HALF");
        await env.Run("-S", "sync", "-X", "stuff", "\\n");
        await client.WaitForTextAsync("SECOND-HALF");
        // The frame that first drew FIRST-HALF (several rows, so bracketed by the renderer) also drew SECOND-HALF.
        string raw = client.RawText;
        int first = raw.IndexOf("FIRST-HALF", StringComparison.Ordinal);
        int start = raw.LastIndexOf("\x1b[?2026h", first, StringComparison.Ordinal);
        int end = start < 0 ? -1 : raw.IndexOf("\x1b[?2026l", start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > first, "FIRST-HALF was drawn in a frame of its own, before the program ended its synchronized update");
        Assert.Contains("SECOND-HALF", raw[start..end]);
    }
}
