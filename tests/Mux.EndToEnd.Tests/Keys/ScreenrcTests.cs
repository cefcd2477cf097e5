using Mux.EndToEnd.Tests.Support;
using Mux.Vt100.Screen;

namespace Mux.EndToEnd.Tests.Keys;

/// <summary>The screenrc lines people have, read from ~/.muxrc by the real binaries and drawn in a real PTY.</summary>
public class ScreenrcTests
{
    [Fact]
    public async Task HardstatusAndCaptionStringsAreDrawnWithTheirEscapesAndColours()
    {
        using var env = new MuxEnvironment();
        File.WriteAllText(Path.Combine(env.Home, ".muxrc"), """
            startup_message off
            hardstatus alwayslastline "%{= kG}%H %n %t%{-} end"
            caption always "cap %n:%t"
            vbell off
            autodetach on
            defutf8 on
            altscreen on
            """);
        using var client = env.StartAttached(["-S", "rc", "/bin/sh"]);
        string host = Environment.MachineName;
        await client.WaitForAsync(t => t.GetRowText(23).StartsWith($"{host} 0 sh end", StringComparison.Ordinal), what: "the hardstatus line");
        await client.WaitForAsync(t => t.GetRowText(22).StartsWith("cap 0:sh", StringComparison.Ordinal), what: "the caption line");
        client.Read(t =>
        {
            var style = t.GetStyle(t.GetCell(0, 23).StyleId);
            Assert.Equal(Color.FromIndex(10), style.Foreground);   // G: bright green
            Assert.Equal(Color.FromIndex(0), style.Background);    // k: on black
            Assert.True(t.GetStyle(t.GetCell(host.Length + 5, 23).StyleId).Foreground.IsDefault); // after %{-}
            return 0;
        });
        // The window gives up both rows: its program sees 22 lines.
        client.SendKeys("stty size\r");
        await client.WaitForTextAsync("22 80");
        // A rename shows in both.
        Assert.Equal(0, (await env.Run("-S", "rc", "-X", "title", "renamed")).ExitCode);
        await client.WaitForAsync(t => t.GetRowText(23).StartsWith($"{host} 0 renamed", StringComparison.Ordinal)
            && t.GetRowText(22).StartsWith("cap 0:renamed", StringComparison.Ordinal), what: "both lines renamed");
    }

    /// <summary>A clock in the hardstatus moves on its own, in a window that prints nothing.</summary>
    [Fact]
    public async Task AClockInTheHardstatusIsRedrawnWhileTheWindowIsQuiet()
    {
        using var env = new MuxEnvironment();
        File.WriteAllText(Path.Combine(env.Home, ".muxrc"), """
            hardstatus alwayslastline "clock %s end"
            """);
        using var client = env.StartAttached(["-S", "clk", "sleep", "100"]);
        await client.WaitForAsync(t => t.GetRowText(23).StartsWith("clock ", StringComparison.Ordinal), what: "the hardstatus line");
        string first = client.Read(t => t.GetRowText(23));
        await client.WaitForAsync(t => t.GetRowText(23).StartsWith("clock ", StringComparison.Ordinal) && t.GetRowText(23) != first,
            TimeSpan.FromSeconds(5), what: "the seconds to move on");
    }

    [Fact]
    public async Task ConfigProblemsAreShownOnTheMessageLineAtAttach()
    {
        using var env = new MuxEnvironment();
        File.WriteAllText(Path.Combine(env.Home, ".muxrc"), """
            termcapinfo xterm* ti@:te@
            frobnicate everything
            """);
        using var client = env.StartAttached(["-S", "warn", "/bin/sh"]);
        await client.WaitForAsync(t =>
        {
            string last = t.GetRowText(23);
            return last.Contains(".muxrc:1: termcapinfo: ignored", StringComparison.Ordinal)
                && last.Contains(".muxrc:2: unknown command 'frobnicate'", StringComparison.Ordinal);
        }, what: "both problems on the message line");
    }

    [Fact]
    public async Task VbellShowsAMessageInsteadOfRinging()
    {
        using var env = new MuxEnvironment();
        File.WriteAllText(Path.Combine(env.Home, ".muxrc"), "vbell on\n");
        using var client = env.StartAttached(["-S", "bell", "/bin/sh"]);
        await client.WaitForTextAsync("[bell] 0* sh");
        client.SendKeys("printf '\\a'\r");
        await client.WaitForTextAsync("Wuff, Wuff!!");
        Assert.DoesNotContain("\a", client.RawText);
    }
}
