using System.Text;
using Mux.Vt100;

namespace Mux.Server.Sessions;

/// <summary>
/// One attached client's copy mode: a frozen text snapshot of a window's lines (scrollback, then screen) with a
/// cursor, a search and a mark. Colours and attributes are not kept: the snapshot is plain text.
/// <para>
/// Marking is from the mark to the cursor, character-wise and inclusive of both ends (in either direction);
/// lines are joined with <c>\n</c> and trailing blanks of each line are dropped.
/// </para>
/// All members are called under the session lock.
/// </summary>
public sealed class CopyMode
{
    public enum Outcome { Stay, Leave, Copy }

    private readonly List<string> _lines = [];
    private int _line, _col;   // cursor
    private int _top;          // first line shown
    private int _viewRows = 1, _viewCols = 1;
    private int? _markLine, _markCol;
    private StringBuilder? _prompt;
    private bool _promptForward;
    private string? _lastSearch;
    private bool _lastForward = true;
    private string? _note;
    private Terminal? _scratch;

    public CopyMode(Terminal source, int viewColumns, int viewRows)
    {
        for (int i = 0; i < source.ScrollbackCount; i++) _lines.Add(source.GetScrollbackRowText(i).TrimEnd());
        for (int r = 0; r < source.Rows; r++) _lines.Add(source.GetRowText(r).TrimEnd());
        // Blank rows under the last output are not worth scrolling through.
        while (_lines.Count > 1 && _lines[^1].Length == 0) _lines.RemoveAt(_lines.Count - 1);
        _viewRows = Math.Max(1, viewRows);
        _viewCols = Math.Max(1, viewColumns);
        _line = _lines.Count - 1;
        _top = Math.Max(0, _lines.Count - _viewRows);
    }

    /// <summary>The text copied when the outcome was <see cref="Outcome.Copy"/>.</summary>
    public string Copied { get; private set; } = "";

    public int LineCount => _lines.Count;

    public string Status => _prompt != null
        ? (_promptForward ? "/" : "?") + _prompt
        : $"[copy mode] line {_line + 1}/{_lines.Count}" + (_markLine != null ? " (marking)" : "") + (_note != null ? "  " + _note : "");

    public Outcome Handle(ReadOnlySpan<byte> input)
    {
        int i = 0;
        while (i < input.Length)
        {
            byte b = input[i];
            if (b == 0x1b)
            {
                // A sequence key (CSI / SS3) or, alone at the end of the read, the Esc key.
                if (i + 1 >= input.Length)
                {
                    if (_prompt != null) { _prompt = null; i++; continue; }
                    return Outcome.Leave;
                }
                byte kind = input[i + 1];
                if (kind == (byte)'[' || kind == (byte)'O')
                {
                    int j = i + 2;
                    while (j < input.Length && input[j] is >= 0x20 and < 0x40) j++;
                    if (j >= input.Length) return Outcome.Stay;
                    byte final = input[j];
                    string parameters = Encoding.ASCII.GetString(input[(i + 2)..j]);
                    i = j + 1;
                    if (_prompt != null) continue;
                    switch ((char)final)
                    {
                        case 'A': Move(-1, 0); break;
                        case 'B': Move(1, 0); break;
                        case 'C': Move(0, 1); break;
                        case 'D': Move(0, -1); break;
                        case 'H': _col = 0; break;
                        case 'F': _col = Math.Max(0, _lines[_line].Length - 1); break;
                        case '~' when parameters == "5": Move(-_viewRows, 0); break;
                        case '~' when parameters == "6": Move(_viewRows, 0); break;
                    }
                    continue;
                }
                // Esc followed by something else (Alt+key): Esc cancels.
                i += 2;
                if (_prompt != null) { _prompt = null; continue; }
                return Outcome.Leave;
            }
            i++;
            if (_prompt != null)
            {
                if (b is (byte)'\r' or (byte)'\n')
                {
                    string text = _prompt.ToString();
                    _prompt = null;
                    if (text.Length > 0) { _lastSearch = text; _lastForward = _promptForward; }
                    Search(_lastForward);
                }
                else if (b is 0x7f or 0x08) { if (_prompt.Length > 0) _prompt.Length--; }
                else if (b is 0x03 or 0x07) _prompt = null;
                else if (b >= 0x20) _prompt.Append((char)b);
                continue;
            }
            _note = null;
            switch (b)
            {
                case (byte)'q': return Outcome.Leave;
                case (byte)'k': Move(-1, 0); break;
                case (byte)'j': Move(1, 0); break;
                case (byte)'h': Move(0, -1); break;
                case (byte)'l': Move(0, 1); break;
                case (byte)'0': _col = 0; break;
                case (byte)'$': _col = Math.Max(0, _lines[_line].Length - 1); break;
                case 0x15: Move(-Math.Max(1, _viewRows / 2), 0); break; // Ctrl+U
                case 0x04: Move(Math.Max(1, _viewRows / 2), 0); break;  // Ctrl+D
                case 0x02: Move(-_viewRows, 0); break;                  // Ctrl+B
                case 0x06: Move(_viewRows, 0); break;                   // Ctrl+F
                case (byte)'g': _line = 0; _col = 0; Scroll(); break;
                case (byte)'G': _line = _lines.Count - 1; _col = 0; Scroll(); break;
                case (byte)'/': _prompt = new StringBuilder(); _promptForward = true; break;
                case (byte)'?': _prompt = new StringBuilder(); _promptForward = false; break;
                case (byte)'n': Search(_lastForward); break;
                case (byte)'N': Search(!_lastForward); break;
                case (byte)' ' or (byte)'\r' or (byte)'\n':
                    if (_markLine is null)
                    {
                        if (b != (byte)' ') break;
                        _markLine = _line;
                        _markCol = _col;
                        break;
                    }
                    Copied = MarkedText();
                    return Outcome.Copy;
            }
        }
        return Outcome.Stay;
    }

