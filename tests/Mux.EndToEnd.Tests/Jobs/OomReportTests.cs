using System.Diagnostics;
using Mux.EndToEnd.Tests.Support;
using Mux.Platform.Native;

namespace Mux.EndToEnd.Tests.Jobs;

/// <summary>
/// A job killed by SIGKILL is said to be the OOM killer's victim only when the kernel says so: here the kernel log
/// is a file the test writes (MUX_KERNEL_LOG), in /dev/kmsg's format, stamped on the same clock.
/// </summary>
public class OomReportTests
{
    private static async Task<(string Stderr, int Code)> KillWithLogAsync(Func<int, string> logLine)
    {
        using var env = new MuxEnvironment();
        string log = Path.Combine(env.Root, "kmsg");
        File.WriteAllText(log, "6,1,1000000,-;Linux version 6.1.0\n");
        var vars = new Dictionary<string, string?> { ["MUX_KERNEL_LOG"] = log };
        var r = await env.RunWithEnvironment(vars, "-dmS", "train", "sh", "-c", "echo $$ > pid; exec sleep 1000");
        Assert.True(r.ExitCode == 0, r.ToString());
        string pidFile = Path.Combine(env.Home, "pid");
        await Wait.UntilAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), TimeSpan.FromSeconds(10), "job pid");
        int pid = int.Parse(File.ReadAllText(pidFile).Trim());
        File.AppendAllText(log, logLine(pid) + "\n");
        Assert.Equal(0, Libc.kill(pid, Libc.SIGKILL));
        var wait = await env.Run("wait", "train");
        return (wait.Stderr, wait.ExitCode);
    }

    /// <summary>Microseconds since boot on CLOCK_MONOTONIC, the clock /dev/kmsg stamps with.</summary>
    private static long NowMicroseconds() => (long)(Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency * 1e6);

    [Fact]
    public async Task ASigkillTheKernelLogBlamesOnTheOomKillerSaysSo()
    {
        var (stderr, code) = await KillWithLogAsync(pid =>
            $"3,2,{NowMicroseconds()},-;Out of memory: Killed process {pid} (sleep) total-vm:8000kB, anon-rss:100kB, file-rss:0kB");
        Assert.Equal(137, code);
        Assert.StartsWith("train: killed by SIGKILL (out of memory: the kernel's OOM killer) after ", stderr);
    }

    [Fact]
    public async Task ASigkillTheLogSaysNothingAboutIsJustSigkill()
    {
        // The log reports another process's OOM kill: this job was killed by someone else.
        var (stderr, code) = await KillWithLogAsync(pid =>
            $"3,2,{NowMicroseconds()},-;Out of memory: Killed process {pid + 100000} (other) total-vm:8000kB, anon-rss:100kB");
        Assert.Equal(137, code);
        Assert.StartsWith("train: killed by SIGKILL after ", stderr);
    }
}
