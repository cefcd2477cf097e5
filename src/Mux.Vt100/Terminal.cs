using System.Buffers;
using System.Text;
using Mux.Vt100.Parsing;
using Mux.Vt100.Screen;

namespace Mux.Vt100;

/// <summary>
/// One emulated terminal: feed it what a program writes, read back the screen.
/// Coordinates: columns and rows are 0-based; row 0 is the top of the visible screen. Scrollback is
/// indexed separately, 0 = the oldest line.
/// The parser turns bytes into actions; this class (split by concern into partial files) is the one
/// writer into the grid and stamps every row it changes with <see cref="Version"/>.
/// </summary>
public sealed partial class Terminal : IParserHandler, IScreenView
{
    /// <summary>Sizes beyond this are clamped, so a hostile resize cannot exhaust memory.</summary>
    public const int MaxDimension = 4096;

    private static readonly Cell s_outside = default;

    private readonly Parser _parser = new();
    private readonly StyleTable _styles = new();
    private readonly SgrMemo _sgrMemo = new();
    private readonly ArrayBufferWriter<byte> _replies = new();
    private Scrollback _history;
    private Grid _main;
    private Grid? _alt;
    private Grid _grid;
    private long _version = 1;

    public Terminal(int columns, int rows, int scrollbackLimit = 10_000)
    {
        columns = Math.Clamp(columns, 1, MaxDimension);
        rows = Math.Clamp(rows, 1, MaxDimension);
        ScrollbackLimit = Math.Max(0, scrollbackLimit);
        _history = new Scrollback(ScrollbackLimit);
        _main = new Grid(columns, rows);
        _grid = _main;
        _tabStops = new bool[columns];
        ResetTabStops(0);
        _bottom = rows - 1;
        _right = columns - 1;
    }

    public int Columns => _grid.Columns;
    public int Rows => _grid.Rows;
    public int ScrollbackLimit { get; }
    public int CursorColumn => _x;
    public int CursorRow => _y;
    public bool CursorVisible { get; private set; } = true;

    /// <summary>Cursor shape last requested by DECSCUSR.</summary>
    public CursorStyle CursorStyle { get; private set; }

    public string Title { get; private set; } = "";

    /// <summary>Icon name from OSC 0 or 1.</summary>
    public string IconName { get; private set; } = "";

    public TerminalModes Modes => _modes;

    /// <summary>True while the program uses the alternate screen (modes 47, 1047, 1049).</summary>
    public bool IsAlternateScreen => _grid != _main;

    /// <summary>How many BEL characters the program has sent; the server watches it change.</summary>
    public long BellCount { get; private set; }

    /// <summary>
    /// Increases on every <see cref="Feed"/> and <see cref="Resize"/>. A row changed since a renderer
    /// drew it when <see cref="GetRowVersion"/> is greater than the <see cref="Version"/> it saw then.
    /// </summary>
    public long Version => _version;

    /// <summary>The <see cref="Version"/> at which visible row <paramref name="row"/> last changed.</summary>
    public long GetRowVersion(int row) => (uint)row < (uint)Rows ? _grid[row].Version : 0;

    /// <summary>True when visible row <paramref name="row"/> was soft-wrapped into the next one.</summary>
    public bool IsRowWrapped(int row) => (uint)row < (uint)Rows && _grid[row].Wrapped;

    /// <summary>Lines that have scrolled off the top, oldest first.</summary>
    public int ScrollbackCount => _history.Count;

    /// <summary>Bytes the terminal answers to the program (DA, DSR…), waiting to be written to the PTY.</summary>
    public bool HasReplies => _replies.WrittenCount > 0;

    public void Feed(ReadOnlySpan<byte> data)
    {
        _version++;
        _parser.Advance(this, data);
    }

    /// <summary>A visible row as text, trailing blanks removed, a wide character written once.</summary>
    public string GetRowText(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        return _grid[row].GetText();
    }

