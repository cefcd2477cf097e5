using System.Text;
using Mux.EndToEnd.Tests.Support;
using Mux.Vt100;

namespace Mux.EndToEnd.Tests.Attached;

/// <summary>
/// OSC 52 out: copy mode's copies and programs' clipboard sets reach the client's own terminal (read here from the
/// bytes mux writes to its pty), unless <c>clipboard off</c>. (A query going unanswered is the emulator's: Mux.Vt100.Tests ClipboardTests.)
/// </summary>
public class ClipboardTests
{
    private const string CtrlA = "\u0001";
    private const string Esc = "\u001b";

    private static string Osc52(string selection, string text) => $"\e]52;{selection};{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}\e\\";

    private static bool AnyRow(Terminal t, Func<string, bool> match)
    {
        for (int r = 0; r < t.Rows; r++)
            if (match(t.GetRowText(r).TrimEnd())) return true;
        return false;
    }

    private static async Task<TerminalSession> StartShellAsync(MuxEnvironment env, string name)
    {
        var client = env.StartAttached(["-S", name, "/bin/sh"], 80, 24);
        await client.WaitForTextAsync($"[{name}] 0* sh");
        return client;
    }

    [Fact]
    public async Task AProgramsClipboardSetReachesTheClientsTerminal()
    {
        using var env = new MuxEnvironment();
        using var client = await StartShellAsync(env, "clip");
        // The base64 is built by the shell, so the typed command line does not already hold the bytes looked for.
        client.SendKeys("printf '\\033]52;c;%s\\007' $(printf hello-clip | base64)\r");
        await client.WaitForRawTextAsync(Osc52("c", "hello-clip"));
    }

    [Fact]
    public async Task TheCopyOfCopyModeReachesTheClientsTerminalAndPasteStillWorks()
    {
        using var env = new MuxEnvironment();
        using var client = await StartShellAsync(env, "cpc");
        client.SendKeys("echo zebra-$((6*7))-quartz\r");
        await client.WaitForAsync(t => AnyRow(t, s => s == "zebra-42-quartz"), what: "the word printed");
        client.SendKeys(CtrlA + Esc);
        await client.WaitForAsync(t => t.GetRowText(t.Rows - 1).Contains("[copy mode]"), what: "copy mode");
        client.SendKeys("?zebra-42\r");
        await client.WaitForAsync(t => !t.GetRowText(t.Rows - 1).StartsWith('?'), what: "search done");
        client.SendKeys(" $");
        await client.WaitForAsync(t => t.GetRowText(t.Rows - 1).Contains("(marking)"), what: "marking");
        client.SendKeys(" ");
        await client.WaitForRawTextAsync(Osc52("c", "zebra-42-quartz"));
        client.SendKeys("cat\r");
        await client.WaitForAsync(t => AnyRow(t, s => s.EndsWith("cat")), what: "cat started");
        client.SendKeys(CtrlA + "]");
        await client.WaitForAsync(t => AnyRow(t, s => s == "zebra-42-quartz") &&
            Enumerable.Range(0, t.Rows).Count(r => t.GetRowText(r).TrimEnd() == "zebra-42-quartz") == 2, what: "the copy pasted");
    }

    [Fact]
    public async Task ClipboardOffKeepsSetsFromTheClientsTerminal()
    {
        using var env = new MuxEnvironment();
        using var client = await StartShellAsync(env, "off");
        var r = await env.Run("-S", "off", "-X", "clipboard", "off");
        Assert.True(r.ExitCode == 0, r.ToString());
        // The set and the marker come in one write: the frame that shows the marker would carry the set.
        client.SendKeys("printf '\\033]52;c;%s\\007%s\\n' $(printf secret | base64) marker-$((2*3))\r");
        await client.WaitForAsync(t => AnyRow(t, s => s == "marker-6"), what: "the marker printed");
        Assert.DoesNotContain("\e]52;", client.RawText);
        var bad = await env.Run("-S", "off", "-X", "clipboard", "maybe");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("usage: clipboard on|off", bad.Stdout + bad.Stderr);
    }

    [Fact]
    public async Task AFloodOfSetsEndsWithTheNewestOnTheClient()
    {
        using var env = new MuxEnvironment();
        using var client = await StartShellAsync(env, "flood");
        // 300 sets of 8 KB, then a small one: the client is owed only the newest pending set, and gets it.
        client.SendKeys("big=$(head -c 6000 /dev/zero | tr '\\0' x | base64 -w0); i=0; while [ $i -lt 300 ]; do printf '\\033]52;c;%s\\007' $big; i=$((i+1)); done; " +
            "printf '\\033]52;c;%s\\007' $(printf last-one | base64); echo flood-$((3*3))\r");
        await client.WaitForRawTextAsync(Osc52("c", "last-one"), TimeSpan.FromSeconds(30));
        await client.WaitForAsync(t => AnyRow(t, s => s == "flood-9"), what: "the shell after the flood");
    }

    /// <summary>
    /// A program's OSC 52 query is answered only with <c>clipboardread on</c>, and then with what was copied in the
    /// session (here the paste buffer set with <c>register .</c>); nobody need be attached.
    /// </summary>
    [Fact]
    public async Task AProgramReadsTheClipboardOnlyWithClipboardreadOn()
    {
        using var env = new MuxEnvironment();
        // After a line is stuffed: ask, then collect whatever comes back within a second.
        string Script(string file) =>
            $"read x; stty -echo -icanon min 0 time 10; printf '\\033]52;c;?\\033\\\\'; cat > {file}";
        string allowed = Path.Combine(env.Root, "allowed"), refused = Path.Combine(env.Root, "refused");
        foreach (var (name, file, read) in new[] { ("on", allowed, "on"), ("off", refused, "off") })
        {
            await env.StartDetachedAsync(name, "sh", "-c", Script(file));
            var bad = await env.Run("-S", name, "-X", "clipboardread", "yes");
            Assert.NotEqual(0, bad.ExitCode);
            Assert.Contains("usage: clipboardread on|off", bad.Stdout + bad.Stderr);
            foreach (var command in new[] { new[] { "register", ".", "copied text" }, ["clipboardread", read], ["stuff", "\\n"] })
            {
                var r = await env.Run(["-S", name, "-X", .. command]);
                Assert.True(r.ExitCode == 0, r.ToString());
            }
        }
        await Wait.UntilAsync(() => File.Exists(allowed) && File.ReadAllText(allowed).Contains('\\'), TimeSpan.FromSeconds(15), "the answer");
        Assert.Equal($"\e]52;c;{Convert.ToBase64String(Encoding.UTF8.GetBytes("copied text"))}\e\\", File.ReadAllText(allowed));
        Assert.Equal(0, (await env.Run("wait", "off")).ExitCode);
        Assert.Equal("", File.ReadAllText(refused));
    }
}
