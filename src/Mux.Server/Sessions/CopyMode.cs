using System.Text;
using Mux.Vt100;
using Mux.Vt100.Input;
using Mux.Vt100.Parsing;
using Mux.Vt100.Screen;

namespace Mux.Server.Sessions;

/// <summary>
/// One attached client's copy mode: a frozen snapshot of a window's lines (scrollback, then screen) with a
/// cursor, a search and a mark. The lines keep their colours and attributes; the mark and the cursor are drawn
/// over them in reverse video. Searching and copying work on the lines' text, decoded when first needed.
/// <para>
/// Marking is from the mark to the cursor, character-wise and inclusive of both ends (in either direction);
/// lines are joined with <c>\n</c> and trailing blanks of each line are dropped.
/// </para>
/// All members are called under the session lock.
/// </summary>
public sealed class CopyMode
{
    public enum Outcome { Stay, Leave, Copy }

    private readonly LineSnapshot _snapshot;
    private readonly string?[] _text;   // each line's text, trailing blanks dropped, decoded on first use
    private int _count;                 // lines offered: the snapshot's without blank rows under the last output
    private int _line, _col;   // cursor
    private int _top;          // first line shown
    private int _viewRows = 1, _viewCols = 1;
    private int? _markLine, _markCol;
    private StringBuilder? _prompt;
    private bool _promptForward;
    private string? _lastSearch;
    private bool _lastForward = true;
    private string? _note;
    private SnapshotView? _view;

    public CopyMode(Terminal source, int viewColumns, int viewRows)
    {
        _snapshot = source.SnapshotLines();
        _screenTop = source.ScrollbackCount;
        _text = new string?[_snapshot.Count];
        // Blank rows under the last output are not worth scrolling through.
        _count = _snapshot.Count;
        while (_count > 1 && Text(_count - 1).Length == 0) _count--;
        _viewRows = Math.Max(1, viewRows);
        _viewCols = Math.Max(1, viewColumns);
        _line = _count - 1;
        _top = Math.Max(0, _count - _viewRows);
    }

    private readonly int _screenTop;  // the line that was the window's top row

    /// <summary>
    /// Shows the lines where the window showed them (blank rows at the bottom included), as the mouse expects:
    /// the window's row y is the view's row y.
    /// </summary>
    public void KeepScreenInPlace()
    {
        _count = Math.Max(_count, Math.Min(_snapshot.Count, _screenTop + _viewRows));
        _top = Math.Min(_screenTop, MaxTop);
        _line = Math.Clamp(_line, _top, Math.Min(_count - 1, _top + _viewRows - 1));
    }

    private string Text(int line) => _text[line] ??= _snapshot.GetText(line).TrimEnd();

    /// <summary>The text copied when the outcome was <see cref="Outcome.Copy"/>.</summary>
    public string Copied { get; private set; } = "";

    public int LineCount => _count;

    public string Status => _prompt != null
        ? (_promptForward ? "/" : "?") + _prompt
        : $"[copy mode] line {_line + 1}/{_count}" + (_markLine != null ? " (marking)" : "") + (_note != null ? "  " + _note : "");

    private readonly KeyReader _keys = new();

