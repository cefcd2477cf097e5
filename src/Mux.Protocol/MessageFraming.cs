using System.Buffers;
using System.Buffers.Binary;

namespace Mux.Protocol;

/// <summary>Splits a byte stream into <see cref="Message"/>s and writes messages into a buffer.</summary>
public static class MessageFraming
{
    /// <summary>
    /// Takes one whole message off the front of <paramref name="buffer"/>. Returns false when more bytes are needed.
    /// Throws <see cref="ProtocolException"/> on a length that no honest peer sends, or above <paramref name="maxSize"/>.
    /// </summary>
    public static bool TryParse(ref ReadOnlySequence<byte> buffer, out Message message, int maxSize = WireFormat.MaxMessageSize)
    {
        message = default;
        if (buffer.Length < 4) return false;
        Span<byte> header = stackalloc byte[WireFormat.HeaderSize];
        int length;
        if (buffer.Length >= WireFormat.HeaderSize)
        {
            buffer.Slice(0, WireFormat.HeaderSize).CopyTo(header);
        }
        else
        {
            buffer.Slice(0, 4).CopyTo(header);
        }
        length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 1 || length > Math.Min(maxSize, WireFormat.MaxMessageSize))
            throw new ProtocolException($"bad message length {length}");
        if (buffer.Length < 4 + length) return false;
        var type = (MessageType)header[4];
        var payload = buffer.Slice(WireFormat.HeaderSize, length - 1).ToArray();
        buffer = buffer.Slice(4 + length);
        message = new Message(type, payload);
        return true;
    }

    /// <summary>True when <paramref name="buffer"/> starts with a whole message (or a length no honest peer sends).</summary>
    public static bool HasWholeMessage(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < 4) return false;
        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        int length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        return length < 1 || length > WireFormat.MaxMessageSize || buffer.Length >= 4L + length;
    }

    public static void Write(IBufferWriter<byte> output, MessageType type, ReadOnlySpan<byte> payload)
    {
        if (payload.Length + 1 > WireFormat.MaxMessageSize) throw new ProtocolException("message too large");
        var span = output.GetSpan(WireFormat.HeaderSize + payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, payload.Length + 1);
        span[4] = (byte)type;
        payload.CopyTo(span[WireFormat.HeaderSize..]);
        output.Advance(WireFormat.HeaderSize + payload.Length);
    }

    /// <summary>Writes <paramref name="data"/> as as many Output messages as its size needs.</summary>
    public static void WriteOutput(IBufferWriter<byte> output, ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            int n = Math.Min(data.Length, WireFormat.MaxOutputChunk);
            Write(output, MessageType.Output, data[..n]);
            data = data[n..];
        }
    }
}

/// <summary>The peer sent something that is not our protocol.</summary>
public sealed class ProtocolException(string message) : Exception(message);
