using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Sessions;

/// <summary>A client attached in a real terminal: keys, detaching, and every way the client can go away.</summary>
public class AttachedClientTests
{
    private const string CtrlA = "\x01";

    private static async Task<TerminalSession> StartShellAsync(MuxEnvironment env, string name, int cols = 80, int rows = 24)
    {
        var client = env.StartAttached(["-S", name, "/bin/sh"], cols, rows);
        await client.WaitForTextAsync($"[{name}] 0* sh");
        return client;
    }

    [Fact]
    public async Task DetachKeyLeavesTheSessionRunningAndRestoresTheTerminal()
    {
        using var env = new MuxEnvironment();
        using var client = await StartShellAsync(env, "d");
        int pid = env.ServerPid("d");
        client.SendKeys("echo still-here\r");
        await client.WaitForTextAsync("still-here");
        client.SendKeys(CtrlA + "d");
        Assert.Equal(0, await client.WaitForExitAsync());
        await client.WaitForTextAsync($"[detached from {pid}.d]");
        // Back on the main screen with the cursor shown and modes off.
        Assert.False(client.Read(t => t.IsAlternateScreen));
        Assert.True(client.Read(t => t.CursorVisible));
        Assert.EndsWith("\x1b[?1049l", client.RawText.Split($"[detached")[0]);
        Assert.Contains("(Detached)", await env.ListAsync());
        await env.WaitForWindowTextAsync("d", "still-here");
    }

    [Fact]
    public async Task AKilledClientOnlyDetaches()
    {
        using var env = new MuxEnvironment();
        using var client = await StartShellAsync(env, "k9");
        Assert.Contains("(Attached)", await env.ListAsync());
        client.Kill(9);
        await Wait.UntilAsync(() => env.ListAsync().Result.Contains("(Detached)"), TimeSpan.FromSeconds(1), "listed Detached within a second");
        await env.Run("-S", "k9", "-X", "stuff", "echo alive\\n");
        await env.WaitForWindowTextAsync("k9", "alive");
    }

    [Fact]
    public async Task ATerminalHangUpOnlyDetaches()
    {
        using var env = new MuxEnvironment();
        using var client = await StartShellAsync(env, "hup");
        client.SendKeys("echo before-hangup\r");
        await client.WaitForTextAsync("before-hangup");
        client.HangUp();
        await Wait.UntilAsync(() => env.ListAsync().Result.Contains("(Detached)"), TimeSpan.FromSeconds(1), "listed Detached within a second");
        using var again = env.StartAttached(["-r", "hup"]);
        await again.WaitForTextAsync("before-hangup");
    }

    [Fact]
    public async Task WindowsAreCreatedAndSwitchedWithThePrefixKeys()
    {
        using var env = new MuxEnvironment();
        using var client = await StartShellAsync(env, "keys");
        client.SendKeys("echo in-zero\r");
        await client.WaitForTextAsync("in-zero");
        client.SendKeys(CtrlA + "c");
        await client.WaitForTextAsync("0- sh  1* sh");
        Assert.DoesNotContain("in-zero", client.ScreenText);
        client.SendKeys(CtrlA + "n");
        await client.WaitForTextAsync("0* sh  1- sh");
        await client.WaitForTextAsync("in-zero");
        client.SendKeys(CtrlA + "p");
        await client.WaitForTextAsync("0- sh  1* sh");
        client.SendKeys(CtrlA + CtrlA);
        await client.WaitForTextAsync("0* sh  1- sh");
        client.SendKeys(CtrlA + "1");
        await client.WaitForTextAsync("0- sh  1* sh");
        client.SendKeys(CtrlA + "w");
        await client.WaitForAsync(t => t.GetRowText(t.Rows - 1).StartsWith("0- sh  1* sh", StringComparison.Ordinal), what: "window list message");
    }

    [Fact]
    public async Task KillAsksFirst()
    {
        using var env = new MuxEnvironment();
        using var client = await StartShellAsync(env, "kill");
        client.SendKeys(CtrlA + "c");
        await client.WaitForTextAsync("0- sh  1* sh");
        client.SendKeys(CtrlA + "k");
        await client.WaitForTextAsync("Really kill this window [y/n]");
        client.SendKeys("n");
        await client.WaitForTextAsync("0- sh  1* sh");
        Assert.DoesNotContain("Really kill", client.ScreenText);
        client.SendKeys(CtrlA + "k");
        await client.WaitForTextAsync("Really kill this window [y/n]");
        client.SendKeys("y");
        await client.WaitForTextAsync("[kill] 0* sh");
    }

    [Fact]
    public async Task PrefixThenASendsALiteralCtrlA()
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-S", "lit", "/bin/sh", "-c", "od -c; sleep 100"]);
        await client.WaitForTextAsync("[lit] 0* sh");
        client.SendKeys(CtrlA + "a\r\x04");
        await client.WaitForTextAsync("001");
    }

    [Fact]
    public async Task CtrlCAndResizeReachTheProgram()
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-S", "sig", "/bin/sh", "-c", "trap 'echo got-INT' INT; trap 'echo size=$(stty size)' WINCH; while :; do sleep 0.05; done"], 80, 24);
        await client.WaitForTextAsync("[sig] 0* sh");
        client.SendKeys("\x03");
        await client.WaitForTextAsync("got-INT");
        client.Resize(100, 30);
        await client.WaitForTextAsync("size=29 100"); // one row is the status line
    }

    [Fact]
    public async Task ASecondClientSharesTheSessionWithX()
    {
        using var env = new MuxEnvironment();
        using var first = await StartShellAsync(env, "pair");
        using var second = env.StartAttached(["-x", "pair"]);
        await second.WaitForTextAsync("[pair] 0* sh");
        second.SendKeys("echo from-second\r");
        await first.WaitForTextAsync("from-second");
        first.SendKeys("echo from-first\r");
        await second.WaitForTextAsync("from-first");
    }

    [Fact]
    public async Task PlainResumeOfAnAttachedSessionIsRefusedAndDashDTakesItOver()
    {
        using var env = new MuxEnvironment();
        using var first = await StartShellAsync(env, "own");
        var refused = await env.Run("-r", "own");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("There is no screen to be resumed matching own.\r\n", refused.Stdout);
        int pid = env.ServerPid("own");
        using var second = env.StartAttached(["-d", "-r", "own"]);
        await second.WaitForTextAsync("[own] 0* sh");
        Assert.Equal(0, await first.WaitForExitAsync());
        await first.WaitForTextAsync($"[remote detached from {pid}.own]");
    }

    [Fact]
    public async Task DashRRCreatesWhenThereIsNothingToResume()
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-R", "fresh"]);
        await client.WaitForTextAsync("0* ");
        Assert.Single(env.SocketNames());
    }
}
