using System.Text;

namespace Mux.Client.Attach;

/// <summary>A one-line question on the bottom row: a single key (y/n) or a line of text ended by Enter.</summary>
internal sealed class LinePrompt(string question, bool singleKey, Action<string?> onAnswer)
{
    private readonly StringBuilder _answer = new();
    private bool _cancelled;

    public string Text => question + _answer;

    /// <summary>Takes typed bytes; true once the prompt is answered or cancelled.</summary>
    public bool Feed(ReadOnlySpan<byte> input)
    {
        foreach (byte b in input)
        {
            if (singleKey)
            {
                _answer.Append((char)b);
                return true;
            }
            switch (b)
            {
                case 0x0d or 0x0a: return true;
                case 0x1b or 0x07 or 0x03: _cancelled = true; return true;
                case 0x7f or 0x08: if (_answer.Length > 0) _answer.Length--; break;
                case >= 0x20: _answer.Append((char)b); break;
            }
        }
        return false;
    }

    public void Complete() => onAnswer(_cancelled ? null : _answer.ToString());
}
