using Mux.Server.Layout;

namespace Mux.Server.Tests.Layout;

/// <summary>The layout tree alone: splitting, removing, sizes and focus, down to terminals too small for it.</summary>
public class RegionLayoutTests
{
    private static RegionLayout Arranged(int columns, int rows)
    {
        var layout = new RegionLayout();
        layout.Arrange(new Rect(0, 0, rows, columns));
        return layout;
    }

    [Fact]
    public void OneRegionHasTheWholeAreaAndNoCaption()
    {
        var layout = Arranged(80, 23);
        Assert.False(layout.IsSplit);
        Assert.Equal(new Rect(0, 0, 23, 80), layout.Focused.Content);
        Assert.Equal(-1, layout.Focused.CaptionRow);
    }

    [Fact]
    public void StackedSplitSharesTheRowsEachRegionWithACaptionBelow()
    {
        var layout = Arranged(80, 23);
        var top = layout.Focused;
        var bottom = layout.Split(SplitDirection.Stacked);
        Assert.Same(top, layout.Focused);   // screen keeps the focus where it was
        Assert.Equal([top, bottom], layout.Regions);
        Assert.Equal(new Rect(0, 0, 12, 80), top.Area);
        Assert.Equal(new Rect(12, 0, 11, 80), bottom.Area);
        Assert.Equal(new Rect(0, 0, 11, 80), top.Content);
        Assert.Equal(11, top.CaptionRow);
        Assert.Equal(new Rect(12, 0, 10, 80), bottom.Content);
        Assert.Equal(22, bottom.CaptionRow);
    }

    [Fact]
    public void SideBySideSplitLeavesABorderColumn()
    {
        var layout = Arranged(81, 24);
        var left = layout.Focused;
        var right = layout.Split(SplitDirection.SideBySide);
        Assert.Equal(new Rect(0, 0, 24, 40), left.Area);
        Assert.Equal(new Rect(0, 41, 24, 40), right.Area);
        Assert.Equal([new Rect(0, 40, 24, 1)], layout.Borders);
    }

    [Fact]
    public void SplittingTheSameWayAgainAddsASiblingAndOddSizesAddUp()
    {
        var layout = Arranged(80, 25);
        var a = layout.Focused;
        var c = layout.Split(SplitDirection.Stacked);
        var b = layout.Split(SplitDirection.Stacked);   // after a, before c
        Assert.Equal([a, b, c], layout.Regions);
        Assert.IsType<SplitNode>(layout.Root);
        Assert.Equal(3, ((SplitNode)layout.Root).Children.Count);
        Assert.Equal(25, layout.Regions.Sum(r => r.Area.Height));
        Assert.Equal(a.Area.Bottom, b.Area.Top);
        Assert.Equal(b.Area.Bottom, c.Area.Top);
    }

    [Fact]
    public void RemoveGivesTheRoomBackAndTheFocusToTheNextRegion()
    {
        var layout = Arranged(80, 24);
        var a = layout.Focused;
        var b = layout.Split(SplitDirection.SideBySide);
        layout.Split(SplitDirection.Stacked);   // a is now a stack of two, beside b
        Assert.Equal(3, layout.Regions.Count);
        Assert.True(layout.Remove());
        Assert.Equal(2, layout.Regions.Count);
        Assert.NotSame(a, layout.Focused);
        layout.Focus(b);
        Assert.True(layout.Remove());
        Assert.False(layout.IsSplit);
        Assert.Equal(new Rect(0, 0, 24, 80), layout.Focused.Content);
        Assert.False(layout.Remove());   // the only region stays
    }

    [Fact]
    public void OnlyKeepsTheFocusedRegion()
    {
        var layout = Arranged(80, 24);
        layout.Split(SplitDirection.Stacked);
        layout.Split(SplitDirection.SideBySide);
        layout.FocusRelative(1);
        var kept = layout.Focused;
        layout.Only();
        Assert.Same(kept, Assert.Single(layout.Regions));
        Assert.Equal(new Rect(0, 0, 24, 80), kept.Content);
    }

