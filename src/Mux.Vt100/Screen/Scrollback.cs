using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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

    /// <summary>16 bytes a line: the page, where the line starts in it, its text length, wrap and prompt flags, its runs.</summary>
    private struct Line
    {
        private const int WrappedBit = 1 << 31;
        private const int PromptBit = 1 << 30;
        private const int Flags = WrappedBit | PromptBit;

        public Page Page;
        private int _textAndWrapped;
        private ushort _offset;   // pages are 64 KiB; a larger page holds one line, at 0
        public ushort RunCount;   // at most one run per cell

        public Line(Page page, int offset, int textLength, int runCount, bool wrapped, bool prompt)
        {
            Page = page;
            _offset = (ushort)offset;
            _textAndWrapped = textLength | (wrapped ? WrappedBit : 0) | (prompt ? PromptBit : 0);
            RunCount = (ushort)runCount;
        }

        public readonly int Offset => _offset;
        public readonly int TextLength => _textAndWrapped & ~Flags;
        public readonly bool Wrapped => (_textAndWrapped & WrappedBit) != 0;
        public readonly bool Prompt => (_textAndWrapped & PromptBit) != 0;
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

    /// <summary>A shell's prompt started on line <paramref name="index"/> (OSC 133 A).</summary>
    public bool IsPromptStart(int index) => At(index).Prompt;

    /// <summary>Appends <paramref name="row"/> as the newest line, evicting the oldest when full.</summary>
    public void Push(Row row)
    {
        if (Limit == 0) return;
        Cell[] cells = row.Cells;
        int end = row.ContentLength(keepSpaces: row.Wrapped);

        int bound = end * (4 + RunSize);
        if (row.Graphemes != null)
            for (int i = 0; i < end; i++)
                if (cells[i].HasGrapheme) bound += row.GetGrapheme(cells[i].GraphemeIndex).Length * 3;

        Page page = Reserve(Math.Max(bound, 1));   // at least a byte, so that a line never starts at a page's end
        Span<byte> dst = page.Data.AsSpan(_pageUsed);   // the page being written is never packed
        bool styled = false;
        uint styleBits = 0;
        int x = CopyAscii(cells.AsSpan(0, end), dst, ref styled);
        int n = x;
        ReadOnlySpan<Cell> line = cells.AsSpan(0, end);
        while (x < line.Length)
        {
            x = EncodeBmpCells(line, x, dst, ref n, ref styled);
            x = EncodeCells(line, x, dst, ref n, ref styleBits);
            if (x >= line.Length) break;
            // A grapheme cell (a character with combining marks), kept out of the loop: it makes calls.
            Cell c = line[x];
            styleBits |= (uint)c.StyleId;
            n += Encoding.UTF8.GetBytes(row.GetGrapheme(c.GraphemeIndex), dst[n..]);
            x += c.IsWide ? 2 : 1;
        }
        styled |= styleBits != 0;
        int textLength = n;
        int runs = 0;
        if (styled) n += WriteRuns(line, dst[n..], out runs);

        Append(page, n, textLength, runs, row.Wrapped, row.PromptStart);
    }

    /// <summary>Appends a copy of line <paramref name="index"/> of <paramref name="source"/>, its style ids unchanged.</summary>
    public void PushCopy(Scrollback source, int index)
    {
        if (Limit == 0) return;
        Line line = source.At(index);
        int n = line.TextLength + line.RunCount * RunSize;
        Page page = Reserve(Math.Max(n, 1));
        source.Bytes(line.Page).Slice(line.Offset, n).CopyTo(page.Data.AsSpan(_pageUsed));
        Append(page, n, line.TextLength, line.RunCount, line.Wrapped, line.Prompt);
    }

    /// <summary>Makes the <paramref name="n"/> bytes just written at the end of <paramref name="page"/> the newest line.</summary>
    private void Append(Page page, int n, int textLength, int runs, bool wrapped, bool prompt)
    {
        if (Count == Limit)
        {
            Release(ref At(0));
            if (++_head == _capacity) _head = 0;
            Count--;
        }
        else if (Count == _capacity) Grow();
        page.Live++;
        At(Count) = new Line(page, _pageUsed, textLength, runs, wrapped, prompt);
        Count++;
        _pageUsed += n;
    }

    /// <summary>
    /// Writes the line's style runs (style id, cell count) to <paramref name="dst"/>; returns the bytes written. A run
    /// ends where a cell's style differs from the one before it: first a bit per cell says where (compared four cells
    /// at a time, no branch), then the set bits are visited, so the only mispredicted branch is the last of each 64
    /// cells rather than one at the end of every run. (A run cannot outgrow its 16-bit count: lines are at most
    /// <see cref="Terminal.MaxDimension"/> cells.)
    /// </summary>
    private static int WriteRuns(ReadOnlySpan<Cell> line, Span<byte> dst, out int runs)
    {
        ReadOnlySpan<ulong> raw = MemoryMarshal.Cast<Cell, ulong>(line);
        Span<ulong> starts = stackalloc ulong[(Terminal.MaxDimension + 63) / 64];
        starts = starts[..((line.Length + 63) / 64)];
        starts.Clear();
        int x = 1;
        if (Vector256.IsHardwareAccelerated)
        {
            for (x = 4; x + 4 <= raw.Length; x += 4)
            {
                // Style ids are the high halves: compare each cell's with its left neighbour's.
                var here = Vector256.Create(raw.Slice(x, 4)) >> 32;
                var before = Vector256.Create(raw.Slice(x - 1, 4)) >> 32;
                starts[x >> 6] |= (ulong)(~Vector256.Equals(here, before)).ExtractMostSignificantBits() << (x & 63);
            }
            for (int i = 1; i < Math.Min(4, line.Length); i++)
                if (line[i].StyleId != line[i - 1].StyleId) starts[0] |= 1ul << i;
        }
        for (; x < line.Length; x++)
            if (line[x].StyleId != line[x - 1].StyleId) starts[x >> 6] |= 1ul << (x & 63);

        int n = 0, start = 0;
        runs = 0;
        for (int w = 0; w < starts.Length; w++)
        {
            for (ulong bits = starts[w]; bits != 0; bits &= bits - 1)
            {
                int at = w * 64 + BitOperations.TrailingZeroCount(bits);
                n += WriteRun(dst[n..], line[start].StyleId, at - start);
                runs++;
                start = at;
            }
        }
        n += WriteRun(dst[n..], line[start].StyleId, line.Length - start);
        runs++;
        return n;
    }

    private static int WriteRun(Span<byte> dst, int style, int count)
    {
        BinaryPrimitives.WriteInt32LittleEndian(dst, style);
        BinaryPrimitives.WriteUInt16LittleEndian(dst[4..], (ushort)count);
        return RunSize;
    }

    /// <summary>
    /// Encodes cells from <paramref name="x"/> as UTF-8 at <paramref name="n"/>, four at a time, while they are in the
    /// BMP without combining marks (CJK text above all); returns where it stopped. Each cell's one to three bytes are
    /// made in its own lane, then one shuffle, chosen by the four lengths, packs them together (an empty cell is a
    /// space, a spacer nothing). Fewer instructions than a cell at a time, and no branch on the kind of character.
    /// </summary>
    private static int EncodeBmpCells(ReadOnlySpan<Cell> line, int x, Span<byte> dst, ref int n, ref bool styled)
    {
        if (!Vector128.IsHardwareAccelerated) return x;
        ReadOnlySpan<ulong> raw = MemoryMarshal.Cast<Cell, ulong>(line);
        ReadOnlySpan<byte> shuffles = Utf8Shuffles, totals = Utf8Totals;
        var styles = Vector128<ulong>.Zero;
        var weights = Vector128.Create(1u, 4u, 16u, 64u);
        int at = n;
        for (; x + 4 <= raw.Length; x += 4)
        {
            var a = Vector128.Create(raw.Slice(x, 2));
            var b = Vector128.Create(raw.Slice(x + 2, 2));
            Vector128<uint> d = Vector128.Narrow(a, b);
            if ((d & Vector128.Create(Cell.GraphemeFlag | 0x1F_0000)) != Vector128<uint>.Zero) break;
            styles |= a | b;
            var cp = d & Vector128.Create(0xFFFFu);
            cp |= Vector128.Equals(cp, Vector128<uint>.Zero) & Vector128.Create((uint)' ');
            var two = Vector128.GreaterThanOrEqual(cp, Vector128.Create(0x80u));     // all ones: at least two bytes
            var three = Vector128.GreaterThanOrEqual(cp, Vector128.Create(0x800u));
            var printed = Vector128.Equals(d & Vector128.Create(Cell.SpacerFlag), Vector128<uint>.Zero);
            var length = (Vector128<uint>.One - two - three) & printed;
            var last = (cp & Vector128.Create(0x3Fu)) | Vector128.Create(0x80u);
            var middle = (cp >> 6 & Vector128.Create(0x3Fu)) | Vector128.Create(0x80u);
            var encoded2 = (cp >> 6 | Vector128.Create(0xC0u)) | last << 8;
            var encoded3 = (cp >> 12 | Vector128.Create(0xE0u)) | middle << 8 | last << 16;
            var encoded = Vector128.ConditionalSelect(three, encoded3, Vector128.ConditionalSelect(two, encoded2, cp));
            int lengths = (int)Vector128.Sum(length * weights);
            var packed = Vector128.ShuffleNative(encoded.AsByte(), Vector128.Create(shuffles.Slice(lengths * 16, 16)));
            packed.CopyTo(dst[at..]);   // up to 12 bytes meant, 16 written: the caller reserved 10 a cell
            at += totals[lengths];
        }
        n = at;
        styled |= Vector128.ShiftRightLogical(styles, 32) != Vector128<ulong>.Zero;
        return x;
    }

    // For four lanes of UTF-8 (one to three bytes each, or none) by their lengths (2 bits a lane, first lane lowest):
    // the shuffle that packs the bytes together, and how many there are.
    private static readonly byte[] Utf8Shuffles = CreateUtf8Shuffles(out Utf8Totals);
    private static readonly byte[] Utf8Totals;

    private static byte[] CreateUtf8Shuffles(out byte[] totals)
    {
        var shuffles = new byte[256 * 16];
        totals = new byte[256];
        for (int lengths = 0; lengths < 256; lengths++)
        {
            int o = 0;
            for (int lane = 0; lane < 4; lane++)
                for (int k = 0; k < (lengths >> 2 * lane & 3); k++)
                    shuffles[lengths * 16 + o++] = (byte)(4 * lane + k);
            totals[lengths] = (byte)o;
        }
        return shuffles;
    }

    /// <summary>
    /// Encodes cells from <paramref name="x"/> as UTF-8 at <paramref name="n"/> up to the end or the first grapheme
    /// cell; returns where it stopped. An empty cell is a space, a stray spacer nothing, and a wide character's spacer
    /// is skipped. No branch on the kind of character (in text mixing ASCII and CJK it would be mispredicted at every
    /// change) and no call (the loop keeps its variables in registers).
    /// </summary>
    private static int EncodeCells(ReadOnlySpan<Cell> line, int x, Span<byte> dst, ref int n, ref uint styleBits)
    {
        ReadOnlySpan<byte> lengths = Utf8Lengths;
        ReadOnlySpan<ulong> forms = Utf8Forms;
        int at = n;
        uint styles = 0;
        while (x < line.Length)
        {
            Cell c = line[x];
            uint d = c.Data;
            if ((d & Cell.GraphemeFlag) != 0) break;
            styles |= (uint)c.StyleId;
            uint cp = d & Cell.CodeMask;
            cp |= (cp - 1) >> 26 & ' ';
            int length = lengths[BitOperations.Log2(cp) & 31] & (int)(d >> 22 & 1) - 1;
            ulong form = forms[length];
            uint encoded = Deposit(cp, (uint)form) | (uint)(form >> 32);
            BinaryPrimitives.WriteUInt32BigEndian(dst[at..], encoded << (32 - 8 * length));
            at += length;
            x += 1 + (int)(d >> 21 & 1);
        }
        n = at;
        styleBits |= styles;
        return x;
    }

    // UTF-8 length by the index of a code point's highest set bit; by length, where the code point's bits go in the
    // encoding (low half) and the bits the lead and continuation bytes add (high half).
    private static ReadOnlySpan<byte> Utf8Lengths => [1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4];
    internal static ReadOnlySpan<ulong> Utf8Forms => [0, 0x7F, 0xC080_0000_1F3F, 0xE0_8080_000F_3F3F, 0xF080_8080_073F_3F3F];

    /// <summary>The low bits of <paramref name="value"/> put at the set bits of <paramref name="mask"/> (one of
    /// <see cref="Utf8Forms"/>), in order: one instruction where BMI2 has it.</summary>
    internal static uint Deposit(uint value, uint mask) =>
        Bmi2.IsSupported ? Bmi2.ParallelBitDeposit(value, mask) : DepositPortable(value, mask);

    internal static uint DepositPortable(uint value, uint mask) =>
        mask == 0x7F ? value & mask : ((value & 0x3F) | (value << 2 & 0x3F00) | (value << 4 & 0x3F_0000) | (value << 6 & 0x0700_0000)) & mask;

    /// <summary>
    /// Copies the leading cells that are ASCII or empty (as spaces), 16 at a time, while they come; returns how many
    /// it copied (the caller does the rest); sets <paramref name="styled"/> if one has a style. A line of ASCII whose
    /// length is not a multiple of 16 ends with the last 16 cells, overlapping cells already copied (in ASCII a cell
    /// is one byte, so they land where they did): the tail costs one more step instead of the cell-by-cell encoders,
    /// which matters most for narrow windows (a 59-column region leaves an 11-cell tail on every row).
    /// </summary>
    private static int CopyAscii(ReadOnlySpan<Cell> cells, Span<byte> dst, ref bool styled)
    {
        if (!Vector256.IsHardwareAccelerated || cells.Length < 16) return 0;
        // A cell is 8 bytes, data then style id: as a ulong, the data is the low half.
        ReadOnlySpan<ulong> raw = MemoryMarshal.Cast<Cell, ulong>(cells);
        var all = Vector256<ulong>.Zero;
        int x = 0;
        while (true)
        {
            var a = Vector256.Create(raw.Slice(x, 4));
            var b = Vector256.Create(raw.Slice(x + 4, 4));
            var c = Vector256.Create(raw.Slice(x + 8, 4));
            var d = Vector256.Create(raw.Slice(x + 12, 4));
            Vector256<uint> low = Vector256.Narrow(a, b), high = Vector256.Narrow(c, d);
            if (!Vector256.LessThanAll(low | high, Vector256.Create(0x80u))) break;
            Vector256<ushort> data = Vector256.Narrow(low, high);
            Vector128<byte> text = Vector128.Narrow(data.GetLower(), data.GetUpper());
            text |= Vector128.Equals(text, Vector128<byte>.Zero) & Vector128.Create((byte)' ');
            text.CopyTo(dst[x..]);
            all |= a | b | c | d;
            if (x + 16 == raw.Length) { x = raw.Length; break; }
            x = Math.Min(x + 16, raw.Length - 16);
        }
        styled |= Vector256.ShiftRightLogical(all, 32) != Vector256<ulong>.Zero;
        return x;
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
    /// Compresses sealed pages, at most <paramref name="maxPages"/> of them; returns the bytes saved. Brotli at its
    /// fastest setting: about a third of the size for terminal text, and reading a line back costs one page's
    /// decompression.
    /// </summary>
    public long Pack(int maxPages = int.MaxValue)
    {
        long saved = 0;
        while (_sealed.Count > 0 && maxPages-- > 0)
        {
            Page p = _sealed[^1];
            _sealed.RemoveAt(_sealed.Count - 1);
            if (p.Live == 0 || p.Data == null || p == _page) continue;
            var packed = new byte[BrotliEncoder.GetMaxCompressedLength(p.Used)];
            if (!BrotliEncoder.TryCompress(p.Data.AsSpan(0, p.Used), packed, out int n, quality: 1, window: 16) || n >= p.Used * 9 / 10)
                continue;   // not worth it
            p.Packed = packed.AsSpan(0, n).ToArray();
            saved += p.Data.Length - n;
            p.Data = null;
        }
        return saved;
    }

    /// <summary>Whether <see cref="Pack"/> has pages left to look at.</summary>
    public bool CanPack => _sealed.Count > 0;

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
