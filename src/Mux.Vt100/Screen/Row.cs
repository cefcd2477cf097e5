using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Mux.Vt100.Screen;

/// <summary>
/// One line of the visible grid: exactly <c>Columns</c> cells, the soft-wrap flag (the line continues
/// on the next row, needed for reflow), the version it last changed at, and a side list of graphemes
/// (base + combining marks) that grapheme cells index.
/// </summary>
internal sealed class Row
{
    public Cell[] Cells;
    public bool Wrapped;
    /// <summary>A shell's prompt starts on this row (OSC 133 A): copy mode jumps from prompt to prompt.</summary>
    public bool PromptStart;
    public long Version;
    public List<string>? Graphemes;

    public Row(int columns, int styleId = 0)
    {
        Cells = new Cell[columns];
        if (styleId != 0) Cells.AsSpan().Fill(Cell.Blank(styleId));
    }

    public void Clear(int styleId)
    {
        Cells.AsSpan().Fill(Cell.Blank(styleId));
        Wrapped = false;
        PromptStart = false;
        Graphemes?.Clear();
    }

    public void Resize(int columns)
    {
        if (columns == Cells.Length) return;
        var old = Cells;
        Cells = new Cell[columns];
        old.AsSpan(0, Math.Min(columns, old.Length)).CopyTo(Cells);
        if (columns < old.Length && columns > 0 && Cells[columns - 1].IsWide)
            Cells[columns - 1] = Cell.Blank(Cells[columns - 1].StyleId);
    }

    public string GetGrapheme(int index) =>
        Graphemes != null && (uint)index < (uint)Graphemes.Count ? Graphemes[index] : " ";

    /// <summary>Stores a grapheme and returns its index; drops unreferenced ones when the list grows large.</summary>
    public int AddGrapheme(string text)
    {
        Graphemes ??= new List<string>();
        if (Graphemes.Count >= 2 * Cells.Length + 16) CompactGraphemes();
        Graphemes.Add(text);
        return Graphemes.Count - 1;
    }

    private void CompactGraphemes()
    {
        var old = Graphemes!.ToArray();
        Graphemes.Clear();
        for (int x = 0; x < Cells.Length; x++)
        {
            ref Cell c = ref Cells[x];
            if (!c.HasGrapheme) continue;
            Graphemes.Add(old[c.GraphemeIndex]);
            c = new Cell((c.Data & ~Cell.CodeMask) | (uint)(Graphemes.Count - 1), c.StyleId);
        }
    }

    /// <summary>Appends the text of cell <paramref name="x"/> (nothing for a spacer, ' ' for empty).</summary>
    public void AppendCell(StringBuilder sb, int x)
    {
        Cell c = Cells[x];
        if (c.IsSpacer) return;
        if (c.HasGrapheme) sb.Append(GetGrapheme(c.GraphemeIndex));
        else if (c.IsEmpty) sb.Append(' ');
        else AppendCodePoint(sb, c.CodePoint);
    }

    public static void AppendCodePoint(StringBuilder sb, int cp)
    {
        if (cp < 0x10000) sb.Append((char)cp);
        else sb.Append(char.ConvertFromUtf32(cp));
    }

    /// <summary>Number of cells up to the last one holding text or a non-default style.</summary>
    public int ContentLength(bool keepSpaces)
    {
        int n = Cells.Length;
        if (Vector256.IsHardwareAccelerated)
        {
            // Four cells at a time while all are blank in the default style: as ulongs (code point, then style
            // id), 0 for an empty cell and 0x20 for a space.
            // Read in place (no slice, no bounds check a step): this runs for every row that scrolls into history.
            ref ulong raw = ref Unsafe.As<Cell, ulong>(ref MemoryMarshal.GetArrayDataReference(Cells));
            var notBlank = Vector256.Create(keepSpaces ? ~0ul : ~(ulong)' ');
            while (n >= 4 && (Vector256.LoadUnsafe(ref raw, (nuint)(n - 4)) & notBlank) == Vector256<ulong>.Zero) n -= 4;
        }
        while (n > 0)
        {
            Cell c = Cells[n - 1];
            bool blank = c.IsEmpty || (!keepSpaces && !c.HasGrapheme && c.CodePoint == ' ');
            if (!blank || c.StyleId != 0) break;
            n--;
        }
        return n;
    }

    public string GetText()
    {
        int end = Cells.Length;
        while (end > 0 && (Cells[end - 1].IsEmpty || Cells[end - 1].CodePoint == ' ') && !Cells[end - 1].HasGrapheme) end--;
        if (end == 0) return "";
        var sb = new StringBuilder(end);
        for (int x = 0; x < end; x++) AppendCell(sb, x);
        return sb.ToString();
    }
}
