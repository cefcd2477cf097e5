using System.Text;
using Mux.Vt100.Parsing;

namespace Mux.Vt100.Text;

/// <summary>
/// Turns a program's output into the lines a person would read, for log files: escape sequences are resolved
/// rather than copied, and a line redrawn with carriage returns (a progress bar) is written once, as it finally
/// looked when the program moved to the next line.
/// </summary>
public sealed class PlainTextRecorder : IParserHandler
{
    private const int MaxLineLength = 64 * 1024;
    private const int TabWidth = 8;

    private readonly Parser _parser = new();
    private readonly StringBuilder _line = new();
    private readonly StringBuilder _completed = new();
    private int _column;

    /// <summary>Feeds output; whole lines become available through <see cref="TakeCompletedLines"/>.</summary>
    public void Feed(ReadOnlySpan<byte> data) => _parser.Advance(this, data);

    /// <summary>Lines finished since the last call, each ending in '\n'; empty when none.</summary>
    public string TakeCompletedLines()
    {
        if (_completed.Length == 0) return "";
        string text = _completed.ToString();
        _completed.Clear();
        return text;
    }

    void IParserHandler.PrintAscii(ReadOnlySpan<byte> run)
    {
        foreach (byte b in run) Put((char)b);
    }

    void IParserHandler.Print(int codePoint)
    {
        if (codePoint > 0xFFFF)
        {
            // Keep a surrogate pair in one position so overwriting treats it as one character.
            Put(char.ConvertFromUtf32(codePoint));
            return;
        }
        Put((char)codePoint);
    }

    void IParserHandler.Execute(byte control)
    {
        switch (control)
        {
            case 0x0d: _column = 0; break;
            case 0x0a or 0x0b or 0x0c: EndLine(); break;
            case 0x08: if (_column > 0) _column--; break;
            case 0x09:
                // Not past the longest line kept: Put stops moving there, and this loop would never end.
                int next = Math.Min((_column / TabWidth + 1) * TabWidth, MaxLineLength);
                while (_column < next) Put(' ');
                break;
        }
    }

    void IParserHandler.CsiDispatch(int id, Params p)
    {
        if (SequenceId.Marker(id) != '\0' || SequenceId.Intermediate(id) != '\0') return;
        switch (SequenceId.Final(id))
        {
            case 'K': // EL
                switch (p.Get(0, 0))
                {
                    case 0: if (_column < _line.Length) _line.Length = _column; break;
                    case 1: for (int i = 0; i < Math.Min(_column + 1, _line.Length); i++) _line[i] = ' '; break;
                    case 2: _line.Clear(); break;
                }
                break;
            case 'G' or '`': _column = Math.Clamp(p.Get(0, 1) - 1, 0, MaxLineLength); break;
            case 'C' or 'a': _column = Math.Min(_column + Math.Max(1, p.Get(0, 1)), MaxLineLength); break;
            case 'D': _column = Math.Max(0, _column - Math.Max(1, p.Get(0, 1))); break;
            case 'H' or 'f' or 'd' or 'A' or 'B' or 'E' or 'F':
                // Moving to another row: what was on this one is finished.
                if (_line.Length > 0) EndLine();
                if (SequenceId.Final(id) is 'H' or 'f') _column = Math.Clamp(p.Get(1, 1) - 1, 0, MaxLineLength);
                break;
        }
    }

    void IParserHandler.EscDispatch(int id) { }

    void IParserHandler.OscDispatch(ReadOnlySpan<byte> data, bool bellTerminated) { }

    void IParserHandler.DcsHook(int id, Params parameters) { }

    void IParserHandler.DcsPut(byte b) { }

    void IParserHandler.DcsUnhook() { }

    private void Put(char c)
    {
        if (_column >= MaxLineLength) return;
        while (_line.Length < _column) _line.Append(' ');
        if (_column < _line.Length) _line[_column] = c;
        else _line.Append(c);
        _column++;
    }

    private void Put(string pair)
    {
        foreach (char c in pair) Put(c);
    }

    private void EndLine()
    {
        int end = _line.Length;
        while (end > 0 && _line[end - 1] == ' ') end--;
        _completed.Append(_line, 0, end).Append('\n');
        _line.Clear();
        _column = 0;
    }
}
