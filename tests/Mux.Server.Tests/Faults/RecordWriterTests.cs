using Mux.Protocol.Records;
using Mux.Server.Records;

namespace Mux.Server.Tests.Faults;

/// <summary>The record writer on a disk that is full, or that stalls: the session never waits, the user is told.</summary>
public sealed class RecordWriterTests
{
    private sealed class Source : IRecordSource
    {
        public long Stamp;
        public int Windows = 1;

        public JobRecord Describe() => new("job", 123, 1, "boot", ["sleep", "1"], "/", ["A=b"], 0, false, "", 0,
            [.. Enumerable.Range(0, Windows).Select(n => new WindowRecord(n, "t", "sleep 1", "/", 0, 0, "", 0, ""))]);

        public long ScreenStamp => Interlocked.Read(ref Stamp);

        public string ScreenText(int maxLines) => "--- window 0 ---\nline\n";
    }

    /// <summary>Fails with ENOSPC while <see cref="Full"/>; a stalled one blocks every write until released.</summary>
    private sealed class Disk : IRecordSink
    {
        public volatile bool Full;
        public readonly ManualResetEventSlim Released = new(true);
        public readonly Dictionary<string, byte[]> Files = new();
        public int Attempts;

        public void Replace(string name, ReadOnlySpan<byte> data)
        {
            Interlocked.Increment(ref Attempts);
            Released.Wait();
            if (Full) throw new IOException("No space left on device", 28);
            lock (Files) Files[name] = data.ToArray();
        }

        public void Touch(string name)
        {
            Released.Wait();
            if (Full) throw new IOException("No space left on device", 28);
        }
    }

    [Fact]
    public async Task AFullDiskIsSkippedCountedAndToldOnceThenTheRecordCatchesUp()
    {
        var source = new Source();
        var disk = new Disk { Full = true };
        var told = new List<string>();
        using var writer = new RecordWriter(source, disk, "123.job", TimeSpan.FromMilliseconds(20))
        {
            ProblemStarted = p => { lock (told) told.Add(p); },
        };
        writer.Start();
        await WaitUntil(() => writer.Skipped >= 3, "writes skipped on the full disk");
        Assert.Equal("No space left on device", writer.Problem);
        lock (told) Assert.Equal(["No space left on device"], told);
        Assert.Empty(disk.Files);

        disk.Full = false;
        source.Windows = 2;
        writer.Nudge();
        await WaitUntil(() => { lock (disk.Files) return disk.Files.ContainsKey("123.job.record"); }, "the record written once there is room");
        lock (disk.Files) Assert.Contains("window 1", System.Text.Encoding.UTF8.GetString(disk.Files["123.job.record"]));
        await WaitUntil(() => writer.Problem is null, "the problem cleared");
    }

    [Fact]
    public async Task AStalledDiskHoldsUpOnlyTheWriterAndNotTheEndOfTheSession()
    {
        var source = new Source();
        var disk = new Disk();
        disk.Released.Reset();
        var writer = new RecordWriter(source, disk, "123.job", TimeSpan.FromMilliseconds(20));
        writer.Start();
        await WaitUntil(() => Volatile.Read(ref disk.Attempts) >= 1, "a write under way");
        // What the session does meanwhile returns at once: nudges and new output never wait for the disk.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 1000; i++)
        {
            Interlocked.Increment(ref source.Stamp);
            writer.Nudge();
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"nudges took {clock.Elapsed}");
        // The session's end waits for its last record a bounded time, then lets the server go.
        clock.Restart();
        Assert.False(writer.Finish(TimeSpan.FromMilliseconds(200)));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(2));
        disk.Released.Set();
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }
}