    /// <summary>A scrollback row as text; 0 is the oldest.</summary>
    public string GetScrollbackRowText(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _history.Count);
        return _history.GetText(index);
    }

    /// <summary>Moves pending replies to <paramref name="destination"/> and returns how many bytes moved.</summary>
    public int TakeReplies(IBufferWriter<byte> destination)
    {
        int n = _replies.WrittenCount;
        destination.Write(_replies.WrittenSpan);
        _replies.Clear();
        return n;
    }

    /// <summary>
    /// The cell at a visible position, without copying; a position outside the screen reads as an
    /// empty default cell. Valid until the next <see cref="Feed"/> or <see cref="Resize"/>.
    /// </summary>
    public ref readonly Cell GetCell(int column, int row)
    {
        if ((uint)column >= (uint)Columns || (uint)row >= (uint)Rows) return ref s_outside;
        return ref _grid[row].Cells[column];
    }

    /// <summary>The style a cell's <see cref="Cell.StyleId"/> refers to.</summary>
    public ref readonly Style GetStyle(int styleId) => ref _styles[styleId];

    /// <summary>
    /// Copies the text of a cell (base character and combining marks; "" for a spacer, " " for an empty
    /// cell) into <paramref name="destination"/> and returns the number of chars; 0 if it does not fit.
    /// </summary>
    public int CopyCellText(int column, int row, Span<char> destination)
    {
        ref readonly Cell c = ref GetCell(column, row);
        if (c.IsSpacer) return 0;
        if (c.HasGrapheme)
        {
            string g = _grid[row].GetGrapheme(c.GraphemeIndex);
            return g.AsSpan().TryCopyTo(destination) ? g.Length : 0;
        }
        int cp = c.IsEmpty ? ' ' : c.CodePoint;
        return new Rune(cp).EncodeToUtf16(destination);
    }

    /// <summary>The text of one cell: its grapheme, " " when empty, "" for the right half of a wide char.</summary>
    public string GetCellText(int column, int row)
    {
        Span<char> buf = stackalloc char[MaxGraphemeChars + 2];
        return new string(buf[..CopyCellText(column, row, buf)]);
    }

    internal static string Describe(Terminal t)
    {
        var sb = new StringBuilder();
        for (int r = 0; r < t.Rows; r++) sb.AppendLine(t.GetRowText(r));
        return sb.ToString();
    }

    internal long ScrollbackMemoryBytes => _history.MemoryBytes;

    /// <summary>
    /// Compresses the history written so far (not the lines still being added to), at most
    /// <paramref name="maxPages"/> 64 KiB pages of it; returns the bytes saved.
    /// Meant for when output has paused: reading packed history back costs a decompression.
    /// </summary>
    public long PackHistory(int maxPages = int.MaxValue) => _history.Pack(maxPages);

    /// <summary>Whether <see cref="PackHistory"/> has history left to look at.</summary>
    public bool CanPackHistory => _history.CanPack;

    /// <summary>
    /// Replaces the scrollback with plain unwrapped lines, oldest first (for test harnesses that model another
    /// emulator's scrollback, e.g. libvterm's, whose test driver supplies fixed lines).
    /// </summary>
    internal void ReplaceScrollback(IEnumerable<string> lines)
    {
        _history = new Scrollback(ScrollbackLimit);
        foreach (var line in lines)
        {
            var row = new Row(_main.Columns);
            int x = 0;
            foreach (var rune in line.EnumerateRunes())
                if (x < row.Cells.Length) row.Cells[x++] = new Cell((uint)rune.Value, 0);
            _history.Push(row);
        }
    }
}

/// <summary>Modes a client must mirror on the user's terminal, readable from the model.</summary>
[Flags]
public enum TerminalModes
{
    None = 0,
    AutoWrap = 1 << 0,
    ApplicationCursorKeys = 1 << 1,
    ApplicationKeypad = 1 << 2,
    BracketedPaste = 1 << 3,
    MouseX10 = 1 << 4,          // 9
    MouseNormal = 1 << 5,       // 1000
    MouseButtonEvent = 1 << 6,  // 1002
    MouseAnyEvent = 1 << 7,     // 1003
    MouseUtf8 = 1 << 8,         // 1005
    MouseSgr = 1 << 9,          // 1006
    MouseUrxvt = 1 << 10,       // 1015
    FocusEvents = 1 << 11,      // 1004
    SynchronizedOutput = 1 << 12, // 2026
    AlternateScreen = 1 << 13,
    Origin = 1 << 14,
    Insert = 1 << 15,
    CursorBlink = 1 << 16,      // 12
    /// <summary>LNM (ANSI mode 20): LF, VT and FF also move to the first column.</summary>
    LineFeedNewLine = 1 << 17,
    /// <summary>DECSCNM (mode 5): show the whole screen in reverse video; the cells themselves are unchanged.</summary>
    ReverseScreen = 1 << 18,
}
