using Mux.Server.Sessions;

namespace Mux.Server.Layout;

/// <summary>
/// The one place that decides what goes where on a client's screen: a tree of splits whose leaves are regions,
/// each showing a window, one of them focused. <see cref="Arrange"/> lays the tree out over the area windows get
/// (the screen less the status line); every region then knows its <see cref="RegionNode.Content"/> (where its
/// window is drawn, and so that window's size) and, once there are two regions or more, its caption row (its
/// last row, as in screen). Side-by-side parts have a one-column border between them.
/// <para>
/// Sizes are weights: a split shares its length among its parts in proportion, so a terminal shrunk to 1x1 and
/// grown back gets the same proportions; no size is ever negative, and a region may be empty when there is no
/// room (it is then not drawn). Every member is called under the session lock.
/// </para>
/// </summary>
public sealed class RegionLayout
{
    public RegionLayout()
    {
        Focused = new RegionNode();
        Root = Focused;
        _regions = [Focused];
    }

    public LayoutNode Root { get; private set; }

    /// <summary>The region keys go to, and that <c>select</c>, <c>next</c>, <c>prev</c> and <c>other</c> act on.</summary>
    public RegionNode Focused { get; private set; }

    /// <summary>The area last arranged.</summary>
    public Rect Area { get; private set; }

    /// <summary>True once the layout has more than one region: then regions have captions.</summary>
    public bool IsSplit => Root is SplitNode;

    /// <summary>The regions, in order (top to bottom, left to right, as the tree reads); kept between changes, as
    /// window output asks on every read whether a region shows the window.</summary>
    public IReadOnlyList<RegionNode> Regions => _regions;

    private List<RegionNode> _regions = [];

    private static void Collect(LayoutNode node, List<RegionNode> into)
    {
        if (node is RegionNode r) into.Add(r);
        else foreach (var part in ((SplitNode)node).Parts) Collect(part, into);
    }

    /// <summary>The columns where a border is drawn between side-by-side parts: (column, top, height) each.</summary>
    public IReadOnlyList<Rect> Borders { get; private set; } = [];

    /// <summary>Lays the tree out over <paramref name="area"/> (sizes are clamped to at least zero).</summary>
    public void Arrange(Rect area)
    {
        area = new Rect(Math.Max(0, area.Top), Math.Max(0, area.Left), Math.Max(0, area.Height), Math.Max(0, area.Width));
        Area = area;
        var regions = new List<RegionNode>();
        Collect(Root, regions);
        _regions = regions;
        var borders = new List<Rect>();
        Arrange(Root, area, borders);
        Borders = borders;
    }

    private void Arrange(LayoutNode node, Rect area, List<Rect> borders)
    {
        node.Area = area;
        if (node is RegionNode region)
        {
            if (IsSplit && area.Height > 0)
            {
                region.Content = area with { Height = area.Height - 1 };
                region.CaptionRow = area.Bottom - 1;
            }
            else
            {
                region.Content = area;
                region.CaptionRow = -1;
            }
            return;
        }
        var split = (SplitNode)node;
        bool across = split.Direction == SplitDirection.SideBySide;
        int n = split.Parts.Count;
        int length = across ? area.Width : area.Height;
        int room = Math.Max(0, length - (across ? n - 1 : 0));
        int[] sizes = Share(room, split.Parts.Select(p => p.Weight).ToArray());
        int at = across ? area.Left : area.Top;
        int end = across ? area.Right : area.Bottom;
        for (int i = 0; i < n; i++)
        {
            int size = Math.Min(sizes[i], Math.Max(0, end - at));
            Rect part = across ? new Rect(area.Top, at, area.Height, size) : new Rect(at, area.Left, size, area.Width);
            Arrange(split.Parts[i], part, borders);
            at += size;
            if (across && i < n - 1)
            {
                if (at < end) borders.Add(new Rect(area.Top, at, area.Height, 1));
                at = Math.Min(end, at + 1);
            }
        }
    }

