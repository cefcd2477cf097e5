using System.Text.RegularExpressions;
using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Jobs;

/// <summary>What the current window costs on the status line: %U (CPU %), %R (resident memory), %G (GPU memory).</summary>
public class CostStatusTests
{
    [Fact]
    public async Task TheStatusLineShowsTheCurrentWindowsCpuAndMemoryAndKeepsThemCurrent()
    {
        using var env = new MuxEnvironment();
        // A busy loop prints nothing: only the sampler's own refresh can bring its CPU % to the status line.
        using var client = env.StartAttached(["-S", "st", "sh", "-c", "echo looping; while :; do :; done"]);
        await client.WaitForTextAsync("looping");
        var set = await env.Run("-S", "st", "-X", "hardstatus", "alwayslastline", "[%n %U|%R%?|gpu %G%?]");
        Assert.True(set.ExitCode == 0, set.ToString());
        var shown = new Regex(@"\[0 (\d+)%\|\d+(\.\d)? (KiB|MiB)\]");
        await client.WaitForAsync(t => shown.Match(t.GetRowText(t.Rows - 1)) is { Success: true } m && int.Parse(m.Groups[1].Value) >= 1,
            TimeSpan.FromSeconds(15), "the status line showing the busy window's CPU % above 0 and its memory");
        // Without nvidia-smi nothing is known of GPUs: the conditional part stays empty.
        Assert.DoesNotContain("gpu", client.Read(t => t.GetRowText(t.Rows - 1)));
    }
}
