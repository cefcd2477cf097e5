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
    }
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