    [Fact]
    public void ResizeSetsTheFocusedSizeAndKeepsEveryOtherRegionACell()
    {
        var layout = Arranged(80, 24);
        var top = layout.Focused;
        var bottom = layout.Split(SplitDirection.Stacked);
        Assert.True(layout.Resize(18));
        Assert.Equal(18, top.Area.Height);
        Assert.Equal(6, bottom.Area.Height);
        Assert.True(layout.Resize(100));   // max: the other keeps one row
        Assert.Equal((23, 24), layout.FocusedSize());
        Assert.Equal(1, bottom.Area.Height);
        Assert.True(layout.Resize(-5));    // min: one row
        Assert.Equal(1, top.Area.Height);
        Assert.True(layout.Equalize());
        Assert.Equal(12, top.Area.Height);
        Assert.False(Arranged(80, 24).Resize(5));   // nothing to resize against
    }

    [Fact]
    public void FocusMovesTowardTheNeighbour()
    {
        var layout = Arranged(80, 24);
        var left = layout.Focused;
        var right = layout.Split(SplitDirection.SideBySide);
        var below = layout.Split(SplitDirection.Stacked);   // left column: left above below
        Assert.True(layout.FocusToward(1, 0));
        Assert.Same(right, layout.Focused);
        Assert.True(layout.FocusToward(-1, 0));
        Assert.Same(left, layout.Focused);   // level with right's top
        Assert.True(layout.FocusToward(0, 1));
        Assert.Same(below, layout.Focused);
        Assert.False(layout.FocusToward(0, 1));
        layout.FocusRelative(1);
        Assert.Same(right, layout.Focused);
        layout.FocusRelative(1);
        Assert.Same(left, layout.Focused);
    }

    [Fact]
    public void AResizeStormDownToOneCellAndBackNeverThrowsNorGoesNegativeAndKeepsProportions()
    {
        var layout = Arranged(120, 40);
        layout.Split(SplitDirection.SideBySide);
        layout.Split(SplitDirection.Stacked);
        layout.FocusRelative(2);
        layout.Split(SplitDirection.Stacked);
        layout.Split(SplitDirection.SideBySide);
        var before = layout.Regions.Select(r => r.Area).ToArray();
        var random = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            int columns = i % 50 == 0 ? 1 : random.Next(0, 130), rows = i % 50 == 0 ? 1 : random.Next(0, 45);
            layout.Arrange(new Rect(0, 0, rows, columns));
            foreach (var r in layout.Regions)
            {
                Assert.True(r.Area.Height >= 0 && r.Area.Width >= 0, $"{columns}x{rows}: {r.Area}");
                Assert.True(r.Content.Height >= 0 && r.Content.Width >= 0, $"{columns}x{rows}: {r.Content}");
                Assert.True(r.Area.Right <= Math.Max(0, columns) && r.Area.Bottom <= Math.Max(0, rows), $"{columns}x{rows}: {r.Area}");
            }
        }
        layout.Arrange(new Rect(0, 0, 1, 1));
        layout.Arrange(new Rect(0, 0, 40, 120));
        Assert.Equal(before, layout.Regions.Select(r => r.Area).ToArray());
    }

    [Fact]
    public void ResizingASqueezedLayoutIsRefusedOrClampedNeverNegative()
    {
        var layout = Arranged(3, 3);
        layout.Split(SplitDirection.SideBySide);
        layout.Split(SplitDirection.SideBySide);
        layout.Split(SplitDirection.Stacked);
        foreach (int size in new[] { -3, 0, 1, 2, 50 })
        {
            layout.Resize(size);
            Assert.All(layout.Regions, r => Assert.True(r.Area.Width >= 0 && r.Area.Height >= 0 && r.Content.Height >= 0));
        }
        layout.Arrange(new Rect(0, 0, 30, 90));
        Assert.All(layout.Regions, r => Assert.False(r.Content.IsEmpty));
    }

    [Fact]
    public void SharingIsExactAndGivesEveryPartACellWhenThereIsRoom()
    {
        Assert.Equal([1, 1, 1], RegionLayout.Share(3, [100, 1, 1]));
        Assert.Equal([0, 0, 0], RegionLayout.Share(0, [1, 1, 1]));
        Assert.Equal(2, RegionLayout.Share(2, [1, 1, 1]).Sum());
        Assert.Equal([5, 4], RegionLayout.Share(9, [1, 1]));
        Assert.Equal([3, 6], RegionLayout.Share(9, [1, 2]));
    }
}
