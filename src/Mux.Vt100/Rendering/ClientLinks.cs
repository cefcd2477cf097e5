using Mux.Vt100.Screen;

namespace Mux.Vt100.Rendering;

/// <summary>
/// The hyperlinks one client's frames show, numbered for <see cref="ShadowCell.Link"/>: each window numbers its links
/// in its own table, so the compositor turns them into this client's numbers (the same link from two windows gets one
/// number) and the writer turns a number back into the OSC 8 it sends.
/// <para>
/// Bounded: one frame adds at most one link per cell, and once the table holds more than <see cref="Limit"/> it is
/// emptied between frames (<see cref="NeedsReset"/>), which costs that client one full redraw. A link that could not be
/// sent safely (a URI or id outside printable ASCII, or too long) gets no number: its text is drawn without a link.
/// </para>
/// </summary>
internal sealed class ClientLinks
{
    private readonly Dictionary<Hyperlink, int> _numbers = new();
    private readonly List<Hyperlink> _links = [];

    /// <summary>Links held before the table is emptied: at least a screenful, so one frame never triggers it alone.</summary>
    public int Limit { get; set; } = 4096;

    public int Count => _links.Count;

    public bool NeedsReset => _links.Count > Limit;

    /// <summary>The link with number <paramref name="number"/> (1-based).</summary>
    public Hyperlink this[int number] => _links[number - 1];

    /// <summary>This client's number for <paramref name="link"/>; 0 for none or for a link that cannot be sent safely.</summary>
    public int NumberOf(Hyperlink? link)
    {
        if (link is null) return 0;
        if (_numbers.TryGetValue(link, out int n)) return n;
        if (!link.IsSafe) return 0;
        _links.Add(link);
        n = _links.Count;
        _numbers.Add(link, n);
        return n;
    }

    public void Clear()
    {
        _numbers.Clear();
        _links.Clear();
    }
}
