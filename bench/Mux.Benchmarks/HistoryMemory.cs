using System.Globalization;
using System.Text;
using Mux.Vt100;

namespace Mux.Benchmarks;

/// <summary>
/// Bytes a terminal retains for a full scrollback: <c>GC.GetTotalMemory(true)</c> before and after
/// filling a 120x40 terminal (limit 10,000 lines) with 10,040 lines of 100 characters, terminal kept alive.
/// Target: under 2 MB for plain lines.
/// </summary>
public static class HistoryMemory
{
    public const int HistoryLines = 10_000;

    public static void Report(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"History memory: {HistoryLines:N0} scrollback lines of 100 characters, 120x40 terminal (target < 2 MB)");
        foreach (var kind in new[] { Workload.Plain, Workload.Sgr, Workload.Cjk })
        {
            long bytes = Measure(kind);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {kind,-6} {bytes / 1e6,8:F2} MB retained  ({(double)bytes / HistoryLines,7:F1} B/line){(kind == Workload.Plain ? (bytes < 2_000_000 ? "  OK" : "  OVER TARGET") : "")}"));
        }
    }

    public static long Measure(Workload kind)
    {
        byte[] data = Lines(kind, HistoryLines + 40);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var terminal = new Terminal(120, 40, scrollbackLimit: HistoryLines);
        ReadOnlySpan<byte> rest = data;
        while (rest.Length > 0)
        {
            int n = Math.Min(Workloads.ChunkSize, rest.Length);
            terminal.Feed(rest[..n]);
            rest = rest[n..];
        }
        long after = GC.GetTotalMemory(forceFullCollection: true);
        if (terminal.ScrollbackCount < HistoryLines)
            Console.Error.WriteLine($"warning: scrollback holds {terminal.ScrollbackCount} lines, expected {HistoryLines}");
        GC.KeepAlive(terminal);
        return after - before;
    }

    /// <summary>Distinct lines of 100 columns: plain text, coloured spans, or 50 wide characters.</summary>
    private static byte[] Lines(Workload kind, int count)
    {
        var sb = new StringBuilder();
        var random = new Random(7);
        for (int i = 0; i < count; i++)
        {
            switch (kind)
            {
                case Workload.Plain:
                    sb.Append(i.ToString("D8", CultureInfo.InvariantCulture)).Append(' ');
                    for (int c = 9; c < 100; c++) sb.Append((char)('a' + random.Next(26)));
                    break;
                case Workload.Sgr:
                    for (int s = 0; s < 5; s++)
                    {
                        sb.Append("\e[3").Append(1 + random.Next(7)).Append('m');
                        for (int c = 0; c < 20; c++) sb.Append((char)('a' + random.Next(26)));
                        sb.Append("\e[0m");
                    }
                    break;
                default:
                    for (int c = 0; c < 50; c++) sb.Append((char)(0xAC00 + random.Next(11172)));
                    break;
            }
            sb.Append("\r\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
