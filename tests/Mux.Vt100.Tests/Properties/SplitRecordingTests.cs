using Mux.Vt100.Tests.Support;

namespace Mux.Vt100.Tests.Properties;

/// <summary>
/// Real program output (our replays and alacritty's recordings) fed one byte per Feed, and in reads of varying
/// length, must leave exactly the state the whole stream leaves: the split-invariance property on real data.
/// </summary>
public class SplitRecordingTests
{
    public static TheoryData<string> Recordings()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestPaths.OwnData("Replays", "Data"), "*.bin").Order(StringComparer.Ordinal))
            data.Add(Path.Combine("replay", Path.GetFileName(file)));
        if (TestPaths.ConformanceRoot is { } root)
        {
            foreach (var dir in Directory.GetDirectories(Path.Combine(root, "alacritty")).Order(StringComparer.Ordinal))
            {
                if (File.Exists(Path.Combine(dir, "alacritty.recording")))
                    data.Add(Path.Combine("alacritty", Path.GetFileName(dir)));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public void ByteByByteAndRandomReadsMatchTheWholeStream(string recording)
    {
        var bytes = Load(recording);
        var whole = new Terminal(80, 24);
        whole.Feed(bytes);
        string expected = FeedProperties.Snapshot(whole);

        var single = new Terminal(80, 24);
        for (int i = 0; i < bytes.Length; i++) single.Feed(bytes.AsSpan(i, 1));
        Assert.Equal(expected, FeedProperties.Snapshot(single));

        // Deterministic per recording, so a failure reproduces.
        var random = new Random(recording.Length * 7919 + bytes.Length);
        var chunked = new Terminal(80, 24);
        for (int i = 0; i < bytes.Length;)
        {
            int n = Math.Min(random.Next(1, 40), bytes.Length - i);
            chunked.Feed(bytes.AsSpan(i, n));
            i += n;
        }
        Assert.Equal(expected, FeedProperties.Snapshot(chunked));
    }

    private static byte[] Load(string recording)
    {
        var parts = recording.Split(Path.DirectorySeparatorChar);
        return parts[0] == "replay"
            ? File.ReadAllBytes(TestPaths.OwnData("Replays", "Data", parts[1]))
            : File.ReadAllBytes(Path.Combine(TestPaths.ConformanceRoot!, "alacritty", parts[1], "alacritty.recording"));
    }
}