    public Outcome Handle(ReadOnlySpan<byte> input)
    {
        foreach (var key in _keys.Read(input))
        {
            if (key.Shape == KeyShape.Escape)
            {
                // The Esc key (or Esc with another key, Alt+key) cancels.
                if (_prompt != null) { _prompt = null; continue; }
                return Outcome.Leave;
            }
            if (key.Shape == KeyShape.Sequence)
            {
                if (_prompt != null) continue;
                switch (key.Final)
                {
                    case 'A': Move(-1, 0); break;
                    case 'B': Move(1, 0); break;
                    case 'C': Move(0, 1); break;
                    case 'D': Move(0, -1); break;
                    case 'H': _col = 0; break;
                    case 'F': _col = Math.Max(0, Text(_line).Length - 1); break;
                    case '~' when key.Parameter == 5: Move(-_viewRows, 0); break;
                    case '~' when key.Parameter == 6: Move(_viewRows, 0); break;
                }
                continue;
            }
            byte b = key.Byte;
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
                case (byte)'$': _col = Math.Max(0, Text(_line).Length - 1); break;
                case 0x15: Move(-Math.Max(1, _viewRows / 2), 0); break; // Ctrl+U
                case 0x04: Move(Math.Max(1, _viewRows / 2), 0); break;  // Ctrl+D
                case 0x02: Move(-_viewRows, 0); break;                  // Ctrl+B
                case 0x06: Move(_viewRows, 0); break;                   // Ctrl+F
                case (byte)'g': _line = 0; _col = 0; Scroll(); break;
                case (byte)'G': _line = _count - 1; _col = 0; Scroll(); break;
                case (byte)'/': _prompt = new StringBuilder(); _promptForward = true; break;
                case (byte)'?': _prompt = new StringBuilder(); _promptForward = false; break;
                case (byte)'{': JumpToPrompt(forward: false); break;
                case (byte)'}': JumpToPrompt(forward: true); break;
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

    private enum KeyShape : byte { Byte, Escape, Sequence }

    /// <param name="Parameter">A sequence key's only parameter (PgUp is <c>CSI 5 ~</c>), 0 if it has none or several.</param>
    private readonly record struct CopyKey(KeyShape Shape, byte Byte = 0, char Final = '\0', int Parameter = 0);

    /// <summary>
    /// Copy mode's keys from <see cref="InputTokenizer"/>: bytes, Esc (alone or with a key), cursor and page keys.
    /// Mouse reports, pastes and terminal replies are not keys here. A lone ESC at the end of a read is the Esc key.
    /// </summary>
    private sealed class KeyReader : IInputSink
    {
        private readonly InputTokenizer _tokenizer = new();
        private readonly List<CopyKey> _keys = [];

        public List<CopyKey> Read(ReadOnlySpan<byte> input)
        {
            _keys.Clear();
            _tokenizer.Feed(input, this);
            _tokenizer.EndOfRead(this);
            return _keys;
        }

        public void Token(InputToken token)
        {
            switch (token.Kind)
            {
                case InputKind.Text:
                    foreach (byte b in token.Raw) _keys.Add(new CopyKey(KeyShape.Byte, b));
                    break;
                case InputKind.Key when token.IsLoneEscape || token.Alt:
                    _keys.Add(new CopyKey(KeyShape.Escape));
                    break;
                case InputKind.Key when token.IsSequenceKey:
                    _keys.Add(new CopyKey(KeyShape.Sequence, Final: SequenceId.Final(token.Id),
                        Parameter: token.ParameterCount == 1 ? token.Parameter(0) : 0));
                    break;
                case InputKind.Key:
                    _keys.Add(new CopyKey(KeyShape.Byte, token.Raw[0]));
                    break;
            }
        }
    }

    /// <summary>Entered by the mouse wheel: scrolling back down to the bottom leaves (tmux's <c>copy-mode -e</c>).</summary>
    public bool LeaveAtBottom { get; init; }

    /// <summary>Lines the wheel scrolls per notch, as in tmux.</summary>
    public const int WheelLines = 3;

    private bool _mouseMark;     // the mark was set by dragging: releasing the button copies
    private bool _pressed;       // the left button is down in the view
    private int _pressLine, _pressCol;

    /// <summary>A mouse event on the view (the wheel scrolls it, a drag with the left button marks, its release copies).</summary>
    public Outcome Mouse(MouseEvent e)
    {
        _note = null;
        if (e.IsWheelUp) { ScrollView(-WheelLines); return Outcome.Stay; }
        if (e.IsWheelDown)
        {
            ScrollView(WheelLines);
            return LeaveAtBottom && _top >= MaxTop && !_pressed ? Outcome.Leave : Outcome.Stay;
        }
        if (e.IsLeft && !e.IsMotion)
        {
            if (!PointAt(e.X, e.Y)) return Outcome.Stay;
            _pressed = true;
            (_pressLine, _pressCol) = (_line, _col);
            if (_mouseMark) _markLine = _markCol = null;
            _mouseMark = false;
            return Outcome.Stay;
        }
        if (e.IsLeft && e.IsMotion && _pressed)
        {
            if (!_mouseMark)
            {
                (_markLine, _markCol) = (_pressLine, _pressCol);
                _mouseMark = true;
            }
            // Dragging past the top or bottom edge scrolls.
            if (e.Y < 0 || e.Y >= _viewRows) ScrollView(e.Y < 0 ? -1 : 1);
            PointAt(e.X, Math.Clamp(e.Y, 0, _viewRows - 1));
            return Outcome.Stay;
        }
        if (e.Release && _pressed)
        {
            _pressed = false;
            if (_mouseMark && _markLine != null)
            {
                Copied = MarkedText();
                return Outcome.Copy;
            }
        }
        return Outcome.Stay;
    }

    private int MaxTop => Math.Max(0, _count - _viewRows);

    /// <summary>Moves the view by <paramref name="lines"/>; the cursor stays on the screen.</summary>
    private void ScrollView(int lines)
    {
        _top = Math.Clamp(_top + lines, 0, MaxTop);
        _line = Math.Clamp(_line, _top, Math.Min(_count - 1, _top + _viewRows - 1));
    }

    /// <summary>Puts the cursor on the cell at (<paramref name="x"/>, <paramref name="y"/>) of the view.</summary>
    private bool PointAt(int x, int y)
    {
        if (y < 0 || y >= _viewRows || _top + y >= _count) return false;
        _line = _top + y;
        _col = Math.Clamp(_snapshot.TextIndexOf(_line, x), 0, Math.Max(0, _viewCols - 1));
        return true;
    }

    private void Move(int lines, int cols)
    {
        _line = Math.Clamp(_line + lines, 0, _count - 1);
        _col = Math.Clamp(_col + cols, 0, Math.Max(0, _viewCols - 1));
        Scroll();
    }

    /// <summary>Keeps the cursor line in view.</summary>
    private void Scroll()
    {
        if (_line < _top) _top = _line;
        else if (_line >= _top + _viewRows) _top = _line - _viewRows + 1;
        _top = Math.Clamp(_top, 0, Math.Max(0, _count - _viewRows));
        if (_line < _top) _top = _line;
    }

    /// <summary>
    /// To the previous (next) line a shell's prompt started on (OSC 133 A), shown at the top of the view with the
    /// command's output under it; a note says when there is none.
    /// </summary>
    private void JumpToPrompt(bool forward)
    {
        for (int line = _line + (forward ? 1 : -1); line >= 0 && line < _count; line += forward ? 1 : -1)
        {
            if (!_snapshot.IsPromptStart(line)) continue;
            _line = line;
            _col = 0;
            _top = Math.Min(line, MaxTop);
            return;
        }
        _note = forward ? "No later prompt" : "No earlier prompt";
    }

    private void Search(bool forward)
    {
        if (string.IsNullOrEmpty(_lastSearch)) { _note = "no previous search"; return; }
        int n = _count;
        // Starts just after (or before) the cursor, wraps once round.
        int line = _line, col = _col;
        for (int step = 0; step <= n; step++)
        {
            string text = Text(line);
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
            string text = Text(l);
            int from = l == l1 ? c1 : 0;
            int to = l == l2 ? c2 + 1 : text.Length;
            from = Math.Min(from, text.Length);
            to = Math.Clamp(to, from, text.Length);
            sb.Append(text, from, to - from);
            if (l < l2) sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The marked text indexes of <paramref name="line"/>, both included (to the line's end: int.MaxValue).</summary>
    private bool MarkedOn(int line, out int from, out int to)
    {
        from = to = 0;
        if (_markLine is not { } ml || _markCol is not { } mc) return false;
        int l1 = ml, c1 = mc, l2 = _line, c2 = _col;
        if (l2 < l1 || (l2 == l1 && c2 < c1)) (l1, c1, l2, c2) = (l2, c2, l1, c1);
        if (line < l1 || line > l2) return false;
        from = line == l1 ? c1 : 0;
        to = line == l2 ? c2 : int.MaxValue;
        return true;
    }

    /// <summary>
    /// The view of the given size showing the visible lines, the mark in reverse video and the cursor. The same view
    /// each frame: rows that show what they showed before keep their versions, so only what moved is redrawn.
    /// </summary>
    public IScreenView Render(int columns, int rows)
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
        _view ??= new SnapshotView(_snapshot, columns, rows);
        _view.Resize(columns, rows);
        for (int y = 0; y < rows; y++)
        {
            int line = _top + y;
            _view.ShowLine(line < _count ? line : -1, y);
            if (line >= _count) continue;
            if (MarkedOn(line, out int from, out int to))
                _view.Invert(y, _snapshot.ColumnOf(line, from), to == int.MaxValue ? columns : _snapshot.ColumnOf(line, to + 1));
            else if (line == _line)
                _view.Invert(y, _snapshot.ColumnOf(line, _col), _snapshot.ColumnOf(line, _col + 1));
        }
        _view.SetCursor(_snapshot.ColumnOf(_line, _col), _line - _top);
        return _view;
    }
}
