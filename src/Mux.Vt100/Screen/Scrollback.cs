using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;

namespace Mux.Vt100.Screen;

/// <summary>
/// Lines that scrolled off the top, oldest first, in a ring bounded by <see cref="Limit"/>.
/// History never changes, so a line is stored compactly rather than as cells: its text as UTF-8
/// (trailing blanks trimmed, a wide character once, combining marks after their base) followed by
/// style runs of (style id: 4 bytes, cell count: 2 bytes), omitted when the whole line has the
/// default style. Encoded lines are packed into 64 KiB pages; a page whose lines were all evicted
/// is reused, so a full history scrolls without allocating.
/// </summary>
internal sealed class Scrollback
{
    private const int PageSize = 64 * 1024;
    private const int RunSize = 6;

    /// <summary>
    /// Encoded lines. A page that is no longer written to may be packed (compressed) while the session is idle:
    /// history is rarely read, and compressed it takes about a third of the memory.
    /// </summary>
    private sealed class Page(int size)
    {
        public byte[]? Data = new byte[size];   // null while packed
        public byte[]? Packed;                  // the first Used bytes of Data, compressed
        public int Used;                        // bytes in use, known once the page is sealed
        public int Live;
        public readonly int Size = size;
    }

    /// <summary>16 bytes a line: the page, where the line starts in it, its text length and wrap flag, its runs.</summary>
    private struct Line
    {
        private const int WrappedBit = 1 << 31;

        public Page Page;
        private int _textAndWrapped;
        private ushort _offset;   // pages are 64 KiB; a larger page holds one line, at 0
        public ushort RunCount;   // at most one run per cell

        public Line(Page page, int offset, int textLength, int runCount, bool wrapped)
        {
            Page = page;
            _offset = (ushort)offset;
            _textAndWrapped = textLength | (wrapped ? WrappedBit : 0);
            RunCount = (ushort)runCount;
        }

        public readonly int Offset => _offset;
        public readonly int TextLength => _textAndWrapped & ~WrappedBit;
        public readonly bool Wrapped => (_textAndWrapped & WrappedBit) != 0;
    }

    /// <summary>
    /// The ring of lines, in blocks small enough to stay off the large-object heap: growing adds a block instead of
    /// copying the whole ring into a larger array (which left the old arrays as garbage on that heap).
    /// </summary>
    private const int BlockShift = 10, BlockSize = 1 << BlockShift;

    private Line[][] _blocks = [];
    private int _capacity;
    private int _head;
    private Page? _page;
    private int _pageUsed;
    private readonly Stack<Page> _freePages = new();

    public Scrollback(int limit)
    {
        Limit = Math.Max(0, limit);
    }

    public int Limit { get; }
    public int Count { get; private set; }

    public void Clear()
    {
        for (int i = 0; i < Count; i++) Release(ref At(i));
        Count = 0;
        _head = 0;
    }

    private ref Line At(int index)
    {
        int i = _head + index;
        if (i >= _capacity) i -= _capacity;
        return ref _blocks[i >> BlockShift][i & (BlockSize - 1)];
    }

    private void Release(ref Line line)
    {
        Page p = line.Page;
        line = default;
        if (--p.Live == 0 && p != _page && p.Size == PageSize && p.Data != null) _freePages.Push(p);
    }

    public bool IsWrapped(int index) => At(index).Wrapped;

    /// <summary>Appends <paramref name="row"/> as the newest line, evicting the oldest when full.</summary>
    public void Push(Row row)
    {
        if (Limit == 0) return;
        Cell[] cells = row.Cells;
        int end = row.ContentLength(keepSpaces: row.Wrapped);

        int bound = end * (4 + RunSize);
        if (row.Graphemes != null)
            for (int x = 0; x < end; x++)
                if (cells[x].HasGrapheme) bound += row.GetGrapheme(cells[x].GraphemeIndex).Length * 3;

        Page page = Reserve(Math.Max(bound, 1));   // at least a byte, so that a line never starts at a page's end
        Span<byte> dst = page.Data.AsSpan(_pageUsed);   // the page being written is never packed
        int n = 0;
        bool styled = false;
        int styleBits = 0;
        for (int x = 0; x < end; x++)
        {
            Cell c = cells[x];
            styleBits |= c.StyleId;
            uint d = c.Data;
            if (d - 1 < 0x7F) dst[n++] = (byte)d;                 // ASCII, the common case
            else if (d == 0) dst[n++] = (byte)' ';
            else if ((d & Cell.SpacerFlag) != 0) continue;
            else if ((d & Cell.GraphemeFlag) != 0) n += Encoding.UTF8.GetBytes(row.GetGrapheme(c.GraphemeIndex), dst[n..]);
            else n += EncodeUtf8((int)(d & Cell.CodeMask), dst[n..]);
        }
        styled = styleBits != 0;
        int textLength = n;
        int runs = 0;
        if (styled)
        {
            int x = 0;
            while (x < end)
            {
                int style = cells[x].StyleId;
                int start = x;
                while (x < end && cells[x].StyleId == style && x - start < ushort.MaxValue) x++;
                BinaryPrimitives.WriteInt32LittleEndian(dst[n..], style);
                BinaryPrimitives.WriteUInt16LittleEndian(dst[(n + 4)..], (ushort)(x - start));
                n += RunSize;
                runs++;
            }
        }

        Append(page, n, textLength, runs, row.Wrapped);
    }

