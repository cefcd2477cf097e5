using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Jobs;

/// <summary>OSC 133 prompt marks from an interactive shell: each command that finishes is an event.</summary>
public class ShellIntegrationTests
{
    private static Task StartMarkedBashAsync(MuxEnvironment env, string name) =>
        env.StartDetachedAsync(name, "env",
            "PROMPT_COMMAND=printf '\\033]133;D;%s\\007\\033]133;A\\007' $?",
            "PS1=$ \\[\\e]133;B\\a\\]", "PS0=\\e]133;C\\a", "bash", "--norc", "--noprofile");

    [Fact]
    public async Task ACommandFailingInAnInteractiveBashFiresOnFailWithItsStatusAndCommandLine()
    {
        using var env = new MuxEnvironment();
        await StartMarkedBashAsync(env, "shell");
        await env.WaitForWindowTextAsync("shell", "$");
        string file = Path.Combine(env.Home, "event.json");
        Assert.Equal(0, (await env.Run("-S", "shell", "-X", "on", "fail", $"cat > {file}.tmp && mv {file}.tmp {file}")).ExitCode);
        string done = Path.Combine(env.Home, "done.txt");
        Assert.Equal(0, (await env.Run("-S", "shell", "-X", "on", "done", $"echo \"$MUX_EXIT\" >> {done}")).ExitCode);

        await env.Run("-S", "shell", "-X", "stuff", "true\\n");
        await Wait.UntilAsync(() => File.Exists(done), TimeSpan.FromSeconds(10), "the done hook for true");
        await env.Run("-S", "shell", "-X", "stuff", "sh -c 'exit 2'\\n");

        var e = await JobHookTests.ReceivedEventAsync(env, TimeSpan.FromSeconds(10));
        Assert.Equal("fail", e.GetProperty("event").GetString());
        Assert.Equal(2, e.GetProperty("exitCode").GetInt32());
        Assert.Equal("sh -c 'exit 2'", e.GetProperty("commandLine").GetString());
        await Wait.UntilAsync(() => File.ReadAllLines(done).Length == 2, TimeSpan.FromSeconds(10), "the done hook for both");
        Assert.Equal(["0", "2"], File.ReadAllLines(done));
    }

    private static string CursorLine(Mux.Vt100.Terminal t) => t.GetRowText(t.CursorRow).TrimEnd();

    [Fact]
    public async Task CopyModeJumpsFromPromptToPromptThroughTheHistory()
    {
        using var env = new MuxEnvironment();
        await StartMarkedBashAsync(env, "jumps");
        await env.WaitForWindowTextAsync("jumps", "$");
        using var client = env.StartAttached(["-r", "jumps"], 80, 24);
        await client.WaitForTextAsync("$");
        // Three commands, each with more output than a screen: their prompts end up in the history.
        foreach (var word in new[] { "one", "two", "three" })
        {
            client.SendKeys($"seq -f '{word} %g' 40\r");
            await client.WaitForAsync(t => CursorLine(t) == "$" && t.CursorRow > 0 && t.GetRowText(t.CursorRow - 1).TrimEnd() == $"{word} 40",
                what: $"the prompt after {word}");
        }
        client.SendKeys("\u0001[");
        await client.WaitForAsync(t => t.GetRowText(t.Rows - 1).Contains("[copy mode]"), what: "copy mode");

        foreach (var word in new[] { "three", "two", "one" })
        {
            client.SendKeys("{");
            await client.WaitForAsync(t => CursorLine(t) == $"$ seq -f '{word} %g' 40" && t.CursorRow == 0,
                what: $"the cursor on the prompt of {word}, at the top");
            // The command's output is under its prompt.
            Assert.Equal($"{word} 1", client.Read(t => t.GetRowText(1).TrimEnd()));
        }
        client.SendKeys("{");
        await client.WaitForAsync(t => t.GetRowText(t.Rows - 1).Contains("No earlier prompt"), what: "no earlier prompt");
        Assert.Equal("$ seq -f 'one %g' 40", client.Read(CursorLine));
        client.SendKeys("}");
        await client.WaitForAsync(t => CursorLine(t) == "$ seq -f 'two %g' 40", what: "the next prompt");
    }
}
