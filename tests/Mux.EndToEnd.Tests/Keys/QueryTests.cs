using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Keys;

/// <summary><c>-Q</c>: the command's answer on stdout, as screen 4.1+ prints it, and an exit status scripts can test.</summary>
public class QueryTests
{
    [Fact]
    public async Task QueriesPrintTheirAnswersAndFailForAMissingWindow()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("q", "/bin/sh");
        Assert.Equal(0, (await env.Run("-S", "q", "-X", "screen", "-t", "second", "/bin/sh")).ExitCode);

        var windows = await env.Run("-S", "q", "-Q", "windows");
        Assert.Equal((0, "0- sh  1* second\n"), (windows.ExitCode, windows.Stdout));
        var title = await env.Run("-S", "q", "-Q", "title");
        Assert.Equal((0, "second\n"), (title.ExitCode, title.Stdout));
        var number = await env.Run("-S", "q", "-Q", "number");
        Assert.Equal((0, "1 (second)\n"), (number.ExitCode, number.Stdout));
        var info = await env.Run("-S", "q", "-Q", "info");
        Assert.Equal(0, info.ExitCode);
        Assert.Matches(@"^\(\d+,\d+\)/\(80,24\)\+\d+ .* 1\(second\)\n$", info.Stdout);
        var echo = await env.Run("-S", "q", "-Q", "echo", "hello", "there");
        Assert.Equal((0, "hello there\n"), (echo.ExitCode, echo.Stdout));

        var select = await env.Run("-S", "q", "-Q", "select", "0");
        Assert.Equal((0, ""), (select.ExitCode, select.Stdout));
        Assert.Equal("0 (sh)\n", (await env.Run("-S", "q", "-Q", "number")).Stdout);
        var missing = await env.Run("-S", "q", "-Q", "select", "7");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Equal("", missing.Stdout);
        Assert.Contains("No window 7.", missing.Stderr);
        var untitled = await env.Run("-S", "q", "-p", "9", "-Q", "title");
        Assert.NotEqual(0, untitled.ExitCode);
    }
}
