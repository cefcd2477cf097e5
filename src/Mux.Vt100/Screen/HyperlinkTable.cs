namespace Mux.Vt100.Screen;

/// <summary>A hyperlink (OSC 8): its URI and the optional <c>id</c> parameter that joins cells into one link.</summary>
public sealed record Hyperlink(string Uri, string? Id)
{
    /// <summary>The longest id kept.</summary>
    public const int MaxIdLength = 256;

    /// <summary>
    /// Whether the link may be kept and written back out: a URI of printable ASCII (RFC 3986) and an id of printable
    /// ASCII without the separators of OSC 8, within their limits. Anything else could end the sequence early and
    /// smuggle bytes to a client's terminal. The emulator refuses other links; the writer checks again before writing.
    /// </summary>
    public bool IsSafe =>
        Uri.Length is > 0 and <= Terminal.MaxHyperlinkUriLength && Uri.AsSpan().IndexOfAnyExceptInRange('!', '~') < 0 &&
        (Id is null || (Id.Length <= MaxIdLength && Id.AsSpan().IndexOfAnyExceptInRange(' ', '~') < 0 && Id.AsSpan().IndexOfAny(';', ':') < 0));
}

/// <summary>
/// The hyperlinks the terminal's styles point at by number (<see cref="Style.Link"/>; 0 is "no link").
/// Bounded: a flood of distinct links cannot grow it past <see cref="Capacity"/>; the owner frees the numbers
/// no style uses any more (<see cref="Retain"/>) and, when all are still in use, a new link is refused.
/// </summary>
internal sealed class HyperlinkTable
{
    /// <summary>Most links held at once (numbers 1..Capacity).</summary>
    public const int Capacity = 1024;

    private readonly Hyperlink?[] _links = new Hyperlink?[Capacity + 1];
    private readonly Dictionary<Hyperlink, ushort> _numbers = new();
    private readonly Stack<ushort> _free = new();
    private int _next = 1;

    public int Count => _numbers.Count;

    public Hyperlink? this[int number] => (uint)number < (uint)_links.Length ? _links[number] : null;

    /// <summary>The link's number, the same for the same link; 0 when the table is full.</summary>
    public ushort Add(Hyperlink link)
    {
        if (_numbers.TryGetValue(link, out ushort n)) return n;
        if (_free.Count > 0) n = _free.Pop();
        else if (_next <= Capacity) n = (ushort)_next++;
        else return 0;
        _links[n] = link;
        _numbers.Add(link, n);
        return n;
    }

    /// <summary>Frees every number not marked live, for reuse.</summary>
    public void Retain(ReadOnlySpan<bool> live)
    {
        for (int n = 1; n < _next; n++)
        {
            if (live[n] || _links[n] is not { } link) continue;
            _numbers.Remove(link);
            _links[n] = null;
            _free.Push((ushort)n);
        }
    }

    /// <summary>Every number's link as it is now (index 0 is null), for a snapshot that outlives later reuse.</summary>
    public Hyperlink?[] Copy() => (Hyperlink?[])_links.Clone();

    public void Clear()
    {
        Array.Clear(_links);
        _numbers.Clear();
        _free.Clear();
        _next = 1;
    }
}
