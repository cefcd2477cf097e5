using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Jobs;

/// <summary>Desktop notifications: a program's own reach the attached terminal, and mux raises its own for windows not shown.</summary>
public class DesktopNotificationTests
{
    [Fact]
    public async Task AProgramsOsc9And777ReachTheAttachedTerminalCleaned()
    {
        using var env = new MuxEnvironment();
        using var client = await AttachThenPrintAsync(env, "osc", 80,
            "printf '\\033]9;build done\\033\\\\'; printf '\\033]777;notify;CI;tests \\001green\\007'; printf '\\033]99;i=1:d=0;hi\\302\\233x\\033\\\\'");
        await client.WaitForRawTextAsync("\e]9;build done\e\\");
        // A C0 control inside is dropped by the parser, a C1 (CSI, U+009B) turned into a space; the BEL that ended
        // it is a string terminator on the way out.
        await client.WaitForRawTextAsync("\e]777;notify;CI;tests green\e\\");
        await client.WaitForRawTextAsync("\e]99;i=1:d=0;hi x\e\\");
    }

    /// <summary>More notifications at once than are kept: the newest arrive, and the user is told the rest were left out.</summary>
    [Fact]
    public async Task AFloodOfNotificationsKeepsTheNewestAndSaysTheRestWereLeftOut()
    {
        using var env = new MuxEnvironment();
        using var client = await AttachThenPrintAsync(env, "flood", 100, "printf '\\033]9;note %d\\033\\\\' $(seq 0 29)");
        await client.WaitForRawTextAsync("\e]9;note 29\e\\");
        await client.WaitForTextAsync("left out: more came at once than mux keeps");
        Assert.DoesNotContain("\e]9;note 0\e", System.Text.Encoding.UTF8.GetString(client.RawOutput));
    }

    [Fact]
    public async Task AJobEndingInAWindowNotShownRaisesAnOsc9Notification()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("bg", "/bin/sh");
        await env.Run("-S", "bg", "-X", "screen", "-t", "train", "sh", "-c", "read x; exit 3");
        await env.Run("-S", "bg", "-X", "select", "0");
        using var client = env.StartAttached(["-r", "bg"], 100, 24);
        await client.WaitForTextAsync("0* sh  1- train");
        int bellsBefore = client.RawOutput.Count(b => b == 0x07);
        await env.Run("-S", "bg", "-p", "1", "-X", "stuff", "\\n");
        await client.WaitForRawTextAsync("\e]9;mux bg: Window 1 (train) exited with status 3.");
        await client.WaitForTextAsync("Window 1 (train) exited with status 3");
        Assert.True(client.RawOutput.Count(b => b == 0x07) > bellsBefore, "no bell came with it");
    }

    [Fact]
    public async Task Osc777IsChosenWithDesktopnotifyAndOffLeavesOnlyTheMessage()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("bg", "/bin/sh");
        await env.Run("-S", "bg", "-X", "screen", "-t", "a", "sh", "-c", "read x; exit 0");
        await env.Run("-S", "bg", "-X", "screen", "-t", "b", "sh", "-c", "read x; exit 4");
        await env.Run("-S", "bg", "-X", "select", "0");
        Assert.Equal(0, (await env.Run("-S", "bg", "-X", "desktopnotify", "osc777")).ExitCode);
        using var client = env.StartAttached(["-r", "bg"], 100, 24);
        await client.WaitForTextAsync("0* sh");
        await env.Run("-S", "bg", "-p", "1", "-X", "stuff", "\\n");
        await client.WaitForRawTextAsync("\e]777;notify;mux bg;Window 1 (a) exited with status 0");

        Assert.Equal(0, (await env.Run("-S", "bg", "-X", "desktopnotify", "off")).ExitCode);
        await env.Run("-S", "bg", "-p", "2", "-X", "stuff", "\\n");
        await client.WaitForTextAsync("Window 2 (b) exited with status 4");
        Assert.Single(client.RawText.Split("\e]777;").Skip(1));
        Assert.DoesNotContain("\e]9;", client.RawText);

        var bad = await env.Run("-S", "bg", "-X", "desktopnotify", "loud");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("usage: desktopnotify [osc9|osc777|off]", bad.Stderr);
    }

    /// <summary>
    /// A session whose program runs <paramref name="script"/> only once a client is attached (it waits for a line
    /// stuffed after the attach), then prints "printed"; returns the attached client once that shows.
    /// </summary>
    private static async Task<TerminalSession> AttachThenPrintAsync(MuxEnvironment env, string name, int columns, string script)
    {
        await env.StartDetachedAsync(name, "sh", "-c", $"read x; {script}; echo printed; exec sleep 1000");
        var client = env.StartAttached(["-r", name], columns, 24);
        await client.WaitForTextAsync("0* sh");
        await env.Run("-S", name, "-X", "stuff", "\\n");
        await client.WaitForTextAsync("printed");
        return client;
    }
}
