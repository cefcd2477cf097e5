using BenchmarkDotNet.Attributes;
using Mux.Vt100;

namespace Mux.Benchmarks;

/// <summary>
/// The whole emulator (parser, screen, scrollback) fed one ~1 MB payload per operation in 64 KiB chunks,
/// as the server's PTY reader would. The terminal lives across operations and its scrollback is already
/// full when measuring starts, so the figures are the steady state: the MB/s column is throughput and
/// "Allocated" is bytes allocated per ~1 MB fed (target 0). <see cref="Columns"/> 59 is one of two regions side by
/// side in a 120-column client: the same bytes make about twice the rows, so it weighs the per-row work (scrolling a
/// line into history, clearing the new row) against the per-character work; "ns/row" is the time per row scrolled.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(MuxConfig))]
public class FeedBenchmarks
{
    private Terminal _terminal = null!;
    private byte[] _data = [];

    [Params(Workload.Plain, Workload.Sgr, Workload.Cjk, Workload.Redraw)]
    public Workload Workload { get; set; }

    [Params(120, 59)]
    public int Columns { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = Workloads.Get(Workload);
        _terminal = new Terminal(Columns, 40, scrollbackLimit: 10_000);
        // Fill the scrollback to its limit first: from then on every new line recycles the oldest.
        for (int i = 0; i < 3; i++) Feed();
    }

    [Benchmark]
    public int Feed()
    {
        ReadOnlySpan<byte> data = _data;
        while (data.Length > 0)
        {
            int n = Math.Min(Workloads.ChunkSize, data.Length);
            _terminal.Feed(data[..n]);
            data = data[n..];
        }
        return _terminal.CursorRow;
    }
}
