using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Jobs;

/// <summary><c>on match REGEX COMMAND</c>: a hook for a line the job prints.</summary>
public class MatchHookTests
{
    [Fact]
    public async Task AMatchHookGetsTheLinePrintedAfterItWasSetAndNotEarlierOnes()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("train", "sh", "-c", "echo 'epoch 0 NaN early'; echo 'epoch 1 loss 0.5'; read x; echo 'NaN detected'; exec sleep 1000");
        await env.WaitForWindowTextAsync("train", "epoch 1 loss 0.5");
        string file = Path.Combine(env.Home, "event.json");
        var set = await env.Run("-S", "train", "-X", "on", "match", "NaN", $"cat > {file}.tmp && mv {file}.tmp {file}");
        Assert.True(set.ExitCode == 0, set.ToString());

        await env.Run("-S", "train", "-X", "stuff", "\\n");
        var e = await JobHookTests.ReceivedEventAsync(env, TimeSpan.FromSeconds(10));
        Assert.Equal("match", e.GetProperty("event").GetString());
        Assert.Equal("NaN detected", e.GetProperty("line").GetString());
        Assert.Equal(0, e.GetProperty("droppedMatches").GetInt32());
        Assert.Contains("epoch 1 loss 0.5", e.GetProperty("lastLines").GetString());

        var listed = await env.Run("-S", "train", "-Q", "on", "match");
        Assert.Contains("on match 'NaN' cat > ", listed.Stdout);
    }

    [Fact]
    public async Task AFloodOfMatchingLinesRunsTheHookOnceAndSaysTheRestWereLeftOut()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("flood", "sh", "-c", "read x; i=0; while [ $i -lt 200 ]; do echo \"error $i\"; i=$((i+1)); done; exec sleep 1000");
        string count = Path.Combine(env.Home, "runs.txt");
        Assert.Equal(0, (await env.Run("-S", "flood", "-X", "on", "match", "^error [0-9]+$", $"echo run >> {count}")).ExitCode);
        await env.Run("-S", "flood", "-X", "stuff", "\\n");
        await env.WaitForWindowTextAsync("flood", "error 199");

        string verbose = "";
        await Wait.UntilAsync(() =>
        {
            verbose = env.Run("-ls", "-v").GetAwaiter().GetResult().Stdout;
            return verbose.Contains("hook 'on match' for window 0: a matching line did not run it", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10), "the lines left out, in -ls -v");
        await Wait.UntilAsync(() => File.Exists(count), TimeSpan.FromSeconds(10), "the one run");
        Assert.Equal(["run"], File.ReadAllLines(count));
    }

    [Theory]
    [InlineData("(unclosed")]
    [InlineData("[z-a]")]
    public async Task AnInvalidPatternIsAOneLineErrorAndTheJobRunsOn(string pattern)
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("job", "sh", "-c", "echo alive; exec sleep 1000");
        var r = await env.Run("-S", "job", "-X", "on", "match", pattern, "true");
        Assert.NotEqual(0, r.ExitCode);
        string error = r.Stderr.Trim();
        Assert.DoesNotContain('\n', error);
        Assert.Contains($"'{pattern}' is not a valid regular expression (", error);
        Assert.DoesNotContain("_", error);
        Assert.Contains("alive", await env.HardcopyAsync("job"));
        var none = await env.Run("-S", "job", "-X", "on", "match");
        Assert.Contains("no hook for match", none.Stderr);
    }
}
