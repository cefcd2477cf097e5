using Mux.Vt100.Fuzz;
using Mux.Vt100.Tests.Support;

namespace Mux.Vt100.Tests.Properties;

/// <summary>
/// Replays the fuzzer's seeds and every crash it found (Properties/FuzzCrashes) through the harness's own
/// FuzzCase, which throws when the terminal, the log recorder or the frame renderer throws, the cursor leaves the
/// screen, or a client fed the frames does not show the window's screen.
/// </summary>
public class FuzzRegressionTests
{
    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>();
        foreach (var dir in new[] { "FuzzSeeds", Path.Combine("Properties", "FuzzCrashes") })
        {
            var full = TestPaths.OwnData(dir);
            if (!Directory.Exists(full)) continue;
            foreach (var file in Directory.GetFiles(full).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                data.Add(Path.Combine(dir, Path.GetFileName(file)));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task InputRunsCleanly(string input)
    {
        // Bounded: some of these were hangs, and a regression must fail, not stop the test run.
        byte[] bytes = File.ReadAllBytes(TestPaths.OwnData(input));
        var t = await Task.Run(() => FuzzCase.Run(bytes)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.InRange(t.CursorRow, 0, t.Rows - 1);
        Assert.InRange(t.CursorColumn, 0, t.Columns - 1);
    }
}