    /// <summary>
    /// Shares <paramref name="room"/> cells among parts in proportion to their weights, exactly (the sizes add up to
    /// it); when there is room for every part, none gets less than one.
    /// </summary>
    public static int[] Share(int room, ReadOnlySpan<int> weights)
    {
        int n = weights.Length;
        var sizes = new int[n];
        if (n == 0 || room <= 0) return sizes;
        long total = 0;
        foreach (int w in weights) total += Math.Max(1, w);
        long cumulative = 0;
        int previous = 0;
        for (int i = 0; i < n; i++)
        {
            cumulative += Math.Max(1, weights[i]);
            int edge = (int)((room * cumulative + total / 2) / total);
            sizes[i] = edge - previous;
            previous = edge;
        }
        if (room >= n)
        {
            for (int i = 0; i < n; i++)
            {
                if (sizes[i] > 0) continue;
                int largest = 0;
                for (int j = 1; j < n; j++) if (sizes[j] > sizes[largest]) largest = j;
                sizes[largest]--;
                sizes[i]++;
            }
        }
        return sizes;
    }

    // ---- changing the tree ----

    /// <summary>
    /// Splits the focused region in two (screen's <c>split</c>): the new region, blank, comes after it (below, or to
    /// its right) and takes half its room; the focus stays. Returns the new region.
    /// </summary>
    public RegionNode Split(SplitDirection direction)
    {
        var focused = Focused;
        var added = new RegionNode();
        Weigh(focused.Parent);
        if (focused.Parent is { } parent && parent.Direction == direction)
        {
            int half = Math.Max(1, focused.Weight / 2);
            added.Weight = Math.Max(1, focused.Weight - half);
            focused.Weight = half;
            parent.Parts.Insert(parent.Parts.IndexOf(focused) + 1, added);
            added.Parent = parent;
        }
        else
        {
            var split = new SplitNode(direction) { Weight = focused.Weight };
            Replace(focused, split);
            focused.Weight = added.Weight = 1;
            split.Parts.Add(focused);
            split.Parts.Add(added);
            focused.Parent = added.Parent = split;
        }
        Arrange(Area);
        return added;
    }

    /// <summary>Takes the focused region away (screen's <c>remove</c>); the focus goes to the region that follows. False when it is the only one.</summary>
    public bool Remove() => Remove(Focused);

    public bool Remove(RegionNode region)
    {
        if (region.Parent is not { } parent) return false;
        var regions = _regions;
        int index = regions.IndexOf(region);
        parent.Parts.Remove(region);
        region.Parent = null;
        if (parent.Parts.Count == 1)
        {
            var only = parent.Parts[0];
            only.Weight = parent.Weight;
            Replace(parent, only);
            // A part that splits the same way as its new parent joins it.
            if (only is SplitNode inner && inner.Parent is { } outer && outer.Direction == inner.Direction) Flatten(inner, outer);
        }
        if (Focused == region) Focus(regions[index + 1 < regions.Count ? index + 1 : index - 1]);
        Arrange(Area);
        return true;
    }

    /// <summary>Keeps only the focused region (screen's <c>only</c>).</summary>
    public void Only()
    {
        Focused.Parent = null;
        Focused.Weight = 1;
        Root = Focused;
        Arrange(Area);
    }

    private static void Flatten(SplitNode inner, SplitNode outer)
    {
        int at = outer.Parts.IndexOf(inner);
        outer.Parts.RemoveAt(at);
        Weigh(inner);
        foreach (var part in inner.Parts) part.Parent = outer;
        outer.Parts.InsertRange(at, inner.Parts);
        // The parts keep their cells as weights; the outer split's other parts were weighed by cells too.
        Weigh(outer);
    }

    private void Replace(LayoutNode old, LayoutNode replacement)
    {
        var parent = old.Parent;
        replacement.Parent = parent;
        if (parent is null) Root = replacement;
        else parent.Parts[parent.Parts.IndexOf(old)] = replacement;
    }

    /// <summary>Turns a split's weights into its parts' current sizes, so a change is made in cells.</summary>
    private static void Weigh(SplitNode? split)
    {
        if (split is null) return;
        bool across = split.Direction == SplitDirection.SideBySide;
        if (split.Parts.All(p => (across ? p.Area.Width : p.Area.Height) > 0))
            foreach (var p in split.Parts) p.Weight = across ? p.Area.Width : p.Area.Height;
    }

