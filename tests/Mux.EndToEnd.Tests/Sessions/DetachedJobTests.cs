using System.Text.RegularExpressions;
using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Sessions;

/// <summary>Jobs started detached: listed at once, keep their output, and take commands from outside.</summary>
public class DetachedJobTests
{
    [Fact]
    public async Task DetachedSessionIsListedAsSoonAsTheCommandReturns()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("train", "sleep", "100");
        var r = await env.Run("-ls");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n');
        Assert.Equal("There is a screen on:\r", lines[0]);
        Assert.Matches(new Regex(@"^\t\d+\.train\t\(\d\d/\d\d/\d\d \d\d:\d\d:\d\d\)\t\(Detached\)$"), lines[1]);
        Assert.Equal($"1 Socket in {env.SocketDirectory}.\r", lines[2]);
        int pid = env.ServerPid("train");
        Assert.StartsWith($"\t{pid}.train", lines[1]);
    }

    [Fact]
    public async Task StuffTypesIntoTheWindowAndHardcopyShowsTheScreen()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("s", "/bin/sh");
        var r = await env.Run("-S", "s", "-X", "stuff", "echo one$((1+1))three\\n");
        Assert.Equal(0, r.ExitCode);
        string screen = await env.WaitForWindowTextAsync("s", "one2three\n");
        Assert.DoesNotContain("  \n", screen); // trailing blanks are trimmed
        Assert.Equal(24, screen.Split('\n').Length - 1); // one line per row of the 80x24 detached window
    }

    [Fact]
    public async Task CaretEscapesInStuffAreControlCharacters()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("s", "/bin/sh");
        await env.Run("-S", "s", "-X", "stuff", "echo caret^M");
        await env.WaitForWindowTextAsync("s", "caret\n");
    }

    [Fact]
    public async Task OutputPrintedWhileNobodyIsAttachedIsThereOnReattach()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("job", "/bin/sh", "-c", "read x; i=0; while [ $i -lt 30 ]; do echo line-$i-$x; i=$((i+1)); done; sleep 100");
        await env.Run("-S", "job", "-X", "stuff", "go\\n");
        using var client = env.StartAttached(["-r", "job"], 100, 30);
        await client.WaitForTextAsync("line-29-go");
        Assert.Contains("line-20-go", client.ScreenText);
    }

    [Fact]
    public async Task ScrollbackKeepsAtLeastTenThousandLines()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("long", "/bin/sh", "-c", "seq 1 10100; echo done-printing; sleep 100");
        string all = await env.WaitForWindowTextAsync("long", "done-printing", TimeSpan.FromSeconds(20), history: true);
        var lines = all.Split('\n');
        Assert.True(lines.Length >= 10_000, $"only {lines.Length} lines kept");
        Assert.Contains("\n200\n", all);
        Assert.Contains("\n10100\n", all);
    }

    [Fact]
    public async Task HardcopyWithHistoryPutsScrollbackFirst()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("h", "/bin/sh", "-c", "seq 1 50; echo end; sleep 100");
        string visible = await env.WaitForWindowTextAsync("h", "end");
        Assert.DoesNotContain("\n5\n", "\n" + visible);
        string all = await env.HardcopyAsync("h", history: true);
        Assert.StartsWith("1\n2\n3\n", all);
        Assert.EndsWith(visible, all);
    }

    [Fact]
    public async Task TheFirstWindowGetsTheInvokersEnvironmentAndDirectory()
    {
        using var env = new MuxEnvironment();
        string dir = Directory.CreateDirectory(Path.Combine(env.Home, "work dir")).FullName;
        var r = await env.RunProgram("/bin/sh", ["-c", $"cd '{dir}' && FOO=1 \"$0\" -dmS e sh -c 'echo FOO=$FOO TERM=$TERM STY=$STY PWD=$(pwd); sleep 100'", MuxEnvironment.MuxBinary]);
        Assert.Equal(0, r.ExitCode);
        int pid = env.ServerPid("e");
        string screen = await env.WaitForWindowTextAsync("e", "FOO=");
        Assert.Contains($"FOO=1 TERM={ScreenCommandTests.ExpectedDefaultTerm} STY={pid}.e PWD={dir}", screen);
    }

    [Fact]
    public async Task WidthAndHeightResizeADetachedWindow()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("w", "/bin/sh");
        Assert.Equal(0, (await env.Run("-S", "w", "-X", "width", "100", "30")).ExitCode);
        await env.Run("-S", "w", "-X", "stuff", "stty size\\n");
        await env.WaitForWindowTextAsync("w", "30 100");
        Assert.Equal(0, (await env.Run("-S", "w", "-X", "height", "20")).ExitCode);
        await env.Run("-S", "w", "-X", "stuff", "clear; stty size\\n");
        string screen = await env.WaitForWindowTextAsync("w", "20 100");
        Assert.Equal(20, screen.Split('\n').Length - 1);
    }

    [Fact]
    public async Task ScreenSelectTitleAndKillManageWindows()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("m", "/bin/sh");
        Assert.Equal(0, (await env.Run("-S", "m", "-X", "screen", "-t", "second", "/bin/sh")).ExitCode);
        Assert.Equal("0- sh  1* second\n", (await env.Run("-S", "m", "-Q", "windows")).Stdout);
        Assert.Equal(0, (await env.Run("-S", "m", "-X", "select", "0")).ExitCode);
        Assert.Equal(0, (await env.Run("-S", "m", "-X", "title", "first")).ExitCode);
        Assert.Equal("0* first  1- second\n", (await env.Run("-S", "m", "-Q", "windows")).Stdout);
        Assert.Equal(0, (await env.Run("-S", "m", "-p", "1", "-X", "kill")).ExitCode);
        // A session started detached keeps the killed window's final screen, saying how it ended.
        await Wait.UntilAsync(() => env.Run("-ls", "-v").Result.Stdout.Contains("1 second\tpid"), TimeSpan.FromSeconds(10), "listing");
        await Wait.UntilAsync(() => env.Run("-ls", "-v").Result.Stdout.Contains("killed by SIGHUP"), TimeSpan.FromSeconds(10), "window 1 killed");
        var bad = await env.Run("-S", "m", "-X", "select", "7");
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("mux: No window 7.\n", bad.Stderr);
    }

    [Fact]
    public async Task AnAttachedSessionEndsWithItsLastProgram()
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-S", "short", "/bin/sh", "-c", "read x"]);
        await client.WaitForTextAsync("[short] 0* sh");
        int pid = env.ServerPid("short");
        client.SendKeys("\r");
        Assert.Equal(0, await client.WaitForExitAsync());
        await client.WaitForTextAsync("[screen is terminating]");
        await Wait.UntilAsync(() => env.SocketNames().Count == 0, TimeSpan.FromSeconds(10), "socket removed");
        await Wait.UntilAsync(() => ProcessState.HasEnded(pid), TimeSpan.FromSeconds(10), "server exited");
    }

    [Fact]
    public async Task WithZombieOffADetachedSessionEndsWithItsLastProgram()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("short", "/bin/sh", "-c", "read x");
        Assert.Equal(0, (await env.Run("-S", "short", "-X", "zombie", "off")).ExitCode);
        await env.Run("-S", "short", "-X", "stuff", "\\n");
        await Wait.UntilAsync(() => env.SocketNames().Count == 0, TimeSpan.FromSeconds(10), "socket removed");
    }

    [Fact]
    public async Task QuitEndsTheSession()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("q", "sleep", "100");
        Assert.Equal(0, (await env.Run("-S", "q", "-X", "quit")).ExitCode);
        await Wait.UntilAsync(() => env.SocketNames().Count == 0, TimeSpan.FromSeconds(10), "socket removed");
        Assert.Equal(1, (await env.Run("-ls")).ExitCode);
    }

    [Fact]
    public async Task ADeadServerIsListedAsDeadAndWipedAway()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("doomed", "sleep", "100");
        await env.StartDetachedAsync("fine", "sleep", "100");
        int pid = env.ServerPid("doomed");
        Mux.Platform.Native.Libc.kill(pid, 9);
        await Wait.UntilAsync(() => env.Run("-ls").Result.Stdout.Contains("(Dead ???)"), TimeSpan.FromSeconds(10), "dead listing");
        var ls = await env.ListAsync();
        Assert.Contains($"\t{pid}.doomed\t(Dead ???)", ls);
        Assert.Contains("Remove dead screens with 'mux -wipe'.", ls);
        var wipe = await env.Run("-wipe");
        Assert.Contains("1 socket wiped out.", wipe.Stdout);
        ls = await env.ListAsync();
        Assert.DoesNotContain("doomed", ls);
        Assert.Contains(".fine\t", ls);
    }

    [Fact]
    public async Task DashTNamesTheFirstWindowAndDashHSetsItsScrollback()
    {
        using var env = new MuxEnvironment();
        var r = await env.Run("-dmS", "opts", "-t", "trainer", "-h", "20000", "sh", "-c", "seq 1 15000; echo printed; sleep 100");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("0* trainer\n", (await env.Run("-S", "opts", "-Q", "windows")).Stdout);
        // 15,000 lines: more than the default 10,000 of scrollback, all kept with -h 20000.
        string all = await env.WaitForWindowTextAsync("opts", "printed", TimeSpan.FromSeconds(20), history: true);
        Assert.StartsWith("1\n2\n3\n", all);
    }
}
