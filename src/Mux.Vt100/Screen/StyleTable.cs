using System.Runtime.CompilerServices;

namespace Mux.Vt100.Screen;

/// <summary>
/// Interns styles so a cell stores a 4-byte index. Index 0 is always the default style.
/// The table only grows; <see cref="Count"/> lets the owner compact it when it gets large.
/// </summary>
internal sealed class StyleTable
{
    private Style[] _styles = new Style[16];
    private readonly Dictionary<Style, int> _ids = new();
    private int _lastId;

    // Two-way set-associative cache in front of the dictionary: a program cycles through a handful of styles.
    private const int CacheSize = 128;
    private readonly int[] _cache = new int[CacheSize];

    public StyleTable()
    {
        Reset();
    }

    public int Count { get; private set; }

    public ref readonly Style this[int id]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _styles[(uint)id < (uint)Count ? id : 0];
    }

    public int Intern(in Style style)
    {
        // Programs repeat the same SGR over and over: check the last answer before hashing.
        if (_styles[_lastId].Equals(style)) return _lastId;
        int slot = style.GetHashCode() & (CacheSize - 2);
        int cached = _cache[slot];
        if (cached < Count && _styles[cached].Equals(style)) return _lastId = cached;
        cached = _cache[slot + 1];
        if (cached < Count && _styles[cached].Equals(style)) return _lastId = cached;
        // Two ways per set, the older answer kept in the second: two styles that hash alike do not evict each other.
        _cache[slot + 1] = _cache[slot];
        if (!_ids.TryGetValue(style, out int id))
        {
            id = Count++;
            if (id == _styles.Length) Array.Resize(ref _styles, id * 2);
            _styles[id] = style;
            _ids.Add(style, id);
        }
        _lastId = id;
        _cache[slot] = id;
        return id;
    }

    /// <summary>Keeps only the styles marked live, renumbered; returns the old-to-new map.</summary>
    public int[] Compact(ReadOnlySpan<bool> live)
    {
        var map = new int[Count];
        var old = _styles;
        int oldCount = Count;
        Reset();
        for (int i = 1; i < oldCount; i++)
            if (live[i]) map[i] = Intern(old[i]);
        return map;
    }

    private void Reset()
    {
        _ids.Clear();
        _styles = new Style[Math.Max(16, _styles.Length / 2)];
        _styles[0] = default;
        _ids.Add(default, 0);
        Count = 1;
        _lastId = 0;
        Array.Clear(_cache);
    }
}
