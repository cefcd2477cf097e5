using System.Globalization;
using System.Text;

namespace Mux.Vt100.Tests.Support;

/// <summary>
/// Decodes the escape notation of our data files into bytes:
/// <c>\e</c> ESC, <c>\r</c> <c>\n</c> <c>\t</c> <c>\b</c> <c>\a</c>, <c>\xHH</c> one raw byte (so invalid UTF-8 can be written),
/// <c>\u{H..}</c> a code point encoded as UTF-8, <c>\\</c> a backslash, <c>\s</c> a space (for trailing spaces);
/// every other character is written as its UTF-8 encoding.
/// </summary>
internal static class EscapedText
{
    public static byte[] ToBytes(string text)
    {
        var bytes = new List<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\')
            {
                int cp = char.ConvertToUtf32(text, i);
                if (cp > 0xFFFF) i++;
                int n = new Rune(cp).EncodeToUtf8(utf8);
                for (int k = 0; k < n; k++) bytes.Add(utf8[k]);
                continue;
            }
            if (i + 1 >= text.Length)
                throw new FormatException($"dangling backslash in \"{text}\"");
            char e = text[++i];
            switch (e)
            {
                case 'e': bytes.Add(0x1b); break;
                case 'r': bytes.Add(0x0d); break;
                case 'n': bytes.Add(0x0a); break;
                case 't': bytes.Add(0x09); break;
                case 'b': bytes.Add(0x08); break;
                case 'a': bytes.Add(0x07); break;
                case 's': bytes.Add(0x20); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case 'x':
                    if (i + 2 >= text.Length)
                        throw new FormatException($"\\x needs two hex digits in \"{text}\"");
                    bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                case 'u':
                    {
                        int close = text.IndexOf('}', i);
                        if (i + 1 >= text.Length || text[i + 1] != '{' || close < 0)
                            throw new FormatException($"\\u needs {{hex}} in \"{text}\"");
                        int cp = int.Parse(text.AsSpan(i + 2, close - i - 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                        int n = new Rune(cp).EncodeToUtf8(utf8);
                        for (int k = 0; k < n; k++) bytes.Add(utf8[k]);
                        i = close;
                        break;
                    }
                default:
                    throw new FormatException($"unknown escape \\{e} in \"{text}\"");
            }
        }
        return bytes.ToArray();
    }

    /// <summary>Decodes escapes and reads the result as UTF-8 text (for expected screen rows, titles).</summary>
    public static string ToText(string text) => Encoding.UTF8.GetString(ToBytes(text));

    /// <summary>Shows bytes in the same notation, for failure messages.</summary>
    public static string Show(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes)
        {
            sb.Append(b switch
            {
                0x1b => "\\e",
                0x0d => "\\r",
                0x0a => "\\n",
                0x07 => "\\a",
                (byte)'\\' => "\\\\",
                < 0x20 or >= 0x7f => $"\\x{b:X2}",
                _ => ((char)b).ToString(),
            });
        }
        return sb.ToString();
    }
}
