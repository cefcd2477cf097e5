using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mux.Vt100;
using Mux.Vt100.Rendering;

namespace Mux.Benchmarks;

/// <summary>
/// What the server spends on one keystroke's echo: a byte fed to a full 120x40 window, then the frame that
/// draws it for one client (with and without the status line). Keystroke echo latency is mostly the kernel's
/// and the scheduler's; this is the part that is ours.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(MuxConfig))]
public class EchoBenchmarks
{
    private Terminal _terminal = null!;
    private FrameRenderer _renderer = null!;
    private readonly ArrayBufferWriter<byte> _frame = new(64 * 1024);
    private Region[] _regions = [];
    private int _key;

    [Params(false, true)]
    public bool StatusLine { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _terminal = new Terminal(120, 40, scrollbackLimit: 10_000);
        var screen = new StringBuilder();
        for (int i = 0; i < 60; i++) screen.Append($"\e[0{(i % 7) + 31}mline {i} of a listing that fills most of the row with some text\e[0m\r\n");
        _terminal.Feed(Encoding.UTF8.GetBytes(screen.ToString()));
        _renderer = new FrameRenderer(120, 40);
        _regions = [new Region(_terminal, 0, 0, StatusLine ? 39 : 40, 120)];
        Render();
    }

    private static readonly byte[] Keys = "abcdefghijklmnopqrstuvwxyz"u8.ToArray();

    [Benchmark]
    public int TypeAndRender()
    {
        // The line wraps now and then, as a long command line would; the echo is one cell most of the time.
        _terminal.Feed(Keys.AsSpan(_key++ % Keys.Length, 1));
        return Render();
    }

    private int Render()
    {
        _frame.Clear();
        _renderer.Render(_frame, _regions, StatusLine ? "[bench] 0* bash  1 train  2- logs" : null);
        return _frame.WrittenCount;
    }
}
