using System.Text;

namespace Mux.Vt100.Tests.Modern;

/// <summary>OSC 52 (xterm): sets are queued for the server to take, bounded; queries answered only when allowed.</summary>
public class ClipboardTests
{
    private static void Feed(Terminal t, string s) => t.Feed(Encoding.UTF8.GetBytes(s));

    private static string Replies(Terminal t)
    {
        var w = new System.Buffers.ArrayBufferWriter<byte>();
        t.TakeReplies(w);
        return Encoding.UTF8.GetString(w.WrittenSpan);
    }

    [Fact]
    public void ASetIsRaisedOnceWithItsSelectionAndTheTextIsUntouched()
    {
        var t = new Terminal(20, 3);
        Feed(t, $"a\e]52;c;{Convert.ToBase64String("héllo"u8)}\e\\b");
        var set = t.TakeClipboard();
        Assert.NotNull(set);
        Assert.Equal("c", set.Selections);
        Assert.Equal("héllo", Encoding.UTF8.GetString(set.Data));
        Assert.Null(t.TakeClipboard());
        Assert.Equal("ab", t.GetRowText(0).TrimEnd());
    }

    [Fact]
    public void ASetSplitAcrossFeedsArrivesWhole()
    {
        var t = new Terminal(20, 3);
        byte[] all = Encoding.ASCII.GetBytes($"\e]52;;{Convert.ToBase64String(new byte[100_000])}\a");
        for (int i = 0; i < all.Length; i += 777) t.Feed(all.AsSpan(i, Math.Min(777, all.Length - i)));
        var set = t.TakeClipboard();
        Assert.NotNull(set);
        Assert.Equal("s0", set.Selections);
        Assert.Equal(100_000, set.Data.Length);
    }

    [Fact]
    public void TooLargeOrInvalidSetsAreRefusedAndCounted()
    {
        var t = new Terminal(20, 3);
        Feed(t, $"\e]52;c;{Convert.ToBase64String(new byte[Terminal.MaxClipboardBytes + 3000])}\e\\X");
        Feed(t, "\e]52;c;not*base64\e\\Y");
        Assert.Null(t.TakeClipboard());
        Assert.Equal(2, t.RefusedClipboardSets);
        Assert.Equal("XY", t.GetRowText(0).TrimEnd());
    }

    [Fact]
    public void AQueryIsAnsweredOnlyWhenAllowedFromTheSharedClipboard()
    {
        var shared = new SharedClipboard();
        var t = new Terminal(20, 3) { SharedClipboard = shared };
        Feed(t, $"\e]52;c;{Convert.ToBase64String("secret"u8)}\e\\\e]52;c;?\e\\");
        Assert.Equal("", Replies(t));
        Assert.Equal("secret"u8.ToArray(), shared.Data);

        shared.Readable = true;
        Feed(t, "\e]52;c;?\a");
        Assert.Equal($"\e]52;c;{Convert.ToBase64String("secret"u8)}\e\\", Replies(t));

        // Another window's set, or copy mode's copy, is what the next query reads.
        shared.Data = "copied"u8.ToArray();
        Feed(t, "\e]52;;?\a");
        Assert.Equal($"\e]52;s0;{Convert.ToBase64String("copied"u8)}\e\\", Replies(t));
    }

    [Fact]
    public void WithoutASharedClipboardAQueryGetsNoAnswer()
    {
        var t = new Terminal(20, 3);
        Feed(t, $"\e]52;c;{Convert.ToBase64String("secret"u8)}\e\\\e]52;c;?\e\\");
        Assert.Equal("", Replies(t));
    }
}
