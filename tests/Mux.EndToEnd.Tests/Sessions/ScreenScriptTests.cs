using System.Text.RegularExpressions;
using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Sessions;

/// <summary>
/// Scripts written for GNU screen, run against mux installed as <c>screen</c> (a symlink on PATH). The expected
/// bytes are what screen 4.9 prints: CR LF after its messages, LF after session lines, messages on stdout.
/// </summary>
public class ScreenScriptTests
{
    private const string SessionLine = @"\t\d+\.{0}\t\(\d\d/\d\d/\d\d \d\d:\d\d:\d\d\)\t\({1}\)\n";

    /// <summary>Starts <paramref name="name"/> running a program that exits with 3, and waits until it has.</summary>
    private static async Task StartEndedJobAsync(MuxEnvironment env, string name)
    {
        Assert.Equal(0, (await env.RunScreen("-dmS", name, "sh", "-c", "echo last words; exit 3")).ExitCode);
        Assert.Equal(3, (await env.Run("wait", name)).ExitCode);
    }

    // How an ended job looks to a script, and to a person.

    [Fact]
    public async Task AnEndedJobIsGoneForAScriptReadingTheListThroughAPipe()
    {
        using var env = new MuxEnvironment();
        await StartEndedJobAsync(env, "job");

        var list = await env.RunScreen("-ls");
        Assert.Equal(1, list.ExitCode);
        Assert.Equal($"No Sockets found in {env.SocketDirectory}.\n\r\n", list.Stdout);
        Assert.Equal(1, (await env.RunScript("screen -list | grep -q job")).ExitCode);
    }

    [Fact]
    public async Task CommandsIntoAnEndedJobFailLikeAMissingSession()
    {
        using var env = new MuxEnvironment();
        await StartEndedJobAsync(env, "job");
        var missing = await env.RunScreen("-S", "nosuch", "-X", "stuff", "hi");

        foreach (string[] command in new[] { new[] { "stuff", "hi" }, ["select", "."], ["windows"] })
        {
            var r = await env.RunScreen(["-S", "job", "-X", .. command]);
            Assert.Equal(missing.ExitCode, r.ExitCode);
            Assert.Equal(missing.Stdout, r.Stdout);
            Assert.Contains("has ended (Exited 3)", r.Stderr); // a person is told why
        }
        Assert.Equal(1, missing.ExitCode);
        // The job's last screen is still there: hardcopy (which only reads) saves it, and -r shows it.
        Assert.Contains("last words", await env.HardcopyAsync("job"));
        using var client = env.StartAttached(["-r", "job"]);
        await client.WaitForTextAsync("last words");
    }

    [Fact]
    public async Task ANewSessionUnderTheSameNameSupersedesTheEndedOne()
    {
        using var env = new MuxEnvironment();
        await StartEndedJobAsync(env, "job");
        Assert.Equal(0, (await env.RunScreen("-dmS", "job", "/bin/sh")).ExitCode);

        var stuff = await env.RunScreen("-S", "job", "-X", "stuff", "echo again$((40+2))\\n");
        Assert.True(stuff.ExitCode == 0, stuff.ToString());
        Assert.True((await env.RunScreen("-S", "job", "-X", "select", "0")).ExitCode == 0);
        var list = await env.RunScreen("-ls");
        Assert.Matches(new Regex("^There is a screen on:\r\n" + string.Format(SessionLine, "job", "Detached") + "1 Socket in "), list.Stdout);
        // mux wait and -r reach the running one, not the ended one (which would answer 3 at once).
        Assert.Equal(124, (await env.Run("wait", "job", "--timeout", "0.2")).ExitCode);
        using var client = env.StartAttached(["-r", "job"]);
        await client.WaitForTextAsync("again42");
        Assert.DoesNotContain("last words", client.ScreenText);
    }

    [Fact]
    public async Task APersonSeesHowTheJobEndedOnATerminalAndInTheDetailedListings()
    {
        using var env = new MuxEnvironment();
        await StartEndedJobAsync(env, "job");

        using var terminal = env.StartProgram(Path.Combine(env.ScreenBin(), "screen"), ["-ls"]);
        Assert.Equal(1, await terminal.WaitForExitAsync()); // nothing runs: the classic list is empty
        Assert.Matches(new Regex(@"No Sockets found in .*\n\s*\nEnded \(screen -r NAME shows the last screen.*\n\s*\d+\.job\s+\(\d\d/\d\d/\d\d \d\d:\d\d:\d\d\)\s+\(Exited 3\)"), terminal.ScreenText);

        var verbose = await env.RunScreen("-ls", "-v");
        Assert.Contains(".job\t(", verbose.Stdout);
        Assert.Contains("(Exited 3)\n", verbose.Stdout);
        Assert.Contains("exited with status 3", verbose.Stdout);
        var json = await env.RunScreen("-ls", "--json");
        Assert.Contains("\"state\": \"exited\"", json.Stdout);
        Assert.Contains("\"exitCode\": 3", json.Stdout);
    }

