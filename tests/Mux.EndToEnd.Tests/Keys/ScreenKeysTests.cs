using System.Text.RegularExpressions;
using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Keys;

/// <summary>screen's default keys after the prefix, each with its effect or its message, in a real PTY.</summary>
public partial class ScreenKeysTests
{
    private const string CtrlA = "\u0001";

    private static Task<TerminalSession> StartAsync(MuxEnvironment env, string name, IDictionary<string, string>? vars = null) =>
        ColonPromptTests.StartShellAsync(env, name, vars);

    [Fact]
    public async Task SelectingTheShownWindowOrAMissingOneSaysSo()
    {
        using var env = new MuxEnvironment();
        using var client = await StartAsync(env, "sel");
        client.SendKeys(CtrlA + "0");
        await client.WaitForTextAsync("This IS window 0 (sh).");
        client.SendKeys(CtrlA + "7");
        await client.WaitForTextAsync("No window 7.  0* sh");
    }

    [Fact]
    public async Task NumberInfoTimeLicenceAndTermcapAnswerOnTheMessageLine()
    {
        using var env = new MuxEnvironment();
        using var client = await StartAsync(env, "msg");
        client.SendKeys(CtrlA + "N");
        await client.WaitForTextAsync("This is window 0 (sh).");
        client.SendKeys(CtrlA + "i");
        await client.WaitForAsync(t => ColonPromptTests.ScreenOf(t).Contains("/(80,23)+") && ColonPromptTests.ScreenOf(t).Contains("0(sh)"), what: "the info line");
        client.SendKeys(CtrlA + "t");
        await client.WaitForAsync(t => TimeLine().IsMatch(ColonPromptTests.ScreenOf(t)), what: "the time line");
        client.SendKeys(CtrlA + ",");
        await client.WaitForTextAsync("License: see mux's README");
        client.SendKeys(CtrlA + ".");
        await client.WaitForTextAsync("dumptermcap: not needed");
    }

    [GeneratedRegex(@"\d\d:\d\d:\d\d \d\d [A-Z][a-z][a-z] \d{4} \S+ load: [\d.]+ [\d.]+ [\d.]+")]
    private static partial Regex TimeLine();

    [Fact]
    public async Task QuoteAsksForAWindowAndSelectsIt()
    {
        using var env = new MuxEnvironment();
        using var client = await StartAsync(env, "quote");
        client.SendKeys(CtrlA + "c");
        await client.WaitForTextAsync("0- sh  1* sh");
        await ColonPromptTests.OpenAsync(client, CtrlA + "'", "Switch to window:");
        client.SendKeys("0\r");
        await client.WaitForTextAsync("0* sh  1- sh");
    }

    [Fact]
    public async Task ClearEmptiesTheWindowAndHardcopyWritesTheFile()
    {
        using var env = new MuxEnvironment();
        using var client = await StartAsync(env, "clr");
        client.SendKeys("echo marker-$((6*7))\r");
        await client.WaitForTextAsync("marker-42");
        client.SendKeys(CtrlA + "h");
        string file = Path.Combine(env.Home, "hardcopy.0");
        await Wait.UntilAsync(() => File.Exists(file) && File.ReadAllText(file).Contains("marker-42"), TimeSpan.FromSeconds(10), "hardcopy.0 with the marker");
        client.SendKeys(CtrlA + "C");
        await client.WaitForAsync(t => !ColonPromptTests.ScreenOf(t).Contains("marker-42"), what: "the window cleared");
    }

    [Fact]
    public async Task FitGivesTheWindowThisDisplaysSizeAgain()
    {
        using var env = new MuxEnvironment();
        using var client = await StartAsync(env, "fit");
        Assert.Equal(0, (await env.Run("-S", "fit", "-X", "width", "40")).ExitCode);
        await Wait.UntilAsync(() => env.Run("-S", "fit", "-Q", "info").Result.Stdout.Contains("/(40,23)"), TimeSpan.FromSeconds(10), "width 40");
        client.SendKeys(CtrlA + "F");
        await Wait.UntilAsync(() => env.Run("-S", "fit", "-Q", "info").Result.Stdout.Contains("/(80,23)"), TimeSpan.FromSeconds(10), "fitted to 80x23");
    }