    // ---- focus ----

    public void Focus(RegionNode region)
    {
        Focused = region;
        Remember(region);
    }

    /// <summary>Shows <paramref name="window"/> in the focused region.</summary>
    public void Show(Window? window)
    {
        Focused.Show(window);
        Remember(Focused);
    }

    /// <summary>Per window, the region it was last focused or selected in: its size is that region's.</summary>
    private readonly Dictionary<Window, RegionNode> _home = [];

    private void Remember(RegionNode region)
    {
        if (region.Window is { } w) _home[w] = region;
    }

    /// <summary>
    /// The region whose size <paramref name="window"/> takes: the one it was last focused or selected in, if that
    /// still shows it, else the first that shows it; null when none does.
    /// </summary>
    public RegionNode? HomeOf(Window window)
    {
        var regions = _regions;
        if (_home.TryGetValue(window, out var home) && home.Window == window && regions.Contains(home)) return home;
        return regions.FirstOrDefault(r => r.Window == window);
    }

    /// <summary>Focuses the region <paramref name="step"/> places after (before) the focused one, wrapping.</summary>
    public void FocusRelative(int step)
    {
        var regions = _regions;
        int i = regions.IndexOf(Focused);
        Focus(regions[((i + step) % regions.Count + regions.Count) % regions.Count]);
    }

    /// <summary>
    /// Focuses the nearest region on the given side of the focused one (<paramref name="dx"/>, <paramref name="dy"/>
    /// one of ±1, 0), preferring one level with its top-left corner. False when there is none.
    /// </summary>
    public bool FocusToward(int dx, int dy)
    {
        Rect from = Focused.Area;
        RegionNode? best = null;
        (int Distance, int Offset) bestScore = (int.MaxValue, int.MaxValue);
        foreach (var r in Regions)
        {
            if (r == Focused || r.Area.IsEmpty) continue;
            Rect a = r.Area;
            int distance;
            int offset;
            if (dx != 0)
            {
                if (a.Bottom <= from.Top || a.Top >= from.Bottom) continue;
                distance = dx > 0 ? a.Left - from.Right : from.Left - a.Right;
                offset = Math.Abs(a.Top - from.Top);
            }
            else
            {
                if (a.Right <= from.Left || a.Left >= from.Right) continue;
                distance = dy > 0 ? a.Top - from.Bottom : from.Top - a.Bottom;
                offset = Math.Abs(a.Left - from.Left);
            }
            if (distance < 0) continue;
            if ((distance, offset).CompareTo(bestScore) < 0) (best, bestScore) = (r, (distance, offset));
        }
        if (best is null) return false;
        Focus(best);
        return true;
    }

    // ---- sizes ----

    /// <summary>The focused region's size along its split (cells), and the most it may have; (0, 0) unsplit.</summary>
    public (int Size, int Room) FocusedSize()
    {
        if (Focused.Parent is not { } parent) return (0, 0);
        bool across = parent.Direction == SplitDirection.SideBySide;
        int length = across ? parent.Area.Width : parent.Area.Height;
        int room = Math.Max(0, length - (across ? parent.Parts.Count - 1 : 0));
        return (across ? Focused.Area.Width : Focused.Area.Height, room);
    }

    /// <summary>
    /// Gives the focused region <paramref name="cells"/> along its split (clamped so every other part keeps a cell),
    /// taking from or giving to the parts after it first, then those before. False when unsplit or without room.
    /// </summary>
    public bool Resize(int cells) => Resize(Focused, cells);

    private bool Resize(LayoutNode node, int cells)
    {
        if (node.Parent is not { } parent) return false;
        bool across = parent.Direction == SplitDirection.SideBySide;
        int n = parent.Parts.Count;
        int room = Math.Max(0, (across ? parent.Area.Width : parent.Area.Height) - (across ? n - 1 : 0));
        int size = across ? node.Area.Width : node.Area.Height;
        if (room < n) return false;
        Weigh(parent);
        cells = Math.Clamp(cells, 1, room - (n - 1));
        int change = cells - size;
        node.Weight = cells;
        int index = parent.Parts.IndexOf(node);
        var order = Enumerable.Range(index + 1, n - index - 1).Concat(Enumerable.Range(0, index).Reverse());
        foreach (int i in order)
        {
            if (change == 0) break;
            var part = parent.Parts[i];
            int give = change > 0 ? Math.Min(change, part.Weight - 1) : change;
            part.Weight -= give;
            change -= give;
        }
        Arrange(Area);
        return true;
    }

