using System.Text;

namespace Mux.Vt100.Tests.Rendering;

/// <summary>
/// Seeded random output of a terminal program: text (ASCII, CJK, emoji, combining marks), SGR in every
/// form the renderer must reproduce, cursor moves, erases, scrolling and scroll regions, insert/delete,
/// the alternate screen, hyperlinks and the modes a client mirrors.
/// </summary>
internal sealed class StreamGenerator(int seed)
{
    private readonly Random _rng = new(seed);

    private static readonly string[] s_words = ["hello", "world", "ls -l", "$ ", "foo_bar", "x", "    ", "|", "0123456789"];
    private static readonly string[] s_wide = ["中", "文字", "日本語", "😀", "한"];
    private static readonly string[] s_marginEdits = ["L", "M", "'}", "'~"];   // IL, DL, DECIC, DECDC
    private static readonly string[] s_combining = ["e\u0301", "a\u0308\u0323", "n\u0303", "中\u0301"];

    public Random Random => _rng;

    public byte[] Next(int columns, int rows)
    {
        var sb = new StringBuilder();
        int n = _rng.Next(1, 8);
        for (int i = 0; i < n; i++) Append(sb, columns, rows);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private void Append(StringBuilder sb, int columns, int rows)
    {
        switch (_rng.Next(32))
        {
            case < 8: sb.Append(s_words[_rng.Next(s_words.Length)]); break;
            case 8: sb.Append(s_wide[_rng.Next(s_wide.Length)]); break;
            case 9: sb.Append(s_combining[_rng.Next(s_combining.Length)]); break;
            case 10 or 11: sb.Append("\e[").Append(RandomSgr()).Append('m'); break;
            case 12: sb.Append("\r\n"); break;
            case 13: sb.Append('\n', _rng.Next(1, rows + 2)); break;
            case 14: sb.Append($"\e[{_rng.Next(1, rows + 2)};{_rng.Next(1, columns + 2)}H"); break;
            case 15: sb.Append($"\e[{_rng.Next(1, 5)}{"ABCD"[_rng.Next(4)]}"); break;
            case 16: sb.Append($"\e[{_rng.Next(3)}K"); break;
            case 17: sb.Append($"\e[{_rng.Next(3)}J"); break;
            case 18: sb.Append($"\e[{_rng.Next(1, 4)}{"LMSTPX@"[_rng.Next(7)]}"); break;
            case 19:
                int top = _rng.Next(1, rows), bottom = _rng.Next(top, rows + 1);
                sb.Append($"\e[{top};{bottom}r\e[{bottom};1H\n\n");
                if (_rng.Next(2) == 0) sb.Append("\e[r");
                break;
            case 20: sb.Append(_rng.Next(2) == 0 ? "\e[?1049h" : "\e[?1049l"); break;
            case 21: sb.Append(_rng.Next(3) == 0 ? "\e[?25l" : "\e[?25h"); break;
            case 22:
                int[] modes = [1, 9, 1000, 1002, 1003, 1004, 1005, 1006, 1015, 2004];
                sb.Append($"\e[?{modes[_rng.Next(modes.Length)]}{(_rng.Next(2) == 0 ? 'h' : 'l')}");
                break;
            case 23: sb.Append(_rng.Next(2) == 0 ? "\e=" : "\e>"); break;
            case 24: sb.Append($"\e[{_rng.Next(7)} q"); break;
            case 25: sb.Append('x', _rng.Next(columns, 2 * columns)); break; // wraps
            case 26: sb.Append("\e[2J\e[H"); break;
            case 27: sb.Append($"\e[{_rng.Next(1, columns + 1)}G\t"); break;
            case 28: sb.Append("\e[41m\e[K\e[m"); break; // erase with a background colour
            case 29:
                // Left/right margins, then scrolling inside them: rows change only between the margins.
                int left = _rng.Next(1, columns), right = _rng.Next(left + 1, columns + 2);
                sb.Append($"\e[?69h\e[{left};{right}s\e[{_rng.Next(1, rows + 1)};{left}H");
                sb.Append(_rng.Next(4) switch { 0 => "\n\n\n", 1 => "\eM\eM", 2 => $"\e[{_rng.Next(1, 4)}S", _ => $"\e[{_rng.Next(1, 4)}{s_marginEdits[_rng.Next(s_marginEdits.Length)]}" });
                if (_rng.Next(3) == 0) sb.Append("\e[?69l");
                break;
            case 30: sb.Append(_rng.Next(2) == 0 ? "\e6\e6" : "\e9\e9"); break;   // DECBI, DECFI
            case 31 when _rng.Next(2) == 0:
                // A hyperlink opened or closed (OSC 8), some with an id, ended by ST or BEL.
                int link = _rng.Next(4);
                sb.Append(link == 0 ? "\e]8;;" : $"\e]8;{(link == 1 ? "id=a" : "")};https://example.com/{link}").Append(_rng.Next(2) == 0 ? "\e\\" : "\a");
                break;
            default: sb.Append('\r'); break;
        }
    }

    private string RandomSgr()
    {
        var parts = new List<string>();
        int n = _rng.Next(1, 4);
        for (int i = 0; i < n; i++)
        {
            parts.Add(_rng.Next(22) switch
            {
                0 => "0",
                1 => "1",
                2 => "2",
                3 => "3",
                4 => "4",
                5 => $"4:{_rng.Next(6)}",
                6 => "5",
                7 => "7",
                8 => "8",
                9 => "9",
                10 => $"{30 + _rng.Next(8)}",
                11 => $"{90 + _rng.Next(8)}",
                12 => $"{40 + _rng.Next(8)}",
                13 => $"38;5;{_rng.Next(256)}",
                14 => $"48;5;{_rng.Next(256)}",
                15 => $"38;2;{_rng.Next(256)};{_rng.Next(256)};{_rng.Next(256)}",
                16 => $"48:2::{_rng.Next(256)}:{_rng.Next(256)}:{_rng.Next(256)}",
                17 => $"58:5:{_rng.Next(256)}",
                18 => $"58;2;{_rng.Next(256)};{_rng.Next(256)};{_rng.Next(256)}",
                19 => new[] { "22", "23", "24", "25", "27", "28", "29", "39", "49", "59", "55" }[_rng.Next(11)],
                20 => "53",
                _ => "6",
            });
        }
        return string.Join(';', parts);
    }
}
