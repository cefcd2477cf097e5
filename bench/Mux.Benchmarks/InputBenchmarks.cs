using BenchmarkDotNet.Attributes;
using Mux.Vt100.Input;

namespace Mux.Benchmarks;

/// <summary>
/// The input tokenizer on what a user sends: a 1 MB bracketed paste in 4 KiB reads (the client's read size), and
/// 10,000 single keys, one read each (letters, arrows, Ctrl keys, Alt keys, SGR mouse reports).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(MuxConfig))]
public class InputBenchmarks
{
    private const int ReadSize = 4096;
    private readonly CountingSink _sink = new();
    private byte[] _paste = [];
    private byte[][] _keys = [];

    [GlobalSetup]
    public void Setup()
    {
        var text = Workloads.Get(Workload.Plain);
        var body = new byte[1 << 20];
        for (int i = 0; i < body.Length; i += text.Length) text.AsSpan(0, Math.Min(text.Length, body.Length - i)).CopyTo(body.AsSpan(i));
        _paste = [.. "\e[200~"u8, .. body, .. "\e[201~"u8];
        byte[][] shapes = ["a"u8.ToArray(), "\e[A"u8.ToArray(), "\x01"u8.ToArray(), "\ex"u8.ToArray(), "\e[<0;10;5M"u8.ToArray(), "\eOB"u8.ToArray(), "é"u8.ToArray()];
        _keys = new byte[10_000][];
        for (int i = 0; i < _keys.Length; i++) _keys[i] = shapes[i % shapes.Length];
    }

    [Benchmark]
    public long Paste1MB()
    {
        var tokenizer = new InputTokenizer();
        ReadOnlySpan<byte> data = _paste;
        while (data.Length > 0)
        {
            int n = Math.Min(ReadSize, data.Length);
            tokenizer.Feed(data[..n], _sink);
            tokenizer.EndOfRead(_sink, giveOutPartial: true);
            data = data[n..];
        }
        return _sink.Count;
    }

    [Benchmark]
    public long Keys10k()
    {
        var tokenizer = new InputTokenizer();
        foreach (var key in _keys)
        {
            tokenizer.Feed(key, _sink);
            tokenizer.EndOfRead(_sink, giveOutPartial: true);
        }
        return _sink.Count;
    }

    private sealed class CountingSink : IInputSink
    {
        public long Count;
        public void Token(InputToken token) => Count += token.Raw.Length;
    }
}
