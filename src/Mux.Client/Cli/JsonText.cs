using System.Globalization;
using System.Text;

namespace Mux.Client.Cli;

/// <summary>
/// The JSON mux prints (<c>-ls --json</c>, a lost session's event): objects, arrays, strings, numbers and booleans,
/// written straight into text. Not System.Text.Json: its writer, encoders and their tables would be loaded by every
/// start of the client for the few shapes written here (docs/benchmarks.md).
/// </summary>
/// <remarks>
/// Strings are escaped as RFC 8259 requires: quote, backslash and every control character (DEL too); other
/// characters are written as they are, so names and titles stay readable. A lone surrogate (text cut in the middle
/// of a character) cannot be encoded: it is written as U+FFFD, as a UTF-8 decoder shows it.
/// </remarks>
internal sealed class JsonText(bool indented)
{
    /// <summary>Deeper than anything mux writes.</summary>
    private const int MaxDepth = 16;

    private readonly StringBuilder _sb = new();
    /// <summary>Per open container, outermost first: whether it has a member yet (a comma goes before the next).</summary>
    private readonly bool[] _hasMember = new bool[MaxDepth];
    private int _depth;

    public JsonText StartObject(string? name = null) => Open(name, '{');

    public JsonText EndObject() => Close('}');

    public JsonText StartArray(string? name = null) => Open(name, '[');

    public JsonText EndArray() => Close(']');

    public JsonText String(string name, string value)
    {
        Member(name);
        Escaped(value);
        return this;
    }

    public JsonText StringValue(string value)
    {
        Member(null);
        Escaped(value);
        return this;
    }

    public JsonText Number(string name, long value)
    {
        Member(name);
        _sb.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>A fractional number in its shortest form that reads back the same (<c>12.5</c>, <c>3</c>).</summary>
    public JsonText Number(string name, double value)
    {
        Member(name);
        _sb.Append(double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "null");
        return this;
    }

    public JsonText Bool(string name, bool value)
    {
        Member(name);
        _sb.Append(value ? "true" : "false");
        return this;
    }

    public override string ToString() => _sb.ToString();

    private JsonText Open(string? name, char bracket)
    {
        Member(name);
        if (_depth == MaxDepth) throw new InvalidOperationException("JSON nested too deep");
        _sb.Append(bracket);
        _hasMember[_depth++] = false;
        return this;
    }

    private JsonText Close(char bracket)
    {
        if (_hasMember[--_depth]) NewLine();
        _sb.Append(bracket);
        return this;
    }

    /// <summary>The comma, line break and indent before a member, and its name.</summary>
    private void Member(string? name)
    {
        if (_depth > 0)
        {
            if (_hasMember[_depth - 1]) _sb.Append(',');
            _hasMember[_depth - 1] = true;
            NewLine();
        }
        if (name is null) return;
        Escaped(name);
        _sb.Append(indented ? ": " : ":");
    }

    private void NewLine()
    {
        if (!indented) return;
        _sb.Append('\n').Append(' ', 2 * _depth);
    }

    private void Escaped(string value)
    {
        _sb.Append('"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '"': _sb.Append("\\\""); continue;
                case '\\': _sb.Append("\\\\"); continue;
                case '\n': _sb.Append("\\n"); continue;
                case '\r': _sb.Append("\\r"); continue;
                case '\t': _sb.Append("\\t"); continue;
                case '\b': _sb.Append("\\b"); continue;
                case '\f': _sb.Append("\\f"); continue;
            }
            if (c < 0x20 || c == 0x7F)
            {
                _sb.Append("\\u00").Append(HexDigit(c >> 4)).Append(HexDigit(c & 0xF));
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                _sb.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                _sb.Append('\uFFFD');
            }
            else
            {
                _sb.Append(c);
            }
        }
        _sb.Append('"');
    }

    private static char HexDigit(int n) => (char)(n < 10 ? '0' + n : 'a' + n - 10);
}
