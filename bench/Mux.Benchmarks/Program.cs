using BenchmarkDotNet.Running;
using Mux.Benchmarks;

// `--memory` prints only the history-memory report; anything else goes to BenchmarkDotNet
// (e.g. `--filter '*'`, `--job short`), and the memory report follows the run.
// `--profile WORKLOAD COLUMNS SECONDS` feeds one workload in a loop for a while and prints the rate: a steady
// process to point `perf record` at (run with DOTNET_PerfMapEnabled=1 so perf can name the JIT's code).
if (args.Length == 4 && args[0] == "--profile")
{
    var feed = new FeedBenchmarks { Workload = Enum.Parse<Workload>(args[1], ignoreCase: true), Columns = int.Parse(args[2]) };
    feed.Setup();
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var cpu0 = Environment.CpuUsage.TotalTime;
    long bytes = 0;
    while (clock.Elapsed.TotalSeconds < double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture))
    {
        feed.Feed();
        bytes += Workloads.Get(feed.Workload).Length;
    }
    // CPU time as well as wall time: on a shared machine the first says more.
    double cpu = (Environment.CpuUsage.TotalTime - cpu0).TotalSeconds;
    Console.WriteLine($"{feed.Workload} at {feed.Columns} columns: {bytes / 1e6 / clock.Elapsed.TotalSeconds:F1} MB/s wall, {bytes / 1e6 / cpu:F1} MB per CPU second");
    return 0;
}

if (args.Contains("--memory"))
{
    HistoryMemory.Report(Console.Out);
    return 0;
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(FeedBenchmarks).Assembly).Run(args);
if (summaries.Any())
{
    HistoryMemory.Report(Console.Out);
}
return 0;
