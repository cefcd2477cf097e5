using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Jobs;

/// <summary>Window logs: the nohup log file, but readable, live, and switchable from outside.</summary>
public class LoggingTests
{
    private static Task<string> WaitForLogAsync(string path, string text, TimeSpan timeout) =>
        WaitForAsync(path, content => content.Contains(text, StringComparison.Ordinal), timeout, $"'{text}' in {path}");

    private static async Task<string> WaitForAsync(string path, Func<string, bool> done, TimeSpan timeout, string what)
    {
        string content = "";
        await Wait.UntilAsync(() =>
        {
            content = File.Exists(path) ? File.ReadAllText(path) : "";
            return done(content);
        }, timeout, what);
        return content;
    }

    [Fact]
    public async Task DashLLogsTheFirstWindowLiveAsText()
    {
        using var env = new MuxEnvironment();
        var started = await env.Run("-L", "-dmS", "logged", "sh", "-c",
            "printf '\\033[1;31mred text\\033[0m\\n'; printf '10%%\\r50%%\\r100%%\\n'; read x; echo second-$x; sleep 1000");
        Assert.Equal(0, started.ExitCode);
        string log = Path.Combine(env.Home, "screenlog.0");
        string first = await WaitForLogAsync(log, "100%\n", TimeSpan.FromSeconds(10));
        Assert.Equal("red text\n100%\n", first);

        await env.Run("-S", "logged", "-X", "stuff", "go\\n");
        // The log follows the job within a second of the program writing.
        await WaitForLogAsync(log, "second-go\n", TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task OutputThatRunsPastTheLongestLoggedLineNeverFreezesTheSession()
    {
        using var env = new MuxEnvironment();
        // A cursor move far to the right, then a tab: the log recorder once looped forever here.
        var started = await env.Run("-L", "-dmS", "far", "sh", "-c",
            "printf 'x\\033[99999a\\tlost\\n'; echo after-far; sleep 1000");
        Assert.Equal(0, started.ExitCode);
        await WaitForLogAsync(Path.Combine(env.Home, "screenlog.0"), "after-far\n", TimeSpan.FromSeconds(10));
        Assert.Contains("after-far", await env.WaitForWindowTextAsync("far", "after-far"));
        Assert.Contains("far", await env.ListAsync());
    }

    [Fact]
    public async Task LogfileNamesTheLogAndRawKeepsTheBytes()
    {
        using var env = new MuxEnvironment();
        string custom = Path.Combine(env.Root, "train.log");
        var r = await env.Run("-dmS", "named", "-Logfile", custom, "sh", "-c", "printf 'plain\\n'; sleep 1000");
        Assert.Equal(0, r.ExitCode);
        await WaitForLogAsync(custom, "plain\n", TimeSpan.FromSeconds(10));

        string raw = Path.Combine(env.Root, "raw.log");
        await env.Run("-S", "named", "-X", "logfile", raw);
        await env.Run("-S", "named", "-X", "screen", "sh", "-c", "read x; printf '\\033[32mgreen\\033[0m\\n'; sleep 1000");
        Assert.Equal(0, (await env.Run("-S", "named", "-p", "1", "-X", "log", "on", "raw")).ExitCode);
        await env.Run("-S", "named", "-p", "1", "-X", "stuff", "\\n");
        await WaitForLogAsync(raw, "\x1b[32mgreen\x1b[0m", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task LogOffStopsLogging()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("toggle", "/bin/sh");
        Assert.Equal(0, (await env.Run("-S", "toggle", "-X", "log", "on")).ExitCode);
        string log = Path.Combine(env.Home, "screenlog.0");
        await env.Run("-S", "toggle", "-X", "stuff", "echo while-on\\n");
        await WaitForLogAsync(log, "while-on\n", TimeSpan.FromSeconds(10));
        Assert.Equal(0, (await env.Run("-S", "toggle", "-X", "log", "off")).ExitCode);
        await env.Run("-S", "toggle", "-X", "stuff", "echo while-off\\n");
        await env.WaitForWindowTextAsync("toggle", "while-off\n");
        // The window has shown it, and the log writer had its chance: nothing more was logged.
        await env.Run("-S", "toggle", "-X", "log", "on");
        await env.Run("-S", "toggle", "-X", "stuff", "echo back-on\\n");
        string content = await WaitForLogAsync(log, "back-on\n", TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("while-off", content.Replace("echo while-off", ""));
    }
}
