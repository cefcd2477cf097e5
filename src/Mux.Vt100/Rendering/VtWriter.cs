using System.Buffers;
using System.Text;

namespace Mux.Vt100.Rendering;

/// <summary>
/// Writes escape sequences and UTF-8 text straight into an <see cref="IBufferWriter{T}"/>'s span, asking
/// for more only when the current one is full. Allocates nothing. Call <see cref="Flush"/> at the end.
/// </summary>
internal ref struct VtWriter
{
    private const int ChunkSize = 1024;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _pos;
    private int _flushed;

    public VtWriter(IBufferWriter<byte> output)
    {
        _output = output;
        _span = default;
        _pos = 0;
        _flushed = 0;
    }

    /// <summary>Bytes written so far, flushed or not.</summary>
    public readonly int Written => _flushed + _pos;

    public void Flush()
    {
        if (_pos == 0) return;
        _output.Advance(_pos);
        _flushed += _pos;
        _span = default;
        _pos = 0;
    }

    private void Ensure(int count)
    {
        if (_span.Length - _pos >= count) return;
        Flush();
        _span = _output.GetSpan(Math.Max(count, ChunkSize));
    }

    public void Byte(byte b)
    {
        Ensure(1);
        _span[_pos++] = b;
    }

    public void Bytes(scoped ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_span[_pos..]);
        _pos += bytes.Length;
    }

    public void Repeat(byte b, int count)
    {
        Ensure(count);
        _span.Slice(_pos, count).Fill(b);
        _pos += count;
    }

    /// <summary>ESC [</summary>
    public void Csi()
    {
        Ensure(2);
        _span[_pos++] = 0x1B;
        _span[_pos++] = (byte)'[';
    }

    public void Number(int value)
    {
        Ensure(11);
        _pos += FormatNumber(value, _span[_pos..]);
    }

    /// <summary>ESC [ n final, with n left out when it equals the default 1.</summary>
    public void CsiCount(int n, byte final)
    {
        Csi();
        if (n != 1) Number(n);
        Byte(final);
    }

    /// <summary>One code point as UTF-8 (invalid ones as U+FFFD).</summary>
    public void CodePoint(int cp)
    {
        Ensure(4);
        if (cp < 0x80)
        {
            _span[_pos++] = (byte)cp;
            return;
        }
        if (!Rune.TryCreate(cp, out Rune r)) r = Rune.ReplacementChar;
        _pos += r.EncodeToUtf8(_span[_pos..]);
    }

    /// <summary>UTF-16 text as UTF-8 (lone surrogates as U+FFFD).</summary>
    public void Text(scoped ReadOnlySpan<char> text)
    {
        Ensure(text.Length * 3);
        System.Text.Unicode.Utf8.FromUtf16(text, _span[_pos..], out _, out int written, replaceInvalidSequences: true);
        _pos += written;
    }

    public static int Digits(int value)
    {
        int d = 1;
        while (value >= 10)
        {
            value /= 10;
            d++;
        }
        return d;
    }

    /// <summary>Writes a non-negative number in decimal; returns the bytes written.</summary>
    public static int FormatNumber(int value, Span<byte> destination)
    {
        int n = Digits(value);
        for (int i = n - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
        return n;
    }
}
