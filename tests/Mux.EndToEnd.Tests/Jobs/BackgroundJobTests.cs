using System.Text.Json;
using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Jobs;

/// <summary>Is it running, what did it print, how did it end: the questions a background job raises.</summary>
public class BackgroundJobTests
{
    [Fact]
    public async Task WaitExitsWithTheJobsStatus()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("three", "sh", "-c", "read x; exit 3");
        var waiting = env.Run("wait", "three");
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted, "wait returned while the job was still running");
        await env.Run("-S", "three", "-X", "stuff", "\\n");
        Assert.Equal(3, (await waiting).ExitCode);
    }

    [Fact]
    public async Task WaitGives128PlusTheSignalForAKilledJob()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("victim", "sh", "-c", "echo $$ > pid; exec sleep 1000");
        string pidFile = Path.Combine(env.Home, "pid");
        await Wait.UntilAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), TimeSpan.FromSeconds(10), "job pid");
        Mux.Platform.Native.Libc.kill(int.Parse(File.ReadAllText(pidFile).Trim()), 9);
        Assert.Equal(137, (await env.Run("wait", "victim")).ExitCode);
        Assert.Contains("(Killed SIGKILL)", (await env.Run("-ls", "-v")).Stdout);
    }

    [Fact]
    public async Task WaitTimesOutWith124()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("slow", "sleep", "1000");
        var r = await env.Run("wait", "slow", "--timeout", "0.3");
        Assert.Equal(124, r.ExitCode);
        Assert.Contains("still running", r.Stderr);
    }

    [Fact]
    public async Task ACrashedJobKeepsItsFinalScreenUntilDismissed()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("crash", "sh", "-c", "echo loading data; echo 'Traceback: ValueError: bad batch' >&2; exit 1");
        Assert.Equal(1, (await env.Run("wait", "crash")).ExitCode);
        string screen = await env.HardcopyAsync("crash");
        Assert.Contains("loading data\nTraceback: ValueError: bad batch\n", screen);
        var ls = (await env.Run("-ls", "-v")).Stdout;
        Assert.Contains(".crash\t", ls);
        Assert.Contains("(Exited 1)", ls);

        using var client = env.StartAttached(["-r", "crash"]);
        await client.WaitForTextAsync("Traceback: ValueError: bad batch");
        await client.WaitForTextAsync("exited with status 1. Press any key to close it.");
        client.SendKeys("x");
        Assert.Equal(0, await client.WaitForExitAsync());
        await Wait.UntilAsync(() => env.SocketNames().Count == 0, TimeSpan.FromSeconds(10), "session gone after dismissing");
    }

    [Fact]
    public async Task WipeRemovesSessionsWhoseJobsEnded()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("done", "true");
        await env.StartDetachedAsync("busy", "sleep", "1000");
        Assert.Equal(0, (await env.Run("wait", "done")).ExitCode);
        var wipe = await env.Run("-wipe");
        Assert.Contains("1 socket wiped out.", wipe.Stdout);
        // Gone by the time -wipe returns: a listing right after it must not show the session.
        var ls = await env.ListAsync();
        Assert.DoesNotContain(".done\t", ls);
        Assert.Contains(".busy\t", ls);
    }

    [Fact]
    public async Task VerboseAndJsonListingsDescribeEveryWindow()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("multi", "sleep", "1000");
        await env.Run("-S", "multi", "-X", "screen", "-t", "quick", "sh", "-c", "exit 2");
        await Wait.UntilAsync(() => env.Run("-ls", "-v").Result.Stdout.Contains("exited with status 2"), TimeSpan.FromSeconds(10), "window 1 exited");
        var verbose = (await env.Run("-ls", "-v")).Stdout;
        Assert.Matches(@"\t  0 sleep\tpid \d+\trunning\tstarted [^\t]+\tran [\d.hms]+\tsleep 1000\n", verbose);
        Assert.Matches(@"\t  1 quick\tpid \d+\texited with status 2\t", verbose);

        var json = await env.Run("-ls", "--json");
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Stdout);
        var session = doc.RootElement.GetProperty("sessions").EnumerateArray().Single();
        Assert.Equal("multi", session.GetProperty("name").GetString());
        Assert.Equal("detached", session.GetProperty("state").GetString());
        var windows = session.GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal(2, windows.Count);
        Assert.True(windows[0].GetProperty("running").GetBoolean());
        Assert.False(windows[1].GetProperty("running").GetBoolean());
        Assert.Equal(2, windows[1].GetProperty("exitCode").GetInt32());
        Assert.Equal(env.SocketDirectory, doc.RootElement.GetProperty("socketDirectory").GetString());
    }

    [Fact]
    public async Task NewWindowsGetTheEnvironmentOfTheClientThatMadeThem()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("envs", "sleep", "1000");
        // Exported after the session started, in the shell that asks for the window.
        var r = await env.RunWithEnvironment(new Dictionary<string, string?> { ["CUDA_VISIBLE_DEVICES"] = "1" },
            "-S", "envs", "-X", "screen", "sh", "-c", "echo CUDA=$CUDA_VISIBLE_DEVICES; sleep 1000");
        Assert.Equal(0, r.ExitCode);
        await env.WaitForWindowTextAsync("envs", "CUDA=1");
    }

    [Fact]
    public async Task SetenvAndUnsetenvChangeWhatNewWindowsGet()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("vars", "sleep", "1000");
        Assert.Equal(0, (await env.Run("-S", "vars", "-X", "setenv", "STAGE", "two")).ExitCode);
        Assert.Equal(0, (await env.Run("-S", "vars", "-X", "unsetenv", "LANG")).ExitCode);
        await env.Run("-S", "vars", "-X", "screen", "sh", "-c", "echo STAGE=$STAGE LANG=${LANG-unset}; sleep 1000");
        await env.WaitForWindowTextAsync("vars", "STAGE=two LANG=unset");
    }

    [Fact]
    public async Task KillEscalatesFromHangupToTerminateAndSaysWhichEndedIt()
    {
        using var env = new MuxEnvironment();
        // The job ignores SIGHUP (as nohup'd programs do); SIGTERM, a second later, ends it.
        await env.StartDetachedAsync("stubborn", "sh", "-c", "trap '' HUP; echo ready; while :; do sleep 1; done");
        await env.WaitForWindowTextAsync("stubborn", "ready");
        Assert.Equal(0, (await env.Run("-S", "stubborn", "-X", "kill")).ExitCode);
        Assert.Equal(128 + 15, (await env.Run("wait", "stubborn")).ExitCode);
        Assert.Contains("killed by SIGTERM", (await env.Run("-ls", "-v")).Stdout);
        Assert.Contains("(Killed SIGTERM)", (await env.Run("-ls", "-v")).Stdout);
    }
}
