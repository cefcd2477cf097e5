using System.Buffers.Binary;
using System.Text;

namespace Mux.Protocol;

/// <summary>Reads what <see cref="PayloadWriter"/> wrote; a short or malformed payload throws <see cref="ProtocolException"/>.</summary>
public ref struct PayloadReader(ReadOnlySpan<byte> payload)
{
    private ReadOnlySpan<byte> _rest = payload;

    public readonly bool AtEnd => _rest.IsEmpty;

    public byte U8() => Take(1)[0];

    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int I32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long I64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public bool Bool() => U8() != 0;

    public ReadOnlySpan<byte> Bytes() => Take(Count());

    public string String() => Encoding.UTF8.GetString(Take(Count()));

    public string[] Strings()
    {
        int n = Count();
        var result = new string[n];
        for (int i = 0; i < n; i++) result[i] = String();
        return result;
    }

    private int Count()
    {
        int n = I32();
        if (n < 0 || n > _rest.Length) throw new ProtocolException("malformed payload");
        return n;
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (_rest.Length < n) throw new ProtocolException("truncated payload");
        var head = _rest[..n];
        _rest = _rest[n..];
        return head;
    }
}
