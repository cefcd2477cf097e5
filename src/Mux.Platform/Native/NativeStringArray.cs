using System.Runtime.InteropServices;
using System.Text;

namespace Mux.Platform.Native;

/// <summary>A NULL-terminated array of UTF-8 C strings (argv/envp) in unmanaged memory.</summary>
public sealed unsafe class NativeStringArray : IDisposable
{
    private byte** _array;
    private readonly int _count;

    public NativeStringArray(IReadOnlyList<string> items)
    {
        _count = items.Count;
        _array = (byte**)NativeMemory.AllocZeroed((nuint)(_count + 1), (nuint)sizeof(byte*));
        for (int i = 0; i < _count; i++)
        {
            string s = items[i];
            if (s.Contains('\0')) throw new ArgumentException($"argument or environment entry contains a NUL character: '{s.Replace("\0", "\\0")}'");
            int n = Encoding.UTF8.GetByteCount(s);
            byte* p = (byte*)NativeMemory.Alloc((nuint)n + 1);
            Encoding.UTF8.GetBytes(s, new Span<byte>(p, n));
            p[n] = 0;
            _array[i] = p;
        }
    }

    public byte** Pointer => _array;

    public void Dispose()
    {
        if (_array == null) return;
        for (int i = 0; i < _count; i++) NativeMemory.Free(_array[i]);
        NativeMemory.Free(_array);
        _array = null;
    }
}