    /// <summary>
    /// The boundary under (<paramref name="x"/>, <paramref name="y"/>): a border column, or a caption row with a
    /// region below it. Null when there is none.
    /// </summary>
    public LayoutNode? BoundaryAt(int x, int y)
    {
        foreach (var r in Regions)
        {
            bool onBorder = x == r.Area.Right && y >= r.Area.Top && y < r.Area.Bottom;
            bool onCaption = y == r.CaptionRow && x >= r.Area.Left && x < r.Area.Right;
            if (!onBorder && !onCaption) continue;
            var direction = onBorder ? SplitDirection.SideBySide : SplitDirection.Stacked;
            // The part whose far edge this is: the region, or the split it ends.
            LayoutNode node = r;
            while (node.Parent is { } parent && (parent.Direction != direction || parent.Parts[^1] == node)) node = parent;
            if (node.Parent != null) return node;
        }
        return null;
    }

    /// <summary>Moves a boundary found by <see cref="BoundaryAt"/> to column <paramref name="x"/> or row <paramref name="y"/>.</summary>
    public bool DragBoundary(LayoutNode node, int x, int y)
    {
        if (node.Parent is not { } parent) return false;
        bool across = parent.Direction == SplitDirection.SideBySide;
        return Resize(node, across ? x - node.Area.Left : y - node.Area.Top + 1);
    }

    /// <summary>Makes the focused region's split share its room equally (screen's <c>resize =</c>).</summary>
    public bool Equalize()
    {
        if (Focused.Parent is not { } parent) return false;
        foreach (var p in parent.Parts) p.Weight = 1;
        Arrange(Area);
        return true;
    }

    // ---- windows ----

    /// <summary>Whether a region shows <paramref name="window"/>.</summary>
    public bool Shows(Window window)
    {
        foreach (var r in _regions) if (r.Window == window) return true;
        return false;
    }

    /// <summary>A window has gone: regions that showed it show the one they showed before, else <paramref name="fallback"/>.</summary>
    public void Forget(Window window, Func<Window?> fallback)
    {
        _home.Remove(window);
        foreach (var r in Regions)
        {
            if (r.Previous == window) r.Previous = null;
            if (r.Window != window) continue;
            r.Window = r.Previous ?? fallback();
            r.Previous = null;
        }
    }

    /// <summary>Regions showing a window that is not in <paramref name="alive"/> go blank (a saved layout brought back).</summary>
    public void Prune(IReadOnlyList<Window> alive)
    {
        foreach (var r in Regions)
        {
            if (r.Window != null && !alive.Contains(r.Window)) r.Window = null;
            if (r.Previous != null && !alive.Contains(r.Previous)) r.Previous = null;
        }
        foreach (var w in _home.Keys.Where(w => !alive.Contains(w)).ToList()) _home.Remove(w);
    }

    /// <summary>A copy of the tree (for <c>layout save</c>): the same windows in the same places, focus included.</summary>
    public RegionLayout Clone()
    {
        var copy = new RegionLayout();
        copy.Root = CloneNode(Root, null, copy);
        foreach (var r in copy.Regions) copy.Remember(r);
        copy.Remember(copy.Focused);
        copy.Area = Area;
        copy.Arrange(Area);
        return copy;
    }

    private LayoutNode CloneNode(LayoutNode node, SplitNode? parent, RegionLayout into)
    {
        if (node is RegionNode r)
        {
            var c = new RegionNode { Window = r.Window, Previous = r.Previous, Weight = r.Weight, Parent = parent };
            if (r == Focused) into.Focused = c;
            return c;
        }
        var s = (SplitNode)node;
        var split = new SplitNode(s.Direction) { Weight = s.Weight, Parent = parent };
        foreach (var part in s.Parts) split.Parts.Add(CloneNode(part, split, into));
        return split;
    }
}
