using Mux.Vt100.Screen;

namespace Mux.Vt100.Tests.Screen;

/// <summary>The cache in <see cref="CharWidth"/> must give exactly what the Wcwidth package gives.</summary>
public class CharWidthTests
{
    private static IEnumerable<int> AllCodePoints() =>
        // U+0000 is left out: Wcwidth says 0, but NUL is a control the parser never prints (counted as 1).
        Enumerable.Range(1, 0x10FFFF).Where(cp => cp is < 0xD800 or > 0xDFFF);

    [Fact]
    public void EveryCodePointAgreesWithWcwidthBeforeAndAfterItsBlockIsCached()
    {
        var bad = new List<string>();
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (int cp in AllCodePoints())
            {
                int expected = CharWidth.Compute(cp), actual = CharWidth.Of(cp);
                if (expected != actual) bad.Add($"pass {pass} U+{cp:X4}: Wcwidth {expected}, CharWidth.Of {actual}");
            }
        }
        Assert.Empty(bad);
    }

    [Fact]
    public void TheCacheReadInALoopAgreesOrSaysItDoesNotKnow()
    {
        var bad = new List<string>();
        foreach (int cp in AllCodePoints())
        {
            _ = CharWidth.Of(cp);
            int cached = CharWidth.Cached.Of(cp);
            if (cp <= 0xFFFF ? cached != CharWidth.Compute(cp) : cached >= 0)
                bad.Add($"U+{cp:X4}: Wcwidth {CharWidth.Compute(cp)}, cached {cached}");
        }
        Assert.Empty(bad);
    }

    [Theory]
    [InlineData(0x20, 1)]       // ASCII
    [InlineData(0x4E2D, 2)]     // 中
    [InlineData(0xAC00, 2)]     // 가
    [InlineData(0xD7A3, 2)]     // 힣, in a block that is not all wide
    [InlineData(0x0301, 0)]     // combining acute accent
    public void CommonCharactersHaveTheirWidth(int codePoint, int width)
    {
        Assert.Equal(width, CharWidth.Of(codePoint));
        Assert.Equal(width, CharWidth.Cached.Of(codePoint));
    }
}
