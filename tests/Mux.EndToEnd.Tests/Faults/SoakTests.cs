using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Faults;

/// <summary>
/// A short soak: several sessions with several windows print numbered lines at once, one of them watched by an
/// attached client, and not one line may be missing from a window's log or its scrollback (lost output: zero).
/// </summary>
public class SoakTests
{
    private const int Sessions = 3;
    private const int WindowsPerSession = 3;
    private const int Lines = 3000;

    private static string Generator(string tag) =>
        $"i=0; while [ $i -lt {Lines} ]; do echo \"{tag} line $i of {Lines} ................................................\"; i=$((i+1)); done; echo {tag}-END; sleep 1000";

    [Fact]
    public async Task NoLineIsLostFromLogsOrScrollback()
    {
        using var env = new MuxEnvironment();
        File.WriteAllText(Path.Combine(env.Home, ".muxrc"), "deflog on\nlogfile soak-%n.log\n");
        for (int s = 0; s < Sessions; s++)
        {
            string name = $"soak{s}";
            string dir = Directory.CreateDirectory(Path.Combine(env.Home, name)).FullName;
            var started = await env.RunProgram("/bin/sh", ["-c", $"cd '{dir}' && exec \"$0\" -dmS {name} sh -c 'read go; {Generator($"s{s}w0")}'", MuxEnvironment.MuxBinary]);
            Assert.True(started.ExitCode == 0, started.ToString());
            for (int w = 1; w < WindowsPerSession; w++)
            {
                var r = await env.RunProgram("/bin/sh", ["-c", $"cd '{dir}' && exec \"$0\" -S {name} -X screen sh -c 'read go; {Generator($"s{s}w{w}")}'", MuxEnvironment.MuxBinary]);
                Assert.True(r.ExitCode == 0, r.ToString());
            }
        }
        using var watcher = env.StartAttached(["-x", "soak0"], 100, 30);
        await watcher.WaitForTextAsync("[soak0]");

        // Release every generator at once.
        for (int s = 0; s < Sessions; s++)
            for (int w = 0; w < WindowsPerSession; w++)
                await env.Run("-S", $"soak{s}", "-p", w.ToString(), "-X", "stuff", "\\n");

        for (int s = 0; s < Sessions; s++)
        {
            for (int w = 0; w < WindowsPerSession; w++)
            {
                string tag = $"s{s}w{w}";
                string log = Path.Combine(env.Home, $"soak{s}", $"soak-{w}.log");
                await Wait.UntilAsync(() => File.Exists(log) && File.ReadAllText(log).Contains($"{tag}-END\n"), TimeSpan.FromSeconds(60), $"{tag} finished");
                AssertEveryLine(tag, File.ReadAllText(log), "log");
                AssertEveryLine(tag, await env.HardcopyAsync($"soak{s}", history: true, window: w.ToString()), "scrollback");
            }
        }
        await watcher.WaitForTextAsync("s0w2-END");
    }

    private static void AssertEveryLine(string tag, string text, string where)
    {
        var seen = new HashSet<int>();
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith($"{tag} line ", StringComparison.Ordinal)) continue;
            var rest = line[$"{tag} line ".Length..];
            Assert.EndsWith(" ................................................", line);
            seen.Add(int.Parse(rest[..rest.IndexOf(' ')]));
        }
        var missing = Enumerable.Range(0, Lines).Where(i => !seen.Contains(i)).Take(5).ToList();
        Assert.True(missing.Count == 0, $"{tag}: {Lines - seen.Count} lines missing from the {where}, e.g. {string.Join(", ", missing)}");
    }
}