    // Output details that scripts parse.

    [Fact]
    public async Task TheListingHasScreensDateHeaderAndFooterBytes()
    {
        using var env = new MuxEnvironment();
        Assert.Equal(0, (await env.RunScreen("-dmS", "job", "sleep", "100")).ExitCode);

        var list = await env.RunScreen("-ls");
        Assert.Equal(0, list.ExitCode);
        Assert.Matches(new Regex("^There is a screen on:\r\n" + string.Format(SessionLine, "job", "Detached")
            + Regex.Escape($"1 Socket in {env.SocketDirectory}.") + "\r\n$"), list.Stdout);
        // The fourth word of a session line is its state, as on screen.
        Assert.Equal("(Detached)\n", (await env.RunScript("screen -ls | awk '/job/ {print $4}'")).Stdout);

        Assert.Equal(0, (await env.RunScreen("-dmS", "other", "sleep", "100")).ExitCode);
        list = await env.RunScreen("-ls");
        Assert.StartsWith("There are screens on:\r\n", list.Stdout);
        Assert.EndsWith($"\n2 Sockets in {env.SocketDirectory}.\r\n", list.Stdout);
    }

    [Fact]
    public async Task NoSocketsFoundIsFollowedByScreensBlankLine()
    {
        using var env = new MuxEnvironment();
        var list = await env.RunScreen("-ls");
        Assert.Equal(1, list.ExitCode);
        Assert.Equal($"No Sockets found in {env.SocketDirectory}.\n\r\n", list.Stdout);
        Assert.Equal("", list.Stderr);
    }

    [Fact]
    public async Task NoScreenSessionFoundIsPrintedOnStdout()
    {
        using var env = new MuxEnvironment();
        var r = await env.RunScreen("-S", "nosuch", "-X", "stuff", "hi");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("No screen session found.\r\n", r.Stdout);
        Assert.Equal("", r.Stderr);

        var resume = await env.RunScreen("-r", "nosuch");
        Assert.Equal(1, resume.ExitCode);
        Assert.Equal("There is no screen to be resumed matching nosuch.\r\n", resume.Stdout);
    }

    [Fact]
    public async Task RemoteCommandsPrintNothingOnStdoutAndQueriesPrintTheAnswer()
    {
        using var env = new MuxEnvironment();
        Assert.Equal(0, (await env.RunScreen("-dmS", "job", "/bin/sh")).ExitCode);

        foreach (string[] command in new[] { new[] { "windows" }, ["screen", "-t", "second", "/bin/sh"], ["log", "on"] })
        {
            var r = await env.RunScreen(["-S", "job", "-X", .. command]);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Equal("", r.Stdout);
        }
        // The commands did run: -Q shows the second window, and the log file exists.
        Assert.Equal("0- sh  1* second\n", (await env.RunScreen("-S", "job", "-Q", "windows")).Stdout);
        Assert.True(File.Exists(Path.Combine(env.Home, "screenlog.1")));
    }

    [Fact]
    public async Task DetachingASessionNobodyIsAttachedToFailsAsOnScreen()
    {
        using var env = new MuxEnvironment();
        Assert.Equal(0, (await env.RunScreen("-dmS", "job", "sleep", "100")).ExitCode);

        var r = await env.RunScreen("-d", "job");
        Assert.Equal(1, r.ExitCode);
        Assert.Matches(new Regex("^There is a screen on:\r\n" + string.Format(SessionLine, "job", "Detached")
            + "There is no screen to be detached matching job\\.\r\n$"), r.Stdout);

        var missing = await env.RunScreen("-d", "nosuch");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("There is no screen to be detached matching nosuch.\r\n", missing.Stdout);
    }

    [Fact]
    public async Task AMissingPreselectedWindowIsRefusedAloudAndNothingIsTyped()
    {
        using var env = new MuxEnvironment();
        Assert.Equal(0, (await env.RunScreen("-dmS", "job", "/bin/sh")).ExitCode);

        var r = await env.RunScreen("-S", "job", "-p", "9", "-X", "stuff", "echo leak$((1+1))\\n");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Contains("9", r.Stderr);
        // Window 0 got nothing: what is typed after it shows, and the refused text never did.
        Assert.Equal(0, (await env.RunScreen("-S", "job", "-X", "stuff", "echo sync$((1+1))\\n")).ExitCode);
        string screen = await env.WaitForWindowTextAsync("job", "sync2");
        Assert.DoesNotContain("leak", screen);
    }

