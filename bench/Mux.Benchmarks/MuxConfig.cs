using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Mux.Benchmarks;

/// <summary>Adds the MB/s column (MB = 10^6 bytes) computed from each case's payload size and mean time.</summary>
public sealed class MuxConfig : ManualConfig
{
    public MuxConfig()
    {
        AddColumn(new ThroughputColumn());
        AddColumn(new RowCostColumn());
    }
}

/// <summary>Nanoseconds per row scrolled into history: the mean time over the rows one payload makes at the case's width.</summary>
public sealed class RowCostColumn : IColumn
{
    public string Id => nameof(RowCostColumn);
    public string ColumnName => "ns/row";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Nanoseconds per row scrolled off the screen (all the work of the payload, divided by its rows)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        long rows = RowsScrolled(benchmarkCase);
        if (meanNs is not > 0 || rows <= 0) return "-";
        return (meanNs.Value / rows).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The rows one payload pushes into history at the case's width (a scrollback large enough to keep them all).</summary>
    private static long RowsScrolled(BenchmarkCase benchmarkCase)
    {
        Workload? workload = null;
        int columns = 120;
        foreach (var p in benchmarkCase.Parameters.Items)
        {
            if (p.Value is Workload w) workload = w;
            else if (p.Name == nameof(FeedBenchmarks.Columns) && p.Value is int c) columns = c;
        }
        if (workload is not { } kind) return 0;
        var terminal = new Mux.Vt100.Terminal(columns, 40, scrollbackLimit: 1_000_000);
        terminal.Feed(Workloads.Get(kind));
        return terminal.ScrollbackCount;
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}

public sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);
    public string ColumnName => "MB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Megabytes (10^6 bytes) of terminal output consumed per second";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        long bytes = PayloadBytes(benchmarkCase);
        if (meanNs is not > 0 || bytes <= 0) return "-";
        return (bytes / 1e6 / (meanNs.Value / 1e9)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The bytes one operation feeds: the payload of the case's <see cref="Workload"/> parameter.</summary>
    public static long PayloadBytes(BenchmarkCase benchmarkCase)
    {
        foreach (var p in benchmarkCase.Parameters.Items)
        {
            if (p.Value is Workload w) return Workloads.Get(w).Length;
        }
        return 0;
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}
