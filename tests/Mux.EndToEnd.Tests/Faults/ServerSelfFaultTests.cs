using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Faults;

/// <summary>
/// The server's own faults, injected through the test-only <c>MUX_TEST_FAULT=site:marker</c> (the fault fires once,
/// when a window prints the marker). None of them may cost the job: same pid, still on its terminal (typing reaches
/// it, its output reaches a client), reachable with -r, and the scrollback written before the fault still there.
/// </summary>
public class ServerSelfFaultTests
{
    /// <summary>Printed by `cat` when typed: the marker never appears in what is typed (the shell quotes split it).</summary>
    private const string Marker = "FAULTNOW";

    private static async Task<(int Server, int Job)> StartAsync(MuxEnvironment env, string site, string name)
    {
        env.Environment["MUX_TEST_FAULT"] = $"{site}:{Marker}";
        await env.StartDetachedAsync(name, "sh", "-c", "seq 1 300; echo ready; exec cat");
        env.Environment.Remove("MUX_TEST_FAULT");
        await env.WaitForWindowTextAsync(name, "ready");
        int server = env.ServerPid(name);
        return (server, JobOf(server));
    }

    /// <summary>The one child of the server: the window's program.</summary>
    internal static int JobOf(int server) =>
        File.ReadAllText($"/proc/{server}/task/{server}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Single();

    private static Task FireAsync(MuxEnvironment env, string name) =>
        env.Run("-S", name, "-X", "stuff", "FAULT" + "NOW\n");

    /// <summary>
    /// The job runs on as the server's child, typing reaches it, and what it printed before is still there; the first
    /// client to attach is told <paramref name="notice"/> (what happened while nobody watched).
    /// </summary>
    private static async Task<string> AssertJobGoesOnAsync(MuxEnvironment env, string name, int server, int job, string? notice = null)
    {
        Assert.Equal(server, env.ServerPid(name));
        Assert.Equal(job, JobOf(server));
        var r = await env.Run("-S", name, "-X", "stuff", "still-here\n");
        Assert.True(r.ExitCode == 0, r.ToString());
        string history = await env.WaitForWindowTextAsync(name, "still-here", history: true);
        Assert.Contains("\n1\n2\n3\n", "\n" + history);
        Assert.Contains("\n300\n", history);
        using var client = env.StartAttached(["-r", name], 200, 30);
        if (notice is not null) await client.WaitForTextAsync(notice);
        client.SendKeys("typed-after\r");
        await client.WaitForTextAsync("typed-after");
        return history;
    }

    [Fact]
    public async Task AFaultInARenderThreadDetachesThatClientWithAReasonAndTheJobGoesOn()
    {
        using var env = new MuxEnvironment();
        var (server, job) = await StartAsync(env, "render", "render");
        using var watcher = env.StartAttached(["-r", "render"], 100, 30);
        await watcher.WaitForTextAsync("ready");
        await FireAsync(env, "render");
        await watcher.WaitForRawTextAsync("mux could not draw the screen");
        await watcher.WaitForExitAsync();
        await AssertJobGoesOnAsync(env, "render", server, job);
    }

    [Fact]
    public async Task AFaultInAWindowReaderKeepsItsTerminalOpenAndTellsTheUser()
    {
        using var env = new MuxEnvironment();
        var (server, job) = await StartAsync(env, "reader", "reader");
        await FireAsync(env, "reader");
        // Nobody was attached when it happened: the next client to attach is told.
        await AssertJobGoesOnAsync(env, "reader", server, job, "could not show some of its output");
    }

    [Fact]
    public async Task AFaultInTheAcceptLoopCostsOneConnectionAndTheSessionStaysReachable()
    {
        using var env = new MuxEnvironment();
        var (server, job) = await StartAsync(env, "accept", "accept");
        await FireAsync(env, "accept");
        // The connection that meets the fault is lost: the ones after it are served.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((await env.Run("-S", "accept", "-X", "echo", "x")).ExitCode == 0)
            Assert.True(DateTime.UtcNow < deadline, "no connection met the fault");
        await AssertJobGoesOnAsync(env, "accept", server, job, "could not take a connection");
    }

    [Fact]
    public async Task AFaultNothingCatchesMakesTheServerReplaceItselfKeepingJobTerminalAndScrollback()
    {
        using var env = new MuxEnvironment();
        var (server, job) = await StartAsync(env, "crash", "crash");
        using var watcher = env.StartAttached(["-r", "crash"], 100, 30);
        await watcher.WaitForTextAsync("ready");
        await FireAsync(env, "crash");
        // The old image's connections end with it: the attached client says so, and how to get back.
        Assert.NotEqual(0, await watcher.WaitForExitAsync());
        await watcher.WaitForTextAsync($"lost the connection to {server}.crash, which still runs (its server restarted)");
        string history = await AssertJobGoesOnAsync(env, "crash", server, job, "restarted itself");
        // The output that was being shown when the fault hit is not lost between the images: the terminal's echo of
        // the marker (the chunk that fired the fault) and cat's copy of it.
        Assert.Matches("FAULTNOW\nFAULTNOW\n[\\s\\S]*still-here", history);
    }

    /// <summary>
    /// What no replacement can help: a server killed with SIGKILL (or by the OOM killer) closes the terminals, and the
    /// kernel hangs them up: the job gets SIGHUP and, unless it ignores that, ends; the session is listed dead.
    /// </summary>
    [Fact]
    public async Task ASigkilledServerCannotReplaceItselfAndItsJobIsHungUp()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("killed", "sleep", "1000");
        int server = env.ServerPid("killed");
        int job = JobOf(server);
        Mux.Platform.Native.Libc.kill(server, 9);
        await Wait.UntilAsync(() => ProcessState.HasEnded(job), TimeSpan.FromSeconds(10), "the job hung up");
        Assert.Contains($"{server}.killed\t(Dead ???)", await env.ListAsync());
    }
}
