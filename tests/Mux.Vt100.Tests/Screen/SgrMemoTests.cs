using Mux.Vt100.Parsing;
using Mux.Vt100.Screen;
using Xunit;

namespace Mux.Vt100.Tests.Screen;

public class SgrMemoTests
{
    private static Params Of(params int[] values)
    {
        var p = new Params();
        foreach (int v in values) p.Push(v, isSub: false);
        return p;
    }

    [Fact]
    public void SequencesThatDifferOnlyPastTheThirdParameterDoNotShareAnEntry()
    {
        // Hundreds of direct colours that share their first three parameters: some land in the same slot as the
        // remembered one, and must still not be taken for it.
        var memo = new SgrMemo();
        Assert.True(SgrMemo.TryKey(Of(38, 2, 1, 2, 3), out ulong low, out ulong high));
        memo.Set(low, high, from: 0, to: 7, erase: 0);
        Assert.True(memo.TryGet(low, high, 0, out int to, out _));
        Assert.Equal(7, to);
        for (int b = 0; b < 1000; b++)
        {
            if (b == 3) continue;
            Assert.True(SgrMemo.TryKey(Of(38, 2, 1, 2, b), out ulong otherLow, out ulong otherHigh));
            Assert.Equal(low, otherLow);
            Assert.False(memo.TryGet(otherLow, otherHigh, 0, out _, out _));
        }
    }

    [Fact]
    public void OnlySequencesOfUpToSevenPlainParametersAreRemembered()
    {
        Assert.True(SgrMemo.TryKey(Of(1, 4, 38, 2, 9, 9, 9), out _, out _));
        Assert.False(SgrMemo.TryKey(Of(0, 0, 0, 0, 0, 0, 0, 0), out _, out _));
        var sub = new Params();
        sub.Push(38, false);
        sub.Push(2, true);
        Assert.False(SgrMemo.TryKey(sub, out _, out _));
        // "1" and "1;0" are different sequences.
        SgrMemo.TryKey(Of(1), out ulong one, out _);
        SgrMemo.TryKey(Of(1, 0), out ulong oneZero, out _);
        Assert.NotEqual(one, oneZero);
    }
}