    [Fact]
    public async Task HelpListsEveryOptionAtTheLeftMarginInScreensLayout()
    {
        using var env = new MuxEnvironment();
        var r = await env.RunScreen("--help");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n');
        Assert.Equal("Use: screen [-opts] [cmd [args]]", lines[0]);
        Assert.Equal(" or: screen -r [host.tty]", lines[1]);
        // What bash-completion's _parse_help takes: the first word of each line that starts with a dash.
        var listed = lines.Where(l => l.TrimStart().StartsWith('-')).Select(l => l.TrimStart().Split(' ')[0]).ToHashSet();
        string[] accepted = ["-a", "-A", "-c", "-d", "-dmS", "-D", "-DmS", "-e", "-f", "-h", "-i", "-l", "-ls", "-list", "-L", "-Logfile",
            "-m", "-O", "-p", "-q", "-Q", "-r", "-R", "-s", "-S", "-t", "-T", "-U", "-v", "-wipe", "-x", "-X", "--help", "--notify", "--read-only"];
        Assert.Empty(accepted.Except(listed));
        // Nothing else in the text poses as an option.
        Assert.Empty(listed.Except(accepted));
    }

    [Fact]
    public async Task VersionHasScreensShapeWithMuxsName()
    {
        using var env = new MuxEnvironment();
        var r = await env.RunScreen("-v");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(new Regex(@"^Mux version \d+\.\d+\S* \(Mux\)\n$"), r.Stdout);
    }

    // The drop-in: scripts in the style of each kind of client, unchanged.

    [Fact]
    public async Task AGameServerScriptRunsUnchangedFromStartToRestart()
    {
        using var env = new MuxEnvironment();
        const string server = "echo ready; while read line; do echo \"got $line\"; [ \"$line\" = stop ] && exit 0; done";
        const string running = "if screen -list | grep -q '[.]gs[[:space:]]'; then echo running; else echo stopped; fi";

        // init script: start, then "is it up?"
        var start = await env.RunScript($"screen -dmS gs sh -c '{server}' && {running}");
        Assert.Equal("running\n", start.Stdout);
        await env.WaitForWindowTextAsync("gs", "ready");

        // job launcher / editor plugin: send a line into the console
        Assert.Equal("", (await env.RunScript("screen -S gs -p 0 -X stuff \"say hi$(printf '\\r')\"")).Stdout);
        await env.WaitForWindowTextAsync("gs", "got say hi");

        // stop; the status check then sees it gone, as screen would show it
        Assert.Equal(0, (await env.RunScript("screen -S gs -X stuff \"stop$(printf '\\r')\"")).ExitCode);
        Assert.Equal(0, (await env.Run("wait", "gs")).ExitCode);
        var status = await env.RunScript($"{running}; screen -S gs -X select . >/dev/null 2>&1 && echo answers || echo gone");
        Assert.Equal("stopped\ngone\n", status.Stdout);

        // restart under the same name: one session, and commands reach it
        var restart = await env.RunScript($"screen -dmS gs sh -c '{server}' && screen -list | grep -c '[.]gs[[:space:]]'");
        Assert.Equal("1\n", restart.Stdout);
        Assert.Equal(0, (await env.RunScript("screen -S gs -X stuff \"say again$(printf '\\r')\"")).ExitCode);
        await env.WaitForWindowTextAsync("gs", "got say again");

        // a Python library's parser: every session line matches screen's pattern
        var list = await env.RunScreen("-ls");
        var parsed = Regex.Matches(list.Stdout, @"^\t(\d+)\.(\S+)\t\((\d\d/\d\d/\d\d \d\d:\d\d:\d\d)\)\t\((Attached|Detached)\)$", RegexOptions.Multiline);
        Assert.Equal("gs", Assert.Single(parsed).Groups[2].Value);

        // systemd's ExecStop: quit, and nothing is left for a script to see
        Assert.Equal(0, (await env.RunScript("screen -S gs -X quit")).ExitCode);
        var after = await env.RunScript("screen -ls; echo \"rc=$?\"");
        Assert.Equal($"No Sockets found in {env.SocketDirectory}.\n\r\nrc=1\n", after.Stdout);
    }
}
