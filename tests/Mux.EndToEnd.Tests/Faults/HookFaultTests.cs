using System.Text.Json;
using Mux.EndToEnd.Tests.Jobs;
using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Faults;

/// <summary>Hooks and end records when things go wrong: a job killed outright, a hook that fails or hangs.</summary>
public class HookFaultTests
{
    private static async Task<int> StartWithPidAsync(MuxEnvironment env, string name)
    {
        await env.StartDetachedAsync(name, "sh", "-c", "echo $$ > pid; exec sleep 1000");
        string pidFile = Path.Combine(env.Home, "pid");
        await Wait.UntilAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), TimeSpan.FromSeconds(10), "job pid");
        return int.Parse(File.ReadAllText(pidFile).Trim());
    }

    [Fact]
    public async Task AFailHookHearsOfAJobKilledBySigkill()
    {
        using var env = new MuxEnvironment();
        int pid = await StartWithPidAsync(env, "victim");
        Assert.Equal(0, (await env.Run("-S", "victim", "-X", "on", "fail", JobHookTests.FileListener(env))).ExitCode);
        Mux.Platform.Native.Libc.kill(pid, 9);

        var e = await JobHookTests.ReceivedEventAsync(env, TimeSpan.FromSeconds(10));
        Assert.Equal("fail", e.GetProperty("event").GetString());
        Assert.Equal("SIGKILL", e.GetProperty("signal").GetString());
        Assert.Equal(JsonValueKind.Null, e.GetProperty("exitCode").ValueKind);
        Assert.Equal(pid, e.GetProperty("pid").GetInt32());
        Assert.Equal("fail|137|victim|SIGKILL", File.ReadAllText(Path.Combine(env.Home, "env.txt")).Trim());

        var wait = await env.Run("wait", "victim");
        Assert.Equal(137, wait.ExitCode);
        Assert.Matches(@"^victim: killed by SIGKILL after \d", wait.Stderr);
    }

    [Fact]
    public async Task AFailingHookIsReportedInTheListings()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("job", "sh", "-c", "read x; exit 0");
        Assert.Equal(0, (await env.Run("-S", "job", "-X", "on", "exit", "echo 'curl: (7) Failed to connect' >&2; exit 7")).ExitCode);
        await env.Run("-S", "job", "-X", "stuff", "\\n");
        Assert.Equal(0, (await env.Run("wait", "job")).ExitCode);

        const string problem = "hook 'on exit' for window 0 failed with status 7: curl: (7) Failed to connect";
        string verbose = "";
        await Wait.UntilAsync(() =>
        {
            verbose = env.Run("-ls", "-v").GetAwaiter().GetResult().Stdout;
            return verbose.Contains(problem, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10), "the hook's failure in -ls -v");
        var window = await JobHookTests.FirstWindowAsync(env);
        Assert.Equal(problem, window.GetProperty("hookProblem").GetString());
    }

    [Fact]
    public async Task AHookThatHangsIsKilledAfterItsTimeLimitAndThatIsReported()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("job", "sh", "-c", "read x; exit 0");
        Assert.Equal(0, (await env.Run("-S", "job", "-X", "hooklimit", "0.5")).ExitCode);
        Assert.Equal(0, (await env.Run("-S", "job", "-X", "on", "exit", "echo $$ > hookpid; exec sleep 300")).ExitCode);
        await env.Run("-S", "job", "-X", "stuff", "\\n");

        string hookPid = Path.Combine(env.Home, "hookpid");
        await Wait.UntilAsync(() => File.Exists(hookPid) && File.ReadAllText(hookPid).EndsWith('\n'), TimeSpan.FromSeconds(10), "the hook to start");
        int pid = int.Parse(File.ReadAllText(hookPid).Trim());
        await Wait.UntilAsync(() => ProcessState.HasEnded(pid), TimeSpan.FromSeconds(10), "the hanging hook to be killed");
        var window = default(JsonElement);
        await Wait.UntilAsync(() =>
        {
            window = JobHookTests.FirstWindowAsync(env).GetAwaiter().GetResult();
            return window.TryGetProperty("hookProblem", out _);
        }, TimeSpan.FromSeconds(10), "the killed hook reported");
        Assert.Equal("hook 'on exit' for window 0 was killed after 0.5 s: it took too long", window.GetProperty("hookProblem").GetString());
    }

    [Fact]
    public async Task BadHookArgumentsAreRefusedInPlainWords()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("job", "sleep", "1000");
        var r = await env.Run("-S", "job", "-X", "on", "exploded", "true");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("'exploded' is not an event: use one of exit, fail, silence, activity, bell", r.Stderr);
        var limit = await env.Run("-S", "job", "-X", "hooklimit", "soon");
        Assert.Equal(1, limit.ExitCode);
        Assert.Contains("usage: hooklimit seconds", limit.Stderr);
        Assert.DoesNotContain("Exception", r.Stderr + limit.Stderr);
    }
}
