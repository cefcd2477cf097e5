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
}
