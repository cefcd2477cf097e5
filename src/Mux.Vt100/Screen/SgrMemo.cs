using Mux.Vt100.Parsing;

namespace Mux.Vt100.Screen;

/// <summary>
/// Remembers where an SGR sequence led from a given style: coloured output repeats the same few sequences from the
/// same few styles, so most SGRs become one lookup instead of the parameters' work and interning the result. Keys
/// are style ids, so the owner clears it whenever the style table renumbers them.
/// </summary>
internal sealed class SgrMemo
{
    private const int Size = 64;   // a power of two

    private struct Entry
    {
        public ulong Key;       // 0: empty
        public int From, To, Erase;
    }

    private readonly Entry[] _entries = new Entry[Size];

    /// <summary>
    /// The sequence's parameters packed in 64 bits, or 0 when it cannot be: more than three parameters or
    /// sub-parameters (rare; those take the long way every time).
    /// </summary>
    public static ulong KeyOf(Params p)
    {
        if (p.Count > 3 || p.HasSubParameters) return 0;
        // Values saturate at 16 bits; the count keeps "1" apart from "1;0", and keeps the key non-zero.
        return (ulong)(p.Count + 1) << 48 | (ulong)p.GetRaw(2) << 32 | (ulong)p.GetRaw(1) << 16 | (uint)p.GetRaw(0);
    }

    public bool TryGet(ulong key, int from, out int to, out int erase)
    {
        ref Entry e = ref _entries[Slot(key, from)];
        to = e.To;
        erase = e.Erase;
        return e.Key == key && e.From == from;
    }

    public void Set(ulong key, int from, int to, int erase) =>
        _entries[Slot(key, from)] = new Entry { Key = key, From = from, To = to, Erase = erase };

    public void Clear() => Array.Clear(_entries);

    private static int Slot(ulong key, int from) =>
        (int)(((key ^ (uint)from) * 0x9E37_79B9_7F4A_7C15ul) >> (64 - 6));
}
