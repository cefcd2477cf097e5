using System.Runtime.CompilerServices;
using Mux.Vt100.Parsing;

namespace Mux.Vt100.Screen;

/// <summary>
/// Remembers where an SGR sequence led from a given style: coloured output repeats the same few sequences from the
/// same few styles, so most SGRs become one lookup instead of the parameters' work and interning the result. Keys
/// are style ids, so the owner clears it whenever the style table renumbers them.
/// </summary>
internal sealed class SgrMemo
{
    // A power of two. Coloured output cycles through a few dozen (sequence, style) pairs; in a direct-mapped table
    // of 64 some of them collided and evicted each other on every line, so those kept taking the long way.
    private const int SizeBits = 8, Size = 1 << SizeBits;

    /// <summary>Most parameters a remembered sequence may have: enough for bold with a direct colour (1;38;2;r;g;b).</summary>
    public const int MaxParameters = 7;

    private struct Entry
    {
        public ulong Low, High;   // Low 0: empty
        public int From, To, Erase;
    }

    private readonly Entry[] _entries = new Entry[Size];

    /// <summary>
    /// The sequence's parameters packed in 128 bits (16 each, values saturate there; the count keeps "1" apart from
    /// "1;0" and <paramref name="low"/> non-zero), or false when they cannot be: more than <see cref="MaxParameters"/>
    /// or sub-parameters (rare; those take the long way every time).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryKey(Params p, out ulong low, out ulong high)
    {
        int n = p.Count;
        if (n > MaxParameters || p.HasSubParameters)
        {
            low = high = 0;
            return false;
        }
        low = (ulong)(n + 1) << 48 | (ulong)p.GetRaw(2) << 32 | (ulong)p.GetRaw(1) << 16 | (uint)p.GetRaw(0);
        high = n <= 3 ? 0 : (ulong)p.GetRaw(6) << 48 | (ulong)p.GetRaw(5) << 32 | (ulong)p.GetRaw(4) << 16 | (uint)p.GetRaw(3);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(ulong low, ulong high, int from, out int to, out int erase)
    {
        ref Entry e = ref _entries[Slot(low, high, from)];
        to = e.To;
        erase = e.Erase;
        return e.Low == low && e.High == high && e.From == from;
    }

    public void Set(ulong low, ulong high, int from, int to, int erase) =>
        _entries[Slot(low, high, from)] = new Entry { Low = low, High = high, From = from, To = to, Erase = erase };

    public void Clear() => Array.Clear(_entries);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(ulong low, ulong high, int from) =>
        (int)(((low ^ high * 0xC2B2_AE3D_27D4_EB4Ful ^ (uint)from) * 0x9E37_79B9_7F4A_7C15ul) >> (64 - SizeBits));
}
