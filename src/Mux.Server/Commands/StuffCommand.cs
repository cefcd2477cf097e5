using System.Text;
using Mux.Protocol;

namespace Mux.Server.Commands;

/// <summary><c>stuff TEXT</c>: types TEXT into the window, with screen's escapes (<c>\n</c>, <c>\r</c>, <c>^M</c>, <c>\033</c>…).</summary>
public sealed class StuffCommand : ISessionCommand
{
    public CommandSyntax Syntax => CommandSyntaxes.Stuff;
    public bool NeedsWindow => true;

    public CommandResult Execute(CommandContext context, string[] arguments)
    {
        context.Target!.Write(Encoding.UTF8.GetBytes(Unescape(string.Join(' ', arguments))));
        return CommandResult.Ok();
    }

    /// <summary>screen's string escapes: backslash escapes, octal <c>\NNN</c>, and caret notation <c>^X</c>.</summary>
    public static string Unescape(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                char n = text[++i];
                switch (n)
                {
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'a': sb.Append('\a'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'e': case 'E': sb.Append('\x1b'); break;
                    case >= '0' and <= '7':
                        int value = 0, digits = 0;
                        i--;
                        while (digits < 3 && i + 1 < text.Length && text[i + 1] is >= '0' and <= '7')
                        {
                            value = value * 8 + (text[++i] - '0');
                            digits++;
                        }
                        sb.Append((char)value);
                        break;
                    default: sb.Append(n); break;
                }
            }
            else if (c == '^' && i + 1 < text.Length)
            {
                char n = text[++i];
                if (n == '?') sb.Append('\x7f');
                else if (n is >= '@' and <= '_' or >= 'a' and <= 'z') sb.Append((char)(char.ToUpperInvariant(n) & 0x1f));
                else sb.Append('^').Append(n);
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
