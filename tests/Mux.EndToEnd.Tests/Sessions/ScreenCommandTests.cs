using System.Diagnostics;
using System.Text.RegularExpressions;
using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Sessions;

/// <summary>
/// Scripts written for GNU screen, run against mux installed as <c>screen</c> (a symlink): each case is what
/// screen itself does with the same command line (checked against screen 4.9 on this machine).
/// </summary>
public class ScreenCommandTests
{
    private static async Task<CommandResult> RunScreen(MuxEnvironment env, params string[] args)
    {
        var r = await env.RunScreen(args);
        Assert.DoesNotContain("   at ", r.Stdout + r.Stderr);
        return r;
    }

    private static async Task<CommandResult> Ok(MuxEnvironment env, params string[] args)
    {
        var r = await RunScreen(env, args);
        Assert.True(r.ExitCode == 0, $"screen {string.Join(' ', args)}: {r}");
        return r;
    }

    [Fact]
    public async Task SelectDotIsTheExistenceCheck()
    {
        using var env = new MuxEnvironment();
        await Ok(env, "-dmS", "alive", "sleep", "100");
        await Ok(env, "-S", "alive", "-X", "select", ".");
        var gone = await RunScreen(env, "-S", "gone", "-X", "select", ".");
        Assert.NotEqual(0, gone.ExitCode);
    }

    [Fact]
    public async Task EvalRunsEachCommandInTurn()
    {
        using var env = new MuxEnvironment();
        await Ok(env, "-dmS", "ev", "/bin/sh");
        await Ok(env, "-S", "ev", "-p", "0", "-X", "eval", "stuff \"echo say-$((40+2))\\015\"", "title renamed");
        await env.WaitForWindowTextAsync("ev", "say-42");
        Assert.Equal("renamed\n", (await Ok(env, "-S", "ev", "-Q", "title")).Stdout);
        // Access control has no meaning in a single-user server: accepted, said, and the rest still runs.
        var r = await Ok(env, "-S", "ev", "-X", "eval", "multiuser on", "acladd bob", "stuff \"echo after-acl\\015\"");
        Assert.Contains("not supported", r.Stderr);
        await env.WaitForWindowTextAsync("ev", "after-acl");
        var bad = await RunScreen(env, "-S", "ev", "-X", "eval", "nosuchcommand");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Equal("screen: unknown command 'nosuchcommand'\n", bad.Stderr);
    }

    [Fact]
    public async Task RegistersAreReadSetAndPasted()
    {
        using var env = new MuxEnvironment();
        await Ok(env, "-dmS", "reg", "/bin/sh");
        string file = Path.Combine(env.Home, "keys.txt");
        await File.WriteAllTextAsync(file, "echo from-file-$((1+1))\n");
        await Ok(env, "-S", "reg", "-X", "readreg", "p", file);
        await Ok(env, "-S", "reg", "-X", "paste", "p");
        await env.WaitForWindowTextAsync("reg", "from-file-2");
        await Ok(env, "-S", "reg", "-X", "register", "q", "echo from-reg-$((2+1))\\015");
        await Ok(env, "-S", "reg", "-X", "paste", "q");
        await env.WaitForWindowTextAsync("reg", "from-reg-3");
        var missing = await RunScreen(env, "-S", "reg", "-X", "readreg", "p", Path.Combine(env.Home, "nope"));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Matches(@"^screen: readreg: .*nope.*\n$", missing.Stderr);
    }