    /// <summary>Appends a copy of line <paramref name="index"/> of <paramref name="source"/>, its style ids unchanged.</summary>
    public void PushCopy(Scrollback source, int index)
    {
        if (Limit == 0) return;
        Line line = source.At(index);
        int n = line.TextLength + line.RunCount * RunSize;
        Page page = Reserve(Math.Max(n, 1));
        source.Bytes(line.Page).Slice(line.Offset, n).CopyTo(page.Data.AsSpan(_pageUsed));
        Append(page, n, line.TextLength, line.RunCount, line.Wrapped);
    }

    /// <summary>Makes the <paramref name="n"/> bytes just written at the end of <paramref name="page"/> the newest line.</summary>
    private void Append(Page page, int n, int textLength, int runs, bool wrapped)
    {
        if (Count == Limit) { Release(ref At(0)); _head = (_head + 1) % _capacity; Count--; }
        else if (Count == _capacity) Grow();
        page.Live++;
        At(Count) = new Line(page, _pageUsed, textLength, runs, wrapped);
        Count++;
        _pageUsed += n;
    }

    private static int EncodeUtf8(int cp, Span<byte> dst)
    {
        if (cp < 0x800)
        {
            dst[1] = (byte)(0x80 | (cp & 0x3F));
            dst[0] = (byte)(0xC0 | cp >> 6);
            return 2;
        }
        if (cp < 0x10000)
        {
            dst[2] = (byte)(0x80 | (cp & 0x3F));
            dst[1] = (byte)(0x80 | (cp >> 6 & 0x3F));
            dst[0] = (byte)(0xE0 | cp >> 12);
            return 3;
        }
        dst[3] = (byte)(0x80 | (cp & 0x3F));
        dst[2] = (byte)(0x80 | (cp >> 6 & 0x3F));
        dst[1] = (byte)(0x80 | (cp >> 12 & 0x3F));
        dst[0] = (byte)(0xF0 | cp >> 18);
        return 4;
    }

    private Page Reserve(int bytes)
    {
        if (_page != null && PageSize - _pageUsed >= bytes) return _page;
        Page? old = _page;
        if (bytes > PageSize) _page = new Page(bytes);
        else _page = _freePages.Count > 0 ? _freePages.Pop() : new Page(PageSize);
        int oldUsed = _pageUsed;
        _pageUsed = 0;
        if (old != null)
        {
            old.Used = oldUsed;
            if (old.Live == 0 && old.Size == PageSize) _freePages.Push(old);
            else SealedAdd(old);
        }
        return _page;
    }

    // ---- packing -------------------------------------------------------------------------------

    /// <summary>Pages no longer written to that may still be packed (some may since have been evicted).</summary>
    private readonly List<Page> _sealed = [];

    /// <summary>The last page unpacked for reading, so that reading lines in order unpacks each page once.</summary>
    private byte[]? _unpacked;
    private Page? _unpackedPage;

    /// <summary>
    /// Compresses every sealed page; returns the bytes saved. Brotli at its fastest setting: about a third of the
    /// size for terminal text, and reading a line back costs one page's decompression.
    /// </summary>
    public long Pack()
    {
        long saved = 0;
        foreach (Page p in _sealed)
        {
            if (p.Live == 0 || p.Data == null || p == _page) continue;
            var packed = new byte[BrotliEncoder.GetMaxCompressedLength(p.Used)];
            if (!BrotliEncoder.TryCompress(p.Data.AsSpan(0, p.Used), packed, out int n, quality: 1, window: 16) || n >= p.Used * 9 / 10)
                continue;   // not worth it
            p.Packed = packed.AsSpan(0, n).ToArray();
            saved += p.Data.Length - n;
            p.Data = null;
        }
        _sealed.Clear();
        return saved;
    }

    private int _sealedCompactAt = 64;

    /// <summary>Remembers a sealed page; pages evicted since are dropped now and then, so the list stays small without Pack.</summary>
    private void SealedAdd(Page p)
    {
        if (_sealed.Count >= _sealedCompactAt)
        {
            _sealed.RemoveAll(static q => q.Live == 0 || q.Data == null);
            _sealedCompactAt = Math.Max(64, _sealed.Count * 2);
        }
        _sealed.Add(p);
    }

    /// <summary>A page's bytes for reading.</summary>
    private ReadOnlySpan<byte> Bytes(Page p)
    {
        if (p.Data != null) return p.Data;
        if (_unpackedPage == p) return _unpacked.AsSpan(0, p.Used);
        if (_unpacked == null || _unpacked.Length < p.Used) _unpacked = new byte[Math.Max(p.Used, PageSize)];
        if (!BrotliDecoder.TryDecompress(p.Packed, _unpacked, out int n) || n != p.Used)
            throw new InvalidOperationException("a packed history page does not unpack");
        _unpackedPage = p;
        return _unpacked.AsSpan(0, n);
    }

