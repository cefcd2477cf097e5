namespace Mux.Server.Layout;

/// <summary>A node of a <see cref="RegionLayout"/>: a split into parts, or a region.</summary>
public abstract class LayoutNode
{
    /// <summary>The split this node is a part of; null for the root.</summary>
    public SplitNode? Parent { get; internal set; }

    /// <summary>Where the node was laid out last (<see cref="RegionLayout.Arrange"/>).</summary>
    public Rect Area { get; internal set; }

    /// <summary>This node's share of its parent's length, relative to its siblings' (cells when last arranged).</summary>
    internal int Weight { get; set; } = 1;
}

/// <summary>How a split arranges its parts.</summary>
public enum SplitDirection
{
    /// <summary>One above the other (screen's <c>split</c>, Ctrl+A S).</summary>
    Stacked,

    /// <summary>Side by side, a border column between them (screen's <c>split -v</c>, Ctrl+A |).</summary>
    SideBySide,
}

/// <summary>Two or more parts laid out one way; the parts' weights share its length.</summary>
public sealed class SplitNode(SplitDirection direction) : LayoutNode
{
    public SplitDirection Direction { get; } = direction;

    internal List<LayoutNode> Parts { get; } = [];

    public IReadOnlyList<LayoutNode> Children => Parts;
}