    [Fact]
    public async Task AtRunsACommandInEveryWindow()
    {
        using var env = new MuxEnvironment();
        await Ok(env, "-dmS", "at", "/bin/sh");
        await Ok(env, "-S", "at", "-X", "screen", "/bin/sh");
        await Ok(env, "-S", "at", "-X", "at", "#", "stuff", "echo everywhere-$((3+4))\\015");
        foreach (var w in new[] { "0", "1" })
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (!(await env.HardcopyAsync("at", window: w)).Contains("everywhere-7"))
            {
                Assert.True(DateTime.UtcNow < deadline, $"window {w} never got the text");
                await Task.Delay(Wait.PollInterval);
            }
        }
        await Ok(env, "-S", "at", "-X", "at", "1", "title", "one");
        Assert.Equal("0- sh  1* one\n", (await Ok(env, "-S", "at", "-Q", "windows")).Stdout);
    }

    [Fact]
    public async Task QueriesPrintTheirAnswer()
    {
        using var env = new MuxEnvironment();
        await Ok(env, "-dmS", "q", "sleep", "100");
        await Ok(env, "-S", "q", "-X", "screen", "-t", "second", "sleep", "100");
        Assert.Equal("1 (second)\n", (await Ok(env, "-S", "q", "-Q", "number")).Stdout);
        Assert.Equal("second\n", (await Ok(env, "-S", "q", "-Q", "title")).Stdout);
        Assert.Equal("hello there\n", (await Ok(env, "-S", "q", "-Q", "echo", "hello", "there")).Stdout);
        Assert.Equal("0- sleep  1* second\n", (await Ok(env, "-S", "q", "-Q", "windows")).Stdout);
        Assert.Equal("", (await Ok(env, "-S", "q", "-Q", "select", ".")).Stdout);
        Assert.Matches(@"^\(\d+,\d+\)/\(80,24\)\+\d+ .*0\(sleep\)\n$", (await Ok(env, "-S", "q", "-p", "0", "-Q", "info")).Stdout);
        Assert.Matches(@"^This session is named '\d+\.q'\.?\n$", (await Ok(env, "-S", "q", "-Q", "sessionname")).Stdout);
        // -X only shows the answer on attached displays, as screen does.
        Assert.Equal("", (await Ok(env, "-S", "q", "-X", "echo", "quiet")).Stdout);
        var none = await RunScreen(env, "-S", "q", "-Q", "select", "9");
        Assert.NotEqual(0, none.ExitCode);
    }

    [Fact]
    public async Task NumberMovesTheWindow()
    {
        using var env = new MuxEnvironment();
        await Ok(env, "-dmS", "num", "sleep", "100");
        await Ok(env, "-S", "num", "-X", "number", "5");
        Assert.Equal("5 (sleep)\n", (await Ok(env, "-S", "num", "-Q", "number")).Stdout);
        Assert.Equal("5* sleep\n", (await Ok(env, "-S", "num", "-Q", "windows")).Stdout);
    }

    [Theory]
    [InlineData("-R")]
    [InlineData("-RR")]
    [InlineData("-d -RR")]
    [InlineData("-D -R")]
    [InlineData("-x -R")]
    public async Task ResumeOrCreateCreatesTheNamedSession(string flags)
    {
        using var env = new MuxEnvironment();
        using var client = env.StartProgram(Path.Combine(env.ScreenBin(), "screen"), [.. flags.Split(' '), "wanted"], 80, 24);
        await client.WaitForTextAsync("[wanted] 0* sh");
        Assert.Contains(env.SocketNames(), s => s.Name == "wanted");
    }

    [Fact]
    public async Task CapitalDWithMStaysInTheForegroundUntilTheSessionEnds()
    {
        using var env = new MuxEnvironment();
        var foreground = RunScreen(env, "-DmS", "fg", "sleep", "100");
        await Wait.UntilAsync(() => env.SocketNames().Any(s => s.Name == "fg"), TimeSpan.FromSeconds(10), "the session to start");
        await Task.Delay(300); // time in which a returning -DmS would have returned: it must not
        Assert.False(foreground.IsCompleted, "screen -DmS returned while its session runs");
        await Ok(env, "-S", "fg", "-X", "quit");
        Assert.Equal(0, (await foreground).ExitCode);

        // The job ending on its own ends the foreground process too, and takes the session with it.
        var r = await Ok(env, "-DmS", "short", "sh", "-c", "exit 3");
        Assert.DoesNotContain(env.SocketNames(), s => s.Name == "short");
    }

    [Fact]
    public async Task StoppingTheForegroundProcessEndsTheSession()
    {
        using var env = new MuxEnvironment();
        using var service = env.StartProgram(Path.Combine(env.ScreenBin(), "screen"), ["-DmS", "svc", "sleep", "100"]);
        await Wait.UntilAsync(() => env.SocketNames().Any(s => s.Name == "svc"), TimeSpan.FromSeconds(10), "the session to start");
        service.Kill(15); // what a service manager does to its main process
        Assert.Equal(128 + 15, await service.WaitForExitAsync());
        await Wait.UntilAsync(() => env.SocketNames().Count == 0, TimeSpan.FromSeconds(10), "the session to end");
    }

    [Fact]
    public async Task TermAndShellOptions()
    {
        using var env = new MuxEnvironment();
        await Ok(env, "-T", "vt100", "-dmS", "term", "sh", "-c", "echo term=$TERM; sleep 100");
        await env.WaitForWindowTextAsync("term", "term=vt100");
        await Ok(env, "-s", "/bin/bash", "-dmS", "shell");
        await Ok(env, "-S", "shell", "-X", "stuff", "echo shell=$BASH_VERSION\\n");
        await env.WaitForWindowTextAsync("shell", "shell=5");
    }

    /// <summary>tmux-256color describes what the emulator does (italics, focus, true colour) when it is installed.</summary>
    internal static string ExpectedDefaultTerm =>
        new[] { "/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo" }
            .Any(d => File.Exists($"{d}/t/tmux-256color")) ? "tmux-256color" : "screen-256color";

    [Fact]
    public async Task WindowsGetTheBestInstalledTermAndTheTermCommandChangesIt()
    {
        Assert.True(File.Exists("/lib/terminfo/t/tmux-256color") || File.Exists("/usr/share/terminfo/t/tmux-256color"),
            "tmux-256color's terminfo is missing: install ncurses-term (.ci/run does)");
        using var env = new MuxEnvironment();
        await Ok(env, "-dmS", "t", "sh", "-c", "echo first=$TERM; sleep 100");
        await env.WaitForWindowTextAsync("t", "first=tmux-256color");
        await Ok(env, "-S", "t", "-X", "term", "xterm-256color");
        await Ok(env, "-S", "t", "-X", "screen", "sh", "-c", "echo second=$TERM; sleep 100");
        await env.WaitForWindowTextAsync("t", "second=xterm-256color");
        var bad = await env.Run("-S", "t", "-X", "term", "../../etc/x");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("not a terminal type name", bad.Stdout + bad.Stderr);
    }

    [Fact]
    public async Task QuietListingExitsWithScreensCodes()
    {
        using var env = new MuxEnvironment();
        var none = await RunScreen(env, "-q", "-ls");
        Assert.Equal((9, "", ""), (none.ExitCode, none.Stdout, none.Stderr));
        await Ok(env, "-dmS", "one", "sleep", "100");
        var one = await RunScreen(env, "-q", "-ls");
        Assert.Equal((11, "", ""), (one.ExitCode, one.Stdout, one.Stderr));
        await Ok(env, "-dmS", "two", "sleep", "100");
        Assert.Equal(12, (await RunScreen(env, "-q", "-ls")).ExitCode);
    }

    [Theory]
    [InlineData(true, "SCREEN -dmS mc-1")]
    [InlineData(false, "MUX -dmS mc-1")]
    public async Task TheServerProcessReadsLikeTheCommandThatStartedIt(bool asScreen, string expected)
    {
        using var env = new MuxEnvironment();
        var r = asScreen ? await RunScreen(env, "-dmS", "mc-1", "sleep", "100") : await env.Run("-dmS", "mc-1", "sleep", "100");
        Assert.True(r.ExitCode == 0, r.ToString());
        string cmdline = (await File.ReadAllTextAsync($"/proc/{env.ServerPid("mc-1")}/cmdline")).Replace('\0', ' ').TrimEnd();
        Assert.StartsWith(expected, cmdline);
        if (asScreen) Assert.Matches(new Regex("screen[^S]+S mc-", RegexOptions.IgnoreCase), cmdline);
        // The server still works as one: its window runs, and it answers.
        await Ok(env, "-S", "mc-1", "-X", "select", ".");
    }
}
