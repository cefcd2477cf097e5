using Mux.Server.Jobs;

namespace Mux.Server.Tests.Jobs;

/// <summary>Reading the kernel's OOM reports, from lines captured from real kernels (dmesg and /dev/kmsg forms).</summary>
public class OomKernelLogTests
{
    [Theory]
    [InlineData("[ 9843.123456] Out of memory: Killed process 4321 (python3) total-vm:12345678kB, anon-rss:11223344kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:22000kB oom_score_adj:0", 9843.123456, 4321)]
    [InlineData("[ 9843.120001] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice/user-1000.slice/session-3.scope,task=python3,pid=4321,uid=1000", 9843.120001, 4321)]
    [InlineData("[  77.5] Memory cgroup out of memory: Killed process 812 (java) total-vm:3000000kB, anon-rss:2000000kB, file-rss:0kB", 77.5, 812)]
    [InlineData("[ 12.000001] Killed process 99 (stress) total-vm:1052780kB, anon-rss:1000000kB, file-rss:4kB", 12.000001, 99)]
    [InlineData("3,1789,9843123456,-;Out of memory: Killed process 4321 (python3) total-vm:12345678kB, anon-rss:11223344kB", 9843.123456, 4321)]
    [InlineData("6,1788,9843120001,-,caller=T1;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/a,task_memcg=/a,task=x,pid=55,uid=0", 9843.120001, 55)]
    public void ReadsTheTimeAndTheKilledPid(string line, double seconds, int pid)
    {
        Assert.True(OomKernelLog.TryParse(line, out double at, out int killed));
        Assert.Equal(seconds, at, 6);
        Assert.Equal(pid, killed);
    }

    [Theory]
    [InlineData("[ 9843.2] oom_reaper: reaped process 4321 (python3), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB")]
    [InlineData("[ 5.0] Killed process 4321 (python3)")]                       // no sign of the OOM killer
    [InlineData("6,1790,9843200000,-;oom_reaper: reaped process 4321 (python3)")]
    [InlineData(" SUBSYSTEM=memory")]                                          // a /dev/kmsg continuation line
    [InlineData("[ 1.0] oom-kill:constraint=CONSTRAINT_NONE,task=x,tgid=4321")]
    [InlineData("Out of memory: Killed process 4321 (python3) total-vm:1kB")]   // no time: cannot be matched to a job
    [InlineData("")]
    public void IgnoresEverythingElse(string line) => Assert.False(OomKernelLog.TryParse(line, out _, out _));

    [Fact]
    public void NamesOnlyTheJobsPidsKilledSinceItStarted()
    {
        string file = Path.Combine(Path.GetTempPath(), $"kmsg-{Guid.NewGuid():N}");
        File.WriteAllLines(file,
        [
            "6,1,1000000,-;Linux version 6.1.0",
            "3,2,100000000,-;Out of memory: Killed process 4321 (old) total-vm:1kB",        // 100 s: before the job
            "3,3,500000000,-;Out of memory: Killed process 777 (python3) total-vm:1kB",     // 500 s: another job
            "4,4,600000000,-;oom-kill:constraint=CONSTRAINT_NONE,task=python3,pid=4322,uid=1000", // 600 s: ours
        ]);
        try
        {
            Assert.True(OomKernelLog.Names([4321, 4322], sinceSeconds: 400, file));
            Assert.False(OomKernelLog.Names([4321], sinceSeconds: 400, file), "a reused pid's earlier kill is not this job's");
            Assert.False(OomKernelLog.Names([5000], sinceSeconds: 0, file));
            Assert.False(OomKernelLog.Names([4322], sinceSeconds: 400, file + ".missing"), "an unreadable log tells nothing, and is no error");
        }
        finally { File.Delete(file); }
    }
}