    [Fact]
    public async Task RedisplayDrawsTheWholeScreenAgain()
    {
        using var env = new MuxEnvironment();
        using var client = await StartAsync(env, "redraw");
        client.SendKeys("echo painted-once\r");
        await client.WaitForTextAsync("painted-once\n");
        await Task.Yield();
        int mark = client.RawOutput.Length;
        client.SendKeys(CtrlA + "l");
        await client.WaitForAsync(_ => client.RawText.Length > mark && System.Text.Encoding.UTF8.GetString(client.RawOutput.AsSpan(mark)).Contains("painted-once"),
            what: "the screen sent again");
    }

    [Fact]
    public async Task SuspendStopsTheClientAndContinueRedraws()
    {
        using var env = new MuxEnvironment();
        using var client = await StartAsync(env, "susp");
        client.SendKeys(CtrlA + "z");
        await Wait.UntilAsync(() => State(client.Pid) == 'T', TimeSpan.FromSeconds(10), "the client stopped");
        client.Kill(18); // SIGCONT, as fg sends
        await Wait.UntilAsync(() => State(client.Pid) != 'T', TimeSpan.FromSeconds(10), "the client running again");
        client.SendKeys("echo back-again\r");
        await client.WaitForTextAsync("back-again\n");
    }

    private static char State(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException) { return '?'; }
    }

    [Fact]
    public async Task LockRunsTheLockProgramOrSaysThereIsNone()
    {
        using var env = new MuxEnvironment();
        string done = Path.Combine(env.Home, "locked");
        string locker = Path.Combine(env.Home, "locker.sh");
        File.WriteAllText(locker, $"#!/bin/sh\necho ran > {done}\n");
        File.SetUnixFileMode(locker, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using (var client = await StartAsync(env, "lock", new Dictionary<string, string> { ["LOCKPRG"] = locker }))
        {
            client.SendKeys(CtrlA + "x");
            await Wait.UntilAsync(() => File.Exists(done), TimeSpan.FromSeconds(10), "the lock program run");
            client.SendKeys("echo unlocked\r");
            await client.WaitForTextAsync("unlocked\n");
        }
        string empty = Path.Combine(env.Home, "nolockers");
        Directory.CreateDirectory(empty);
        using var bare = await StartAsync(env, "nolock", new Dictionary<string, string> { ["LOCKPRG"] = "", ["PATH"] = empty + ":/bin" });
        bare.SendKeys(CtrlA + "x");
        await bare.WaitForTextAsync("no lock program");
    }

    [Fact]
    public async Task PowerDetachAsksForASecondDThenHangsUpTheShellThatStartedMux()
    {
        using var env = new MuxEnvironment();
        using var shell = env.StartProgram("/bin/sh", ["-c", $"'{MuxEnvironment.MuxBinary}' -S pow /bin/sh; echo shell-went-on; sleep 30"]);
        await shell.WaitForTextAsync("[pow] 0* sh");
        shell.SendKeys(CtrlA + "D");
        await shell.WaitForTextAsync("Press D again");
        shell.SendKeys("x");
        await shell.WaitForTextAsync("Power detach cancelled.");
        shell.SendKeys(CtrlA + "D");
        await shell.WaitForTextAsync("Press D again");
        shell.SendKeys("D");
        int code = await shell.WaitForExitAsync();
        Assert.Equal(128 + 1, code);
        Assert.DoesNotContain("shell-went-on", shell.ScreenText);
        // The session lives on, detached.
        Assert.Contains("Detached", (await env.Run("-ls")).Stdout);
    }

    [Fact]
    public async Task TheHelpListsEveryNewKey()
    {
        using var env = new MuxEnvironment();
        using var client = await StartAsync(env, "help");
        await ColonPromptTests.OpenAsync(client, CtrlA + "?", "key bindings");
        await client.WaitForTextAsync("enter a command line");
    }
}
