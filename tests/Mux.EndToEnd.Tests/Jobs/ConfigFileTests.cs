using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Jobs;

/// <summary>~/.muxrc with the screenrc lines people use; a bad line is a warning, never a failure to start.</summary>
public class ConfigFileTests
{
    [Fact]
    public async Task ABadLineIsAWarningAndTheRestStillApplies()
    {
        using var env = new MuxEnvironment();
        File.WriteAllText(Path.Combine(env.Home, ".muxrc"), """
            # windows for a training run
            defscrollback 20000
            frobnicate everything
            setenv STAGE from-config
            hardstatus "unterminated
            screen -t trainer sh -c 'echo STAGE=$STAGE; sleep 1000'
            screen -t logs sh -c 'echo second window; sleep 1000'
            """);
        var r = await env.Run("-dmS", "cfg");
        Assert.Equal(0, r.ExitCode);
        string rc = Path.Combine(env.Home, ".muxrc");
        Assert.Contains($"mux: warning: {rc}:3: unknown command 'frobnicate'", r.Stderr);
        Assert.Contains($"mux: warning: {rc}:5: unterminated \" quote", r.Stderr);
        Assert.Equal("0- trainer  1* logs\n", (await env.Run("-S", "cfg", "-Q", "windows")).Stdout);
        string first = await env.HardcopyAsync("cfg", window: "0");
        Assert.Contains("STAGE=from-config", first);
    }

    /// <summary>A screen user without a ~/.muxrc brings ~/.screenrc along ($SCREENRC first); a ~/.muxrc wins over both.</summary>
    [Fact]
    public async Task WithoutAMuxrcScreensOwnFileIsRead()
    {
        using var env = new MuxEnvironment();
        File.WriteAllText(Path.Combine(env.Home, ".screenrc"), "setenv FROM screenrc\n");
        await env.StartDetachedAsync("s1", "sh", "-c", "echo FROM=$FROM; sleep 100");
        await env.WaitForWindowTextAsync("s1", "FROM=screenrc");

        string named = Path.Combine(env.Root, "named.rc");
        File.WriteAllText(named, "setenv FROM named\n");
        env.Environment["SCREENRC"] = named;
        await env.StartDetachedAsync("s2", "sh", "-c", "echo FROM=$FROM; sleep 100");
        await env.WaitForWindowTextAsync("s2", "FROM=named");

        File.WriteAllText(Path.Combine(env.Home, ".muxrc"), "setenv FROM muxrc\n");
        await env.StartDetachedAsync("s3", "sh", "-c", "echo FROM=$FROM; sleep 100");
        await env.WaitForWindowTextAsync("s3", "FROM=muxrc");
    }

    [Fact]
    public async Task DashCReadsAnotherFileAndEscapeChangesThePrefix()
    {
        using var env = new MuxEnvironment();
        string config = Path.Combine(env.Root, "other.rc");
        File.WriteAllText(config, "escape ^Bb\nhardstatus off\n");
        using var client = env.StartAttached(["-c", config, "-S", "esc", "/bin/sh"]);
        await client.WaitForTextAsync("#");
        Assert.DoesNotContain("[esc]", client.ScreenText); // status line off
        client.SendKeys("\u0001"); // Ctrl+A is an ordinary key now
        client.SendKeys("\u0002d");
        Assert.Equal(0, await client.WaitForExitAsync());
        await client.WaitForTextAsync("[detached from");
    }

    [Fact]
    public async Task AMissingConfigFileIsAWarning()
    {
        using var env = new MuxEnvironment();
        var r = await env.Run("-c", Path.Combine(env.Root, "nope.rc"), "-dmS", "x", "sleep", "100");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("does not exist", r.Stderr);
        Assert.Contains(".x\t", await env.ListAsync());
    }

    [Fact]
    public async Task BindMakesAKeyRunACommand()
    {
        using var env = new MuxEnvironment();
        File.WriteAllText(Path.Combine(env.Home, ".muxrc"), "bind K title renamed-by-key\nbind w\n");
        using var client = env.StartAttached(["-S", "bound", "/bin/sh"]);
        await client.WaitForTextAsync("[bound] 0* sh");
        client.SendKeys("\u0001" + "K");
        await client.WaitForTextAsync("[bound] 0* renamed-by-key");
        // An unbound key does nothing: w no longer shows the window list.
        client.SendKeys("\u0001" + "w" + "echo still-typing\r");
        await client.WaitForTextAsync("still-typing");
        Assert.StartsWith("[bound] 0* renamed-by-key", client.Read(t => t.GetRowText(t.Rows - 1)));
    }
}
