using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Mux.Vt100;
using Mux.Vt100.Rendering;

namespace Mux.Benchmarks;

/// <summary>
/// What the server spends on one keystroke's echo: a byte fed to a 120x40 window, full of text or empty but
/// for the line being typed (as with the latency script's `cat`), then the frame that draws it for one client
/// (with and without the status line). Keystroke echo latency is mostly the kernel's
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

    [Params(true, false)]
    public bool FullScreen { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // The status line takes the client's last row: the window is one row shorter, as the server sizes it.
        _terminal = new Terminal(120, StatusLine ? 39 : 40, scrollbackLimit: 10_000);
        var screen = new StringBuilder();
        for (int i = 0; i < (FullScreen ? 60 : 0); i++) screen.Append($"\e[0{(i % 7) + 31}mline {i} of a listing that fills most of the row with some text\e[0m\r\n");
        _terminal.Feed(Encoding.UTF8.GetBytes(screen.ToString()));
        _renderer = new FrameRenderer(120, 40);
        _regions = [new Region(_terminal, 0, 0, StatusLine ? 39 : 40, 120)];
        Render();
    }

    private static readonly byte[] Keys = "abcdefghijklmnopqrstuvwxyz"u8.ToArray();
    private readonly byte[] _typed = [(byte)'a', (byte)'\b'];

    [Benchmark]
    public int TypeAndRender()
    {
        // The key and a backspace: one cell changes and the screen stays as set up, so every frame costs the same.
        _typed[0] = Keys[_key++ % Keys.Length];
        _terminal.Feed(_typed);
        return Render();
    }

    private int Render()
    {
        _frame.Clear();
        _renderer.Render(_frame, _regions, StatusLine ? "[bench] 0* bash  1 train  2- logs" : null);
        return _frame.WrittenCount;
    }
}
