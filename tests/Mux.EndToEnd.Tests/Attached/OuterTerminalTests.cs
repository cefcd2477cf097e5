using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Attached;

/// <summary>
/// mux inside a real terminal emulator (tmux, as a user's outer terminal): what tmux shows of the attached
/// client is, row for row, the window's own screen (status line aside), after vim and a coloured ls.
/// </summary>
public class OuterTerminalTests
{
    [Fact]
    public async Task TheOuterTerminalShowsExactlyTheWindowsScreen()
    {
        Assert.True(File.Exists("/usr/bin/tmux"), "tmux is needed as the outer terminal (apt-get install tmux; .ci/run does)");
        Assert.True(File.Exists("/usr/bin/vim") || File.Exists("/usr/bin/vi"), "vim is needed (apt-get install vim; .ci/run does)");
        using var env = new MuxEnvironment();
        string tmuxSocket = Path.Combine(env.Root, "tmux.sock");
        File.WriteAllText(Path.Combine(env.Home, "notes.txt"), string.Join('\n', Enumerable.Range(1, 50).Select(i => $"line {i}: 漢字 and text")));
        string[] tmux = ["-S", tmuxSocket, "-f", "/dev/null"];
        try
        {
            var started = await env.RunProgram("tmux", [.. tmux, "new-session", "-d", "-x", "100", "-y", "30",
                $"{MuxEnvironment.MuxBinary} -S outer /bin/sh"]);
            Assert.True(started.ExitCode == 0, started.ToString());
            await env.RunProgram("tmux", [.. tmux, "set", "-g", "status", "off"]);
            await WaitForPaneAsync(env, tmux, "[outer] 0* sh");

            await env.Run("-S", "outer", "-X", "stuff", "ls --color=always /; printf '\\\\033[1;31mred\\\\033[0m done\\\\n'\\n");
            await WaitForPaneAsync(env, tmux, "red done");
            await CompareAsync(env, tmux);

            await env.Run("-S", "outer", "-X", "stuff", "vi notes.txt\\n");
            await WaitForPaneAsync(env, tmux, "line 20: 漢字 and text");
            await env.Run("-S", "outer", "-X", "stuff", "10Gdd");
            await WaitForPaneAsync(env, tmux, "line 11: 漢字", mustNotContain: "line 10:");
            await CompareAsync(env, tmux);
        }
        finally
        {
            await env.RunProgram("tmux", [.. tmux, "kill-server"]);
        }
    }

    private static async Task CompareAsync(MuxEnvironment env, string[] tmux)
    {
        string window = await env.HardcopyAsync("outer");
        var expected = window.Split('\n')[..29].Select(r => r.TrimEnd());
        var pane = (await env.RunProgram("tmux", [.. tmux, "capture-pane", "-p"])).Stdout.Split('\n');
        var shown = pane.Take(29).Select(r => r.TrimEnd());
        Assert.Equal(string.Join('\n', expected), string.Join('\n', shown));
        Assert.StartsWith("[outer] 0* sh", pane[29]);
    }

    private static Task WaitForPaneAsync(MuxEnvironment env, string[] tmux, string text, string? mustNotContain = null) =>
        Wait.UntilAsync(() =>
        {
            string pane = env.RunProgram("tmux", [.. tmux, "capture-pane", "-p"]).Result.Stdout;
            return pane.Contains(text, StringComparison.Ordinal) && (mustNotContain is null || !pane.Contains(mustNotContain, StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(15), $"'{text}' in the outer terminal");
}