    private void Move(int lines, int cols)
    {
        _line = Math.Clamp(_line + lines, 0, _lines.Count - 1);
        _col = Math.Clamp(_col + cols, 0, Math.Max(0, _viewCols - 1));
        Scroll();
    }

    /// <summary>Keeps the cursor line in view.</summary>
    private void Scroll()
    {
        if (_line < _top) _top = _line;
        else if (_line >= _top + _viewRows) _top = _line - _viewRows + 1;
        _top = Math.Clamp(_top, 0, Math.Max(0, _lines.Count - _viewRows));
        if (_line < _top) _top = _line;
    }

    private void Search(bool forward)
    {
        if (string.IsNullOrEmpty(_lastSearch)) { _note = "no previous search"; return; }
        int n = _lines.Count;
        // Starts just after (or before) the cursor, wraps once round.
        int line = _line, col = _col;
        for (int step = 0; step <= n; step++)
        {
            string text = _lines[line];
            int at;
            if (forward)
            {
                int from = step == 0 ? col + 1 : 0;
                at = from <= text.Length ? text.IndexOf(_lastSearch, from, StringComparison.Ordinal) : -1;
            }
            else
            {
                int before = step == 0 ? col - 1 : text.Length - 1;
                at = before >= 0 && text.Length > 0
                    ? text.LastIndexOf(_lastSearch, Math.Min(before, text.Length - 1), StringComparison.Ordinal)
                    : -1;
            }
            if (at >= 0)
            {
                _line = line;
                _col = at;
                Scroll();
                return;
            }
            line = forward ? (line + 1) % n : (line - 1 + n) % n;
        }
        _note = $"pattern not found: {_lastSearch}";
    }

    private string MarkedText()
    {
        int l1 = _markLine!.Value, c1 = _markCol!.Value, l2 = _line, c2 = _col;
        if (l2 < l1 || (l2 == l1 && c2 < c1)) (l1, c1, l2, c2) = (l2, c2, l1, c1);
        var sb = new StringBuilder();
        for (int l = l1; l <= l2; l++)
        {
            string text = _lines[l];
            int from = l == l1 ? c1 : 0;
            int to = l == l2 ? c2 + 1 : text.Length;
            from = Math.Min(from, text.Length);
            to = Math.Clamp(to, from, text.Length);
            sb.Append(text, from, to - from);
            if (l < l2) sb.Append('\n');
        }
        return sb.ToString();
    }

    private bool Marked(int line, int col)
    {
        if (_markLine is not { } ml || _markCol is not { } mc) return false;
        int l1 = ml, c1 = mc, l2 = _line, c2 = _col;
        if (l2 < l1 || (l2 == l1 && c2 < c1)) (l1, c1, l2, c2) = (l2, c2, l1, c1);
        if (line < l1 || line > l2) return false;
        if (line == l1 && col < c1) return false;
        if (line == l2 && col > c2) return false;
        return true;
    }

    /// <summary>A terminal of the view's size showing the visible lines, the mark in reverse video and the cursor.</summary>
    public Terminal Render(int columns, int rows)
    {
        columns = Math.Max(1, columns);
        rows = Math.Max(1, rows);
        if (rows != _viewRows || columns != _viewCols)
        {
            _viewRows = rows;
            _viewCols = columns;
            _col = Math.Min(_col, columns - 1);
            Scroll();
        }
        // A new terminal each frame: the renderer sees all rows as new and compares them with what it sent.
        _scratch = new Terminal(columns, rows, 0);
        var sb = new StringBuilder();
        sb.Append("\u001b[H\u001b[2J");
        for (int y = 0; y < rows && _top + y < _lines.Count; y++)
        {
            int line = _top + y;
            string text = _lines[line];
            sb.Append("\u001b[").Append(y + 1).Append(";1H");
            bool reverse = false;
            int width = line == _line || _markLine != null ? columns : Math.Min(columns, text.Length);
            for (int x = 0; x < width; x++)
            {
                bool want = Marked(line, x) || (line == _line && x == _col);
                if (want != reverse) { sb.Append(want ? "\u001b[7m" : "\u001b[27m"); reverse = want; }
                char c = x < text.Length ? text[x] : ' ';
                sb.Append(c < 0x20 ? ' ' : c);
            }
            if (reverse) sb.Append("\u001b[27m");
        }
        sb.Append("\u001b[").Append(_line - _top + 1).Append(';').Append(_col + 1).Append('H');
        _scratch.Feed(Encoding.UTF8.GetBytes(sb.ToString()));
        return _scratch;
    }
}
