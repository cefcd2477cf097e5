using BenchmarkDotNet.Running;
using Mux.Benchmarks;

// `--memory` prints only the history-memory report; anything else goes to BenchmarkDotNet
// (e.g. `--filter '*'`, `--job short`), and the memory report follows the run.
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
