using Mux.Server.Sessions;

namespace Mux.Server.Tests.Sessions;

public sealed class MemoryTrimmerTests
{
    [Fact]
    public async Task A_burst_of_output_is_followed_by_one_trim_once_the_output_stops()
    {
        int trims = 0;
        var trimmed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var trimmer = new MemoryTrimmer(() => { Interlocked.Increment(ref trims); trimmed.TrySetResult(); }, threshold: 1000,
            quietPeriod: TimeSpan.FromMilliseconds(30));

        for (int i = 0; i < 20; i++) trimmer.NoteOutput(100);
        Assert.True(trimmer.IsScheduled);
        await trimmed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, trims);
        // The count starts again: a little more output is not another burst.
        trimmer.NoteOutput(10);
        Assert.False(trimmer.IsScheduled);
    }

    [Fact]
    public void Output_below_the_threshold_schedules_nothing()
    {
        var trimmer = new MemoryTrimmer(() => throw new InvalidOperationException("no trim expected"), threshold: 1000);
        trimmer.NoteOutput(999);
        Assert.False(trimmer.IsScheduled);
    }

    [Fact]
    public async Task A_request_trims_once_things_are_quiet_without_any_output()
    {
        var trimmed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var trimmer = new MemoryTrimmer(() => trimmed.TrySetResult(), threshold: 1 << 30, quietPeriod: TimeSpan.FromMilliseconds(20));
        trimmer.Request();
        Assert.True(trimmer.IsScheduled);
        await trimmed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
