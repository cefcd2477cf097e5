using System.Text;

namespace Mux.Benchmarks;

/// <summary>The kinds of output a terminal multiplexer spends its life parsing.</summary>
public enum Workload
{
    /// <summary>Plain ASCII lines of about 100 characters (logs, <c>cat</c> of source code).</summary>
    Plain,

    /// <summary>Coloured output like <c>ls --color</c> or a compiler: many short SGR runs per line.</summary>
    Sgr,

    /// <summary>Korean and Chinese text, UTF-8, about 40 wide characters (80 columns) a line.</summary>
    Cjk,

    /// <summary>Full-screen redraws like vim or htop: CUP to each row, SGR, text, EL.</summary>
    Redraw,
}

/// <summary>
/// Deterministic workload data (a fixed seed), so every process of a benchmark run and every run on
/// another day feeds the same bytes. Each payload ends at a line or frame boundary, so feeding it again
/// starts from a clean parser state.
/// </summary>
public static class Workloads
{
    /// <summary>Bytes of one payload, about: one benchmark operation feeds one payload.</summary>
    public const int TargetSize = 1_000_000;

    /// <summary>Chunk size the server's PTY reader hands to the emulator.</summary>
    public const int ChunkSize = 64 * 1024;

    private static readonly Dictionary<Workload, byte[]> Cache = new();

    public static byte[] Get(Workload workload)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(workload, out var data))
            {
                data = Create(workload, TargetSize);
                Cache[workload] = data;
            }
            return data;
        }
    }

    public static byte[] Create(Workload workload, int targetSize)
    {
        var random = new Random(20261123);
        var sb = new StringBuilder(targetSize + 4096);
        int line = 0;
        while (Encoding.UTF8.GetByteCount(sb.ToString()) < targetSize) // coarse: checked per 256 items
        {
            for (int i = 0; i < 256; i++, line++)
            {
                switch (workload)
                {
                    case Workload.Plain: AppendPlainLine(sb, random, line); break;
                    case Workload.Sgr: AppendSgrLine(sb, random, line); break;
                    case Workload.Cjk: AppendCjkLine(sb, random); break;
                    case Workload.Redraw: if (i % 40 == 0) AppendRedrawFrame(sb, random, line / 40); break;
                    default: throw new ArgumentOutOfRangeException(nameof(workload));
                }
            }
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private const string Words = "the quick brown fox jumps over lazy dog server client window session buffer " +
        "render parse cursor scroll history region status detach attach kernel thread socket";

    private static readonly string[] WordList = Words.Split(' ');

    private static void AppendWords(StringBuilder sb, Random random, int columns)
    {
        int start = sb.Length;
        while (sb.Length - start < columns)
        {
            sb.Append(WordList[random.Next(WordList.Length)]).Append(' ');
        }
        sb.Length = start + columns;
    }

    /// <summary>A log-like line: a counter, then words, 100 characters in all.</summary>
    private static void AppendPlainLine(StringBuilder sb, Random random, int line)
    {
        sb.Append(line.ToString("D8")).Append(' ');
        AppendWords(sb, random, 91);
        sb.Append("\r\n");
    }

    private static readonly string[] Colours =
        ["1;31", "1;32", "01;34", "01;36", "33", "35", "38;5;208", "1;38;5;39", "38;2;255;128;0", "4;33", "7"];

    /// <summary>About 100 visible characters in 4–8 coloured runs, each reset with SGR 0.</summary>
    private static void AppendSgrLine(StringBuilder sb, Random random, int line)
    {
        int visible = 0;
        if (line % 3 == 0)
        {
            sb.Append("src/file").Append(line % 97).Append(".c:").Append(line % 500).Append(": \e[1;31merror:\e[0m ");
            visible += 30;
        }
        while (visible < 100)
        {
            sb.Append("\e[").Append(Colours[random.Next(Colours.Length)]).Append('m');
            int start = sb.Length;
            AppendWords(sb, random, 6 + random.Next(14));
            visible += sb.Length - start;
            sb.Append("\e[0m  ");
            visible += 2;
        }
        sb.Append("\r\n");
    }

    /// <summary>Hangul syllables and CJK ideographs in words of 2–5, about 40 wide characters a line.</summary>
    private static void AppendCjkLine(StringBuilder sb, Random random)
    {
        int wide = 0;
        while (wide < 40)
        {
            int n = 2 + random.Next(4);
            bool hangul = random.Next(3) != 0;
            for (int i = 0; i < n; i++)
            {
                sb.Append(hangul ? (char)(0xAC00 + random.Next(11172)) : (char)(0x4E00 + random.Next(0x5000)));
            }
            wide += n;
            sb.Append(random.Next(5) == 0 ? ", " : " ");
        }
        sb.Append("\r\n");
    }

    /// <summary>One 120x40 frame: for each row, CUP, a few styled spans, EL; a status line in reverse.</summary>
    private static void AppendRedrawFrame(StringBuilder sb, Random random, int frame)
    {
        sb.Append("\e[?25l");
        for (int row = 1; row <= 40; row++)
        {
            sb.Append("\e[").Append(row).Append(";1H");
            if (row == 40)
            {
                sb.Append("\e[7m frame ").Append(frame).Append(" \e[27m\e[K");
                continue;
            }
            int col = 0;
            int spans = 2 + random.Next(4);
            for (int s = 0; s < spans && col < 110; s++)
            {
                sb.Append("\e[").Append(Colours[random.Next(Colours.Length)]).Append('m');
                int len = Math.Min(110 - col, 8 + random.Next(30));
                AppendWords(sb, random, len);
                col += len;
                sb.Append("\e[m");
            }
            sb.Append("\e[K");
        }
        sb.Append("\e[12;5H\e[?25h");
    }
}
