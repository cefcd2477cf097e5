using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Mux.Protocol;

/// <summary>Builds a message payload: little-endian integers, length-prefixed UTF-8 strings and byte blocks.</summary>
public sealed class PayloadWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public PayloadWriter U8(byte value) { _buffer.GetSpan(1)[0] = value; _buffer.Advance(1); return this; }

    public PayloadWriter U16(int value) { BinaryPrimitives.WriteUInt16LittleEndian(_buffer.GetSpan(2), (ushort)value); _buffer.Advance(2); return this; }

    public PayloadWriter I32(int value) { BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value); _buffer.Advance(4); return this; }

    public PayloadWriter I64(long value) { BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value); _buffer.Advance(8); return this; }

    public PayloadWriter Bool(bool value) => U8(value ? (byte)1 : (byte)0);

    public PayloadWriter Bytes(ReadOnlySpan<byte> value)
    {
        I32(value.Length);
        _buffer.Write(value);
        return this;
    }

    public PayloadWriter String(string? value)
    {
        value ??= "";
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var span = _buffer.GetSpan(4 + max);
        int n = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, n);
        _buffer.Advance(4 + n);
        return this;
    }

    public PayloadWriter Strings(IReadOnlyCollection<string> values)
    {
        I32(values.Count);
        foreach (var v in values) String(v);
        return this;
    }
}
