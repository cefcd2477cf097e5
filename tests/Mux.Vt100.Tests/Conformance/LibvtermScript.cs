using System.Globalization;
using System.Text;

namespace Mux.Vt100.Tests.Conformance;

/// <summary>One line of a libvterm <c>.test</c> script that we act on: a command or a portable assertion.</summary>
internal sealed record LibvtermStep(int Line, string Title, string Verb, string Argument)
{
    public bool IsAssertion => Verb.StartsWith('?');
}

/// <summary>
/// Reads libvterm's test scripts (format in shared/vt-conformance/libvterm/FORMAT.md) into steps:
/// the commands that change the terminal and the screen-level <c>?</c> assertions we can check through our API.
/// Callback expectations (lower-case lines) and libvterm-only queries are dropped.
/// </summary>
internal static class LibvtermScript
{
    /// <summary>
    /// Assertions our API can answer: the portable screen-level ones (text, cells, cursor), plus <c>?lineinfo</c>,
    /// whose "cont" flag is our soft-wrap flag on the row above.
    /// </summary>
    public static readonly string[] PortableQueries = ["?screen_row", "?screen_chars", "?screen_text", "?screen_cell", "?cursor", "?lineinfo"];

    public static List<LibvtermStep> Parse(string path)
    {
        var steps = new List<LibvtermStep>();
        string title = "";
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            int lineNumber = i + 1;
            if (line == "__END__") break;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('!')) { title = line[1..]; continue; }

            foreach (var expanded in ExpandRepetition(line))
                AddStep(steps, lineNumber, title, expanded);
        }
        return steps;
    }

    private static IEnumerable<string> ExpandRepetition(string line)
    {
        if (line.StartsWith("$SEQ ", StringComparison.Ordinal))
        {
            int colon = line.IndexOf(':');
            var range = line[5..colon].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string body = line[(colon + 1)..].Trim();
            int from = int.Parse(range[0], CultureInfo.InvariantCulture), to = int.Parse(range[1], CultureInfo.InvariantCulture);
            for (int n = from; n <= to; n++)
                yield return body.Replace("\\#", n.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
        else if (line.StartsWith("$REP ", StringComparison.Ordinal))
        {
            int colon = line.IndexOf(':');
            int count = int.Parse(line[5..colon].Trim(), CultureInfo.InvariantCulture);
            string body = line[(colon + 1)..].Trim();
            for (int n = 0; n < count; n++) yield return body;
        }
        else
        {
            yield return line;
        }
    }

    private static void AddStep(List<LibvtermStep> steps, int lineNumber, string title, string line)
    {
        if (line.StartsWith('?'))
        {
            int space = line.IndexOfAny([' ', '=']);
            string verb = space < 0 ? line : line[..space];
            if (PortableQueries.Contains(verb))
                steps.Add(new LibvtermStep(lineNumber, title, verb, space < 0 ? "" : line[space..].Trim()));
            return;
        }
        if (!char.IsAsciiLetterUpper(line[0])) return; // a libvterm callback expectation
        int sp = line.IndexOf(' ');
        string command = sp < 0 ? line : line[..sp];
        string argument = sp < 0 ? "" : line[(sp + 1)..].Trim();
        steps.Add(new LibvtermStep(lineNumber, title, command, argument));
    }

    /// <summary>
    /// Evaluates the Perl string expression of a PUSH: double-quoted strings, <c>"s"xN</c> repetition and
    /// <c>.</c> concatenation. Escapes produce raw bytes (<c>"\xC3\x81"</c> is two bytes).
    /// </summary>
    public static byte[] PerlBytes(string expression)
    {
        var result = new List<byte>();
        int i = 0;
        while (i < expression.Length)
        {
            char c = expression[i];
            if (char.IsWhiteSpace(c) || c == '.') { i++; continue; }
            if (c != '"') throw new FormatException($"unexpected '{c}' in {expression}");
            var piece = new List<byte>();
            i++;
            while (expression[i] != '"')
            {
                char ch = expression[i++];
                if (ch != '\\') { piece.AddRange(Encoding.UTF8.GetBytes(ch.ToString())); continue; }
                char e = expression[i++];
                switch (e)
                {
                    case 'e': piece.Add(0x1b); break;
                    case 'n': piece.Add(0x0a); break;
                    case 'r': piece.Add(0x0d); break;
                    case 't': piece.Add(0x09); break;
                    case 'b': piece.Add(0x08); break;
                    case 'a': piece.Add(0x07); break;
                    case '0': piece.Add(0x00); break;
                    case 'x':
                        {
                            int start = i;
                            while (i < expression.Length && i - start < 2 && Uri.IsHexDigit(expression[i])) i++;
                            piece.Add(byte.Parse(expression.AsSpan(start, i - start), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                            break;
                        }
                    default: piece.AddRange(Encoding.UTF8.GetBytes(e.ToString())); break;
                }
            }
            i++; // closing quote
            int repeat = 1;
            int j = i;
            while (j < expression.Length && expression[j] == ' ') j++;
            if (j < expression.Length && expression[j] == 'x' && j + 1 < expression.Length && char.IsAsciiDigit(expression[j + 1]))
            {
                j++;
                int start = j;
                while (j < expression.Length && char.IsAsciiDigit(expression[j])) j++;
                repeat = int.Parse(expression.AsSpan(start, j - start), CultureInfo.InvariantCulture);
                i = j;
            }
            for (int r = 0; r < repeat; r++) result.AddRange(piece);
        }
        return result.ToArray();
    }

    /// <summary>
    /// An expected text value: a Perl string, a comma-separated list of hex code points, or nothing (a blank row).
    /// </summary>
    public static string ExpectedText(string value)
    {
        value = value.Trim();
        if (value.Length == 0) return "";
        if (value.StartsWith('"')) return Encoding.UTF8.GetString(PerlBytes(value));
        var sb = new StringBuilder();
        foreach (var hex in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            sb.Append(char.ConvertFromUtf32(int.Parse(hex.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
        return sb.ToString();
    }

    /// <summary>A comma-separated list of hex bytes (<c>?screen_text</c>), possibly empty.</summary>
    public static byte[] ExpectedBytes(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(h => byte.Parse(h.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .ToArray();

    public static int[] Numbers(string list) =>
        list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
}
