using Mux.Vt100.Rendering;

namespace Mux.Vt100.Tests.Rendering;

/// <summary>
/// The key property: after every frame, a client emulator fed the renderer's bytes shows exactly the
/// composition of the regions and the status line, with the cursor and modes of the first window.
/// Seeded random streams, many steps, several layouts.
/// </summary>
public class FrameRendererPropertyTests
{
    private const int Steps = 800;

    public static TheoryData<string, int> Layouts()
    {
        var data = new TheoryData<string, int>();
        string[] layouts = ["same-size", "client-larger", "client-smaller", "no-status", "split-horizontal", "split-vertical", "crop-wide"];
        foreach (var layout in layouts)
            for (int seed = 1; seed <= 4; seed++)
                data.Add(layout, seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void ClientEmulatorShowsTheComposition(string layout, int seed)
    {
        var gen = new StreamGenerator(seed * 7919 + layout.GetHashCode(StringComparison.Ordinal) % 1000);
        var rng = gen.Random;
        RenderHarness h;
        Terminal a, b;
        switch (layout)
        {
            case "same-size":
                a = new Terminal(40, 12);
                b = a;
                h = new RenderHarness(40, 13) { Regions = [new Region(a, 0, 0, 12, 40)], Status = "[0 bash]" };
                break;
            case "client-larger":
                a = new Terminal(30, 10);
                b = a;
                h = new RenderHarness(50, 16) { Regions = [new Region(a, 0, 0, 15, 50)], Status = "[0 zsh] 中文 e\u0301" };
                break;
            case "client-smaller":
                a = new Terminal(60, 20);
                b = a;
                h = new RenderHarness(40, 12) { Regions = [new Region(a, 0, 0, 11, 40)], Status = "status" };
                break;
            case "no-status":
                a = new Terminal(33, 9);
                b = a;
                h = new RenderHarness(33, 9) { Regions = [new Region(a, 0, 0, 9, 33)] };
                break;
            case "split-horizontal":
                a = new Terminal(40, 6);
                b = new Terminal(40, 5);
                h = new RenderHarness(40, 13) { Regions = [new Region(a, 0, 0, 6, 40), new Region(b, 7, 0, 5, 40)], Status = "[0] [1]" };
                break;
            case "crop-wide":
                a = new Terminal(25, 8);
                b = a;
                h = new RenderHarness(14, 8) { Regions = [new Region(a, 0, 0, 7, 12)], Status = "中文 status 字" };
                break;
            default:
                a = new Terminal(20, 12);
                b = new Terminal(19, 12);
                h = new RenderHarness(40, 13) { Regions = [new Region(a, 0, 0, 12, 20), new Region(b, 0, 21, 12, 19)], Status = "[0] [1]" };
                break;
        }

        h.Render();
        h.AssertShows("first frame");
        for (int step = 0; step < Steps; step++)
        {
            Terminal target = rng.Next(3) == 0 ? b : a;
            target.Feed(gen.Next(target.Columns, target.Rows));
            if (layout == "crop-wide")
                target.Feed(System.Text.Encoding.UTF8.GetBytes($"\e[{rng.Next(1, 9)};{rng.Next(1, 14)}H中文字中文字中"));
            switch (rng.Next(40))
            {
                case 0: h.Renderer.Invalidate(); break;
                case 1: h.Status = h.Status == null ? null : $"[{step}] {new string('=', rng.Next(60))}"; break;
                case 2 when layout == "client-larger":
                    a.Resize(rng.Next(10, 60), rng.Next(4, 20)); // the window follows another client
                    break;
                case 3 when layout == "same-size":
                    h.ResizeClient(rng.Next(20, 50), rng.Next(5, 15));
                    h.Regions = [new Region(a, 0, 0, h.Renderer.Rows - 1, h.Renderer.Columns)];
                    break;
            }
            h.Render();
            h.AssertShows($"{layout}/{seed} step {step}");
            if (rng.Next(4) == 0)
            {
                Assert.Equal(0, h.Render()); // nothing changed: nothing sent
            }
        }
    }
}
