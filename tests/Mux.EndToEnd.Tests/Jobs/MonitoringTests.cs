using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Jobs;

/// <summary>Knowing, while looking at one window, that another printed or went quiet.</summary>
public class MonitoringTests
{
    [Fact]
    public async Task ActivityInAMonitoredWindowIsReportedWithABell()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("mon", "/bin/sh");
        await env.Run("-S", "mon", "-X", "screen", "-t", "job", "sh", "-c", "read x; echo ping; sleep 1000");
        Assert.Equal(0, (await env.Run("-S", "mon", "-p", "1", "-X", "monitor", "on")).ExitCode);
        await env.Run("-S", "mon", "-X", "select", "0");
        using var client = env.StartAttached(["-r", "mon"], 100, 24);
        await client.WaitForTextAsync("0* sh  1- job");
        int bellsBefore = client.RawOutput.Count(b => b == 0x07);
        await env.Run("-S", "mon", "-p", "1", "-X", "stuff", "\\n");
        await client.WaitForTextAsync("Activity in window 1 (job)");
        await client.WaitForAsync(_ => client.RawOutput.Count(b => b == 0x07) > bellsBefore, what: "a bell");
        await client.WaitForTextAsync("1-# job");
        // Looking at the window clears the mark.
        client.SendKeys("\u0001" + "1");
        await client.WaitForTextAsync("1* job");
    }

    [Fact]
    public async Task SilenceIsReported()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("quiet", "/bin/sh");
        await env.Run("-S", "quiet", "-X", "screen", "-t", "train", "sleep", "1000");
        Assert.Equal(0, (await env.Run("-S", "quiet", "-p", "1", "-X", "silence", "1")).ExitCode);
        await env.Run("-S", "quiet", "-X", "select", "0");
        using var client = env.StartAttached(["-r", "quiet"], 100, 24);
        await client.WaitForTextAsync("Window 1 (train): silence for 1 seconds", TimeSpan.FromSeconds(10));
        await client.WaitForTextAsync("1-~ train");
    }
}
