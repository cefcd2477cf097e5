using BenchmarkDotNet.Attributes;
using Mux.Vt100.Parsing;

namespace Mux.Benchmarks;

/// <summary>
/// The parser alone, dispatching to a handler that only counts: the ceiling the screen model works under.
/// Same payloads and chunking as <see cref="FeedBenchmarks"/>. (Compiled only once
/// <c>src/Mux.Vt100/Parsing/IParserHandler.cs</c> exists; see the .csproj.)
/// </summary>
[MemoryDiagnoser]
[Config(typeof(MuxConfig))]
public class ParserBenchmarks
{
    private readonly Parser _parser = new();
    private readonly CountingHandler _handler = new();
    private byte[] _data = [];

    [Params(Workload.Plain, Workload.Sgr, Workload.Cjk, Workload.Redraw)]
    public Workload Workload { get; set; }

    [GlobalSetup]
    public void Setup() => _data = Workloads.Get(Workload);

    [Benchmark]
    public long Parse()
    {
        ReadOnlySpan<byte> data = _data;
        while (data.Length > 0)
        {
            int n = Math.Min(Workloads.ChunkSize, data.Length);
            _parser.Advance(_handler, data[..n]);
            data = data[n..];
        }
        return _handler.Count;
    }

    private sealed class CountingHandler : IParserHandler
    {
        public long Count;

        public void PrintAscii(ReadOnlySpan<byte> run) => Count += run.Length;
        public void Print(int codePoint) => Count++;
        public void Print(ReadOnlySpan<int> codePoints) => Count += codePoints.Length;
        public void Execute(byte control) => Count++;
        public void EscDispatch(int id) => Count++;
        public void CsiDispatch(int id, Params parameters) => Count += parameters.Count;
        public void OscDispatch(ReadOnlySpan<byte> data, bool bellTerminated) => Count++;
        public void DcsHook(int id, Params parameters) => Count++;
        public void DcsPut(byte b) => Count++;
        public void DcsUnhook() => Count++;
    }
}
