using System.Buffers;
using System.Text;

namespace Mux.Vt100;

/// <summary>
/// One emulated terminal: feed it what a program writes, read back the screen.
/// PLACEHOLDER: a naive model (printables, CR, LF, BS, scrolling) that fixes the public API the server
/// uses; the real parser and screen model replace its inside.
/// Coordinates: columns and rows are 0-based; row 0 is the top of the visible screen.
/// </summary>
public sealed class Terminal
{
    private char[][] _rows;
    private readonly List<string> _scrollback = new();
    private readonly ArrayBufferWriter<byte> _replies = new();

    public Terminal(int columns, int rows, int scrollbackLimit = 10_000)
    {
        Columns = Math.Max(1, columns);
        Rows = Math.Max(1, rows);
        ScrollbackLimit = scrollbackLimit;
        _rows = NewRows(Columns, Rows);
    }

    public int Columns { get; private set; }
    public int Rows { get; private set; }
    public int ScrollbackLimit { get; }
    public int CursorColumn { get; private set; }
    public int CursorRow { get; private set; }
    public bool CursorVisible { get; private set; } = true;
    public string Title { get; private set; } = "";
    public TerminalModes Modes { get; private set; } = TerminalModes.AutoWrap;

    /// <summary>Lines that have scrolled off the top, oldest first.</summary>
    public int ScrollbackCount => _scrollback.Count;

    /// <summary>Bytes the terminal answers to the program (DA, DSR…), waiting to be written to the PTY.</summary>
    public bool HasReplies => _replies.WrittenCount > 0;

    public void Feed(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            switch (b)
            {
                case 0x0d: CursorColumn = 0; break;
                case 0x0a: LineFeed(); break;
                case 0x08: if (CursorColumn > 0) CursorColumn--; break;
                default:
                    if (b < 0x20 || b >= 0x7f) break;
                    if (CursorColumn >= Columns) { CursorColumn = 0; LineFeed(); }
                    _rows[CursorRow][CursorColumn++] = (char)b;
                    break;
            }
        }
    }

    public void Resize(int columns, int rows)
    {
        columns = Math.Max(1, columns);
        rows = Math.Max(1, rows);
        var fresh = NewRows(columns, rows);
        for (int r = 0; r < Math.Min(rows, Rows); r++)
            Array.Copy(_rows[r], fresh[r], Math.Min(columns, Columns));
        _rows = fresh;
        Columns = columns;
        Rows = rows;
        CursorColumn = Math.Min(CursorColumn, columns - 1);
        CursorRow = Math.Min(CursorRow, rows - 1);
    }

    /// <summary>A visible row as text, trailing blanks removed, a wide character written once.</summary>
    public string GetRowText(int row) => new string(_rows[row]).TrimEnd(' ', '\0');

    /// <summary>A scrollback row as text; 0 is the oldest.</summary>
    public string GetScrollbackRowText(int index) => _scrollback[index];

    /// <summary>Moves pending replies to <paramref name="destination"/> and returns how many bytes moved.</summary>
    public int TakeReplies(IBufferWriter<byte> destination)
    {
        int n = _replies.WrittenCount;
        destination.Write(_replies.WrittenSpan);
        _replies.Clear();
        return n;
    }

    /// <summary>The cell at a visible position (placeholder: text only).</summary>
    public string GetCellText(int column, int row) => _rows[row][column] == '\0' ? " " : _rows[row][column].ToString();

    private void LineFeed()
    {
        if (CursorRow < Rows - 1) { CursorRow++; return; }
        _scrollback.Add(GetRowText(0));
        if (_scrollback.Count > ScrollbackLimit) _scrollback.RemoveAt(0);
        Array.Copy(_rows, 1, _rows, 0, Rows - 1);
        _rows[Rows - 1] = new char[Columns];
    }

    private static char[][] NewRows(int columns, int rows)
    {
        var a = new char[rows][];
        for (int i = 0; i < rows; i++) a[i] = new char[columns];
        return a;
    }

    internal static string Describe(Terminal t)
    {
        var sb = new StringBuilder();
        for (int r = 0; r < t.Rows; r++) sb.AppendLine(t.GetRowText(r));
        return sb.ToString();
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
}
