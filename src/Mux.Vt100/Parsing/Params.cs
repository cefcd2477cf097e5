using System.Runtime.CompilerServices;

namespace Mux.Vt100.Parsing;

/// <summary>
/// The numeric parameters of a control sequence, in a fixed-capacity buffer reused for every sequence.
/// Values saturate at 65535. A parameter that followed a ':' is a sub-parameter of the one before it
/// (SGR 38:2::r:g:b, 4:3). Past <see cref="MaxCount"/> values the rest are dropped and
/// <see cref="Overflowed"/> is set, as vte does, rather than failing.
/// </summary>
public sealed class Params
{
    public const int MaxCount = 32;
    public const int MaxValue = 65535;

    private readonly int[] _values = new int[MaxCount];
    private uint _subMask;

    public int Count { get; private set; }
    public bool Overflowed { get; private set; }

    public int this[int index] => _values[index];

    /// <summary>True when parameter <paramref name="index"/> was introduced by ':' rather than ';'.</summary>
    public bool IsSubParameter(int index) => (_subMask >> index & 1) != 0;

    /// <summary>Parameter value, or <paramref name="defaultValue"/> when missing or 0 (ECMA-48 default rule).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Get(int index, int defaultValue) =>
        index < Count && _values[index] != 0 ? _values[index] : defaultValue;

    /// <summary>Parameter value, 0 when missing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetRaw(int index) => index < Count ? _values[index] : 0;

    /// <summary>True when any parameter was introduced by ':' (rare: most sequences need no per-parameter check).</summary>
    public bool HasSubParameters => _subMask != 0;

    /// <summary>How many sub-parameters follow parameter <paramref name="index"/>.</summary>
    public int SubParameterCount(int index)
    {
        int n = 0;
        for (int i = index + 1; i < Count && IsSubParameter(i); i++) n++;
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Clear()
    {
        Count = 0;
        _subMask = 0;
        Overflowed = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Push(int value, bool isSub)
    {
        if (Count == MaxCount)
        {
            Overflowed = true;
            return;
        }
        _values[Count] = value;
        if (isSub) _subMask |= 1u << Count;
        Count++;
    }
}