    /// <summary>A page's bytes for changing in place: a packed page is unpacked for good (it may be packed again).</summary>
    private Span<byte> Writable(Page p)
    {
        if (p.Data != null) return p.Data;
        var data = new byte[p.Size];
        Bytes(p).CopyTo(data);
        p.Data = data;
        p.Packed = null;
        if (_unpackedPage == p) _unpackedPage = null;
        SealedAdd(p);
        return data;
    }

    /// <summary>
    /// Adds a block. The ring only fills up while it is smaller than the limit, and nothing is evicted before it
    /// reaches the limit, so the oldest line is still at the start and the new block simply goes on the end.
    /// </summary>
    private void Grow()
    {
        Array.Resize(ref _blocks, _blocks.Length + 1);
        _blocks[^1] = new Line[BlockSize];
        _capacity += BlockSize;
    }

    /// <summary>Removes and returns the newest line's cells (used when the screen grows and pulls history back).</summary>
    public void PopNewest(List<LooseCell> into, out bool wrapped)
    {
        Decode(Count - 1, into);
        wrapped = At(Count - 1).Wrapped;
        Release(ref At(Count - 1));
        Count--;
    }

    public string GetText(int index)
    {
        ref Line line = ref At(index);
        return Encoding.UTF8.GetString(Bytes(line.Page).Slice(line.Offset, line.TextLength));
    }

    /// <summary>Rebuilds the cells of line <paramref name="index"/> (appended to <paramref name="into"/>).</summary>
    public void Decode(int index, List<LooseCell> into)
    {
        ref Line line = ref At(index);
        ReadOnlySpan<byte> bytes = Bytes(line.Page);
        ReadOnlySpan<byte> text = bytes.Slice(line.Offset, line.TextLength);
        ReadOnlySpan<byte> runs = bytes.Slice(line.Offset + line.TextLength, line.RunCount * RunSize);
        int first = into.Count;
        while (!text.IsEmpty)
        {
            Rune.DecodeFromUtf8(text, out Rune r, out int used);
            text = text[used..];
            int w = CharWidth.Of(r.Value);
            if (w == 0 && into.Count > first)
            {
                var prev = into[^1];
                int at = prev.Cell.IsSpacer ? into.Count - 2 : into.Count - 1;
                var baseCell = into[at];
                string g = (baseCell.Grapheme ?? char.ConvertFromUtf32(baseCell.Cell.CodePoint)) + r.ToString();
                into[at] = new LooseCell(new Cell(baseCell.Cell.Data | Cell.GraphemeFlag, 0), g);
                continue;
            }
            into.Add(new LooseCell(new Cell((uint)r.Value | (w == 2 ? Cell.WideFlag : 0), 0), null));
            if (w == 2) into.Add(new LooseCell(new Cell(Cell.SpacerFlag, 0), null));
        }
        int x = first;
        for (int i = 0; i < runs.Length; i += RunSize)
        {
            int style = BinaryPrimitives.ReadInt32LittleEndian(runs[i..]);
            int count = BinaryPrimitives.ReadUInt16LittleEndian(runs[(i + 4)..]);
            for (int k = 0; k < count; k++, x++)
            {
                if (x == into.Count) into.Add(new LooseCell(Cell.Blank(0), null));
                into[x] = new LooseCell(new Cell(into[x].Cell.Data, style), into[x].Grapheme);
            }
        }
    }

    /// <summary>Marks every style id that history uses.</summary>
    public void MarkStyles(Span<bool> live)
    {
        for (int i = 0; i < Count; i++)
        {
            ref Line line = ref At(i);
            if (line.RunCount == 0) continue;
            var runs = Bytes(line.Page).Slice(line.Offset + line.TextLength, line.RunCount * RunSize);
            for (int k = 0; k < runs.Length; k += RunSize) live[BinaryPrimitives.ReadInt32LittleEndian(runs[k..])] = true;
        }
    }

    public void RemapStyles(ReadOnlySpan<int> map)
    {
        for (int i = 0; i < Count; i++)
        {
            ref Line line = ref At(i);
            if (line.RunCount == 0) continue;
            var runs = Writable(line.Page).Slice(line.Offset + line.TextLength, line.RunCount * RunSize);
            for (int k = 0; k < runs.Length; k += RunSize)
                BinaryPrimitives.WriteInt32LittleEndian(runs[k..], map[BinaryPrimitives.ReadInt32LittleEndian(runs[k..])]);
        }
    }

    /// <summary>Approximate bytes held, for diagnostics and tests.</summary>
    public long MemoryBytes
    {
        get
        {
            long pages = 0;
            var seen = new HashSet<Page>();
            for (int i = 0; i < Count; i++) if (seen.Add(At(i).Page)) pages += At(i).Page.Data?.Length ?? At(i).Page.Packed!.Length;
            foreach (var p in _freePages) pages += p.Size;
            return pages + (long)_capacity * Unsafe.SizeOf<Line>();
        }
    }
}

/// <summary>A cell detached from any row, with its grapheme text when it has one (reflow, history).</summary>
internal readonly record struct LooseCell(Cell Cell, string? Grapheme);
