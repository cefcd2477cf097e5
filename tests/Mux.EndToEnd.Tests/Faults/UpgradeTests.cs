using System.Globalization;
using Mux.EndToEnd.Tests.Support;
using Mux.Protocol;

namespace Mux.EndToEnd.Tests.Faults;

/// <summary>
/// A newer mux meeting an older server upgrades it in place instead of refusing: the server replaces itself with the
/// mux-server beside the client, keeping its pid, every window's program and screen. The older server is faked with
/// the test-only MUX_TEST_PROTOCOL_VERSION (it announces version N-1 and answers only the stable subset).
/// </summary>
public class UpgradeTests
{
    private static async Task<(int Server, int Job)> StartOldAsync(MuxEnvironment env, string name)
    {
        env.Environment["MUX_TEST_PROTOCOL_VERSION"] = (WireFormat.Version - 1).ToString(CultureInfo.InvariantCulture);
        await env.StartDetachedAsync(name, "sh", "-c", "seq 1 300; echo ready; exec cat");
        env.Environment.Remove("MUX_TEST_PROTOCOL_VERSION");
        int server = env.ServerPid(name);
        return (server, ServerSelfFaultTests.JobOf(server));
    }

    [Fact]
    public async Task ListingCommandsAndAttachWorkAcrossVersionsAndTheJobKeepsItsPid()
    {
        using var env = new MuxEnvironment();
        var (server, job) = await StartOldAsync(env, "old");
        // -ls reads the file system: it asks the server nothing, so it works whatever version the server speaks.
        Assert.Contains($"{server}.old", await env.ListAsync());

        var r = await env.Run("-S", "old", "-X", "stuff", "after-upgrade\n");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"upgraded {server}.old to this mux's server (protocol {WireFormat.Version - 1} to {WireFormat.Version})", r.Stderr);
        Assert.Equal(server, env.ServerPid("old"));
        Assert.Equal(job, ServerSelfFaultTests.JobOf(server));
        string history = await env.WaitForWindowTextAsync("old", "after-upgrade", history: true);
        Assert.Contains("\n1\n2\n3\n", "\n" + history);
        Assert.Contains("\n300\n", history);

        using var client = env.StartAttached(["-r", "old"], 200, 30);
        await client.WaitForTextAsync("upgraded");
        client.SendKeys("typed-after\r");
        await client.WaitForTextAsync("typed-after");
        Assert.Contains($"{server}.old", await env.ListAsync());
    }

    [Fact]
    public async Task AttachingFirstUpgradesTheOlderServerThenAttaches()
    {
        using var env = new MuxEnvironment();
        var (server, job) = await StartOldAsync(env, "first");
        using var client = env.StartAttached(["-r", "first"], 200, 30);
        await client.WaitForTextAsync("ready");
        client.SendKeys("typed-after\r");
        await client.WaitForTextAsync("typed-after");
        Assert.Equal(job, ServerSelfFaultTests.JobOf(server));
    }

    [Fact]
    public async Task XUpgradeReplacesTheServerOnRequestAndAnOldClientGetsAClearError()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("now", "sh", "-c", "echo before; exec cat");
        int server = env.ServerPid("now");
        int job = ServerSelfFaultTests.JobOf(server);
        await env.WaitForWindowTextAsync("now", "before");
        var r = await env.Run("-S", "now", "-X", "upgrade");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("upgraded", r.Stderr);
        Assert.Equal(job, ServerSelfFaultTests.JobOf(server));
        Assert.Contains("before", await env.HardcopyAsync("now"));

        // A session that cannot be upgraded says so in plain words (a binary that is not a mux-server is refused).
        using var raw = RawFrames.Connect(env);
        raw.Send(RawFrames.Frame(RawFrames.Hello, RawFrames.HelloPayload(version: 1)));
        await RawFrames.ReceiveTypeAsync(raw, 0x81);
        var path = new PayloadWriter().String("/bin/sh").WrittenSpan.ToArray();
        raw.Send(RawFrames.Frame((byte)MessageType.Upgrade, path));
        var error = await RawFrames.ReceiveTypeAsync(raw, 0x86);
        Assert.Contains("is not the full path of a mux-server", System.Text.Encoding.UTF8.GetString(error));
        Assert.Equal(job, ServerSelfFaultTests.JobOf(server));
    }
}
