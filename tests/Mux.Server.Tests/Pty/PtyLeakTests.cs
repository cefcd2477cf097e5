using Mux.Platform.Pty;

namespace Mux.Server.Tests.Pty;

/// <summary>Runs alone: counting /proc/self/fd is only meaningful with no other test opening files.</summary>
[CollectionDefinition(nameof(FdCountingCollection), DisableParallelization = true)]
public sealed class FdCountingCollection { }

[Collection(nameof(FdCountingCollection))]
public class PtyLeakTests
{
    [Fact]
    public async Task FiftySpawnsLeakNoFileDescriptors()
    {
        await RunOne(); // warm up: the runtime opens some files lazily
        int before = Directory.GetFiles("/proc/self/fd").Length;
        for (int i = 0; i < 50; i++) await RunOne();
        int after = Directory.GetFiles("/proc/self/fd").Length;
        // Fewer is no leak: a connection another test left to time out may close while this runs.
        Assert.True(after <= before, $"{after - before} descriptors leaked over 50 spawns ({before} before, {after} after)");
    }

    private static async Task RunOne()
    {
        using var o = new PtyOutput(PtyProvider.Spawn(PtyTestExtensions.Sh("echo x")));
        await o.WaitForEofAsync();
        await o.Pty.ExitedAsync();
    }
}
