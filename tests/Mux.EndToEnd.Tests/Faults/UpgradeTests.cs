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

/// <summary>
/// A server from before upgrades in place (protocol 5 or older) answers another version only with an Error, so it
/// cannot be asked to upgrade: the newer mux runs the server's own binary instead, which speaks its protocol. The
/// older server is faked with MUX_TEST_PROTOCOL_VERSION and MUX_TEST_PROTOCOL_BEFORE_UPGRADE; its process runs
/// today's mux-server, so the older mux it would run is named with MUX_TEST_OLDER_MUX: a script that records how it
/// was run and then runs a mux speaking protocol 5.
/// </summary>
public class OlderServerTests
{
    private const string OlderVersion = "5";

    private static async Task<int> StartOlderAsync(MuxEnvironment env, string name)
    {
        env.Environment["MUX_TEST_PROTOCOL_VERSION"] = OlderVersion;
        env.Environment["MUX_TEST_PROTOCOL_BEFORE_UPGRADE"] = "1";
        await env.StartDetachedAsync(name, "sh", "-c", "echo ready; exec cat");
        env.Environment.Remove("MUX_TEST_PROTOCOL_VERSION");
        env.Environment.Remove("MUX_TEST_PROTOCOL_BEFORE_UPGRADE");
        return env.ServerPid(name);
    }

    /// <summary>A stand-in for the older mux, named mux as that binary was; <paramref name="speaks"/> is the protocol of the mux it runs.</summary>
    private static (string Script, string Log) OlderMux(MuxEnvironment env, string? speaks)
    {
        string dir = Path.Combine(env.Root, "old-install");
        Directory.CreateDirectory(dir);
        string script = Path.Combine(dir, "mux"), log = Path.Combine(dir, "ran");
        string version = speaks is null ? "" : $"MUX_TEST_PROTOCOL_VERSION={speaks} ";
        File.WriteAllText(script, $"#!/bin/sh\nprintf '%s|%s\\n' \"$*\" \"$MUX_OLDER_SERVER_PID\" >> '{log}'\n{version}exec '{MuxEnvironment.MuxBinary}' \"$@\"\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        return (script, log);
    }

    [Fact]
    public async Task AttachCommandsAndListingWorkThroughTheServersOwnBinary()
    {
        using var env = new MuxEnvironment();
        int server = await StartOlderAsync(env, "older");
        var (script, log) = OlderMux(env, OlderVersion);
        env.Environment["MUX_TEST_OLDER_MUX"] = script;

        Assert.Contains($"{server}.older", await env.ListAsync());
        var r = await env.Run("-S", "older", "-X", "stuff", "via-older\n");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"{server}.older runs an older mux (protocol {OlderVersion})", r.Stderr);
        await env.WaitForWindowTextAsync("older", "via-older");
        // It ran the older binary with this mux's arguments, marked with the server it was run for.
        Assert.Contains($"-S older -X stuff via-older\n|{server}", await File.ReadAllTextAsync(log));

        using var client = env.StartAttached(["-r", "older"], 100, 30);
        await client.WaitForTextAsync("via-older");
        client.SendKeys("typed-after\r");
        await client.WaitForTextAsync("typed-after");
        Assert.Contains($"{server}.older", await env.ListAsync());
        Assert.Equal(server, env.ServerPid("older"));
    }

    [Fact]
    public async Task WithoutAnOlderMuxToRunItIsRefusedInPlainWordsAndNeverLoops()
    {
        using var env = new MuxEnvironment();
        int server = await StartOlderAsync(env, "older");

        // Its process runs a mux-server, and the mux beside it is this very (newer) one: nothing older to run.
        var r = await env.Run("-S", "older", "-X", "stuff", "x");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("its server speaks protocol 5, from before upgrades in place", r.Stderr);
        Assert.Contains("is not a mux that can attach", r.Stderr);
        Assert.DoesNotContain("Exception", r.Stderr);

        // A binary that turns out to be a newer mux again: it says so once instead of running itself forever.
        var (script, log) = OlderMux(env, speaks: null);
        env.Environment["MUX_TEST_OLDER_MUX"] = script;
        r = await env.Run("-S", "older", "-X", "stuff", "x");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("the mux it runs could not attach to it either", r.Stderr);
        Assert.Single(await File.ReadAllLinesAsync(log), l => l.Length > 0);

        r = await env.Run("-S", "older", "-X", "upgrade");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("cannot be upgraded", r.Stderr);
        Assert.Contains($"{server}.older", await env.ListAsync());
    }
}
