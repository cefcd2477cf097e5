using System.Text;
using Mux.Platform.Native;
using Mux.Server.Jobs;

namespace Mux.Server.Tests.Jobs;

/// <summary>Reading processes from /proc without the framework's directory enumerator.</summary>
public sealed class ProcessTableTests
{
    [Fact]
    public void TheProcessListHoldsThisProcessAndItsParentAndNothingThatIsNotANumber()
    {
        var pids = ProcFiles.Pids();
        Assert.Contains(Environment.ProcessId, pids);
        Assert.True(ProcessTable.TryReadStat(Environment.ProcessId, out var self));
        Assert.Contains(self.ParentPid, pids);
        Assert.All(pids, p => Assert.True(p > 0));
        Assert.Equal(pids.Count, new HashSet<int>(pids).Count);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("4194304", 4194304)]
    [InlineData("123456789", 123456789)]
    [InlineData("1234567890", null)]
    [InlineData("self", null)]
    [InlineData("12a", null)]
    [InlineData("", null)]
    public unsafe void OnlyANameOfDigitsIsAPid(string name, int? pid)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(name + "\0");
        fixed (byte* p = bytes) Assert.Equal(pid, ProcFiles.ParsePid(p));
    }

    [Fact]
    public void ThePeakResidentSetIsReadFromStatusWithItsTabAndSpaces()
    {
        var status = "Name:\tcat\nVmPeak:\t    9000 kB\nVmHWM:\t    1234 kB\nVmRSS:\t     800 kB\n"u8;
        Assert.Equal(1234L * 1024, ProcessTable.ParsePeakRss(status));
        Assert.Equal(0, ProcessTable.ParsePeakRss("Name:\tcat\n"u8));
        Assert.True(ProcessTable.PeakRss(Environment.ProcessId) > 0);
        Assert.Equal(0, ProcessTable.PeakRss(int.MaxValue));
    }

    [Fact]
    public void TheTableFindsAChildOfThisProcess()
    {
        using var child = System.Diagnostics.Process.Start("sleep", "30");
        try
        {
            var tree = ProcessTable.Read().TreeOf(Environment.ProcessId);
            Assert.Contains(tree, e => e.Pid == child.Id);
        }
        finally
        {
            child.Kill();
        }
    }

    [Fact]
    public void APeakPastTheFirstReadIsFoundInTheWholeFile()
    {
        long peak = ProcessTable.PeakRss(Environment.ProcessId);
        Assert.True(peak > 0);
        // 64 bytes end inside the names: as when a long group list pushes VmHWM past the first read.
        long late = ProcessTable.PeakRss(Environment.ProcessId, firstRead: 64);
        Assert.True(late >= peak, $"{late} against {peak}");
    }
}
