using System.Text;
using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Keys;

/// <summary><c>C-a :</c>, screen's command line, in the shipped binaries inside a real PTY.</summary>
public class ColonPromptTests
{
    private const string CtrlA = "\u0001";
    private const string Up = "\u001b[A";

    internal static async Task<TerminalSession> StartShellAsync(MuxEnvironment env, string name, IDictionary<string, string>? vars = null)
    {
        var client = env.StartAttached(["-S", name, "/bin/sh"], env: vars);
        await client.WaitForTextAsync($"[{name}] 0* sh");
        return client;
    }

    /// <summary>Opens the prompt and waits until it reads keys (it sets the terminal title once raw mode is on).</summary>
    internal static async Task OpenAsync(TerminalSession client, string keys, string title)
    {
        int mark = client.RawOutput.Length;
        client.SendKeys(keys);
        await client.WaitForAsync(_ =>
        {
            string after = Encoding.UTF8.GetString(client.RawOutput.AsSpan(mark));
            return after.Contains("]0;mux: " + title, StringComparison.Ordinal) || after.Contains("]2;mux: " + title, StringComparison.Ordinal);
        }, what: $"the overlay 'mux: {title}'");
    }

    private static async Task RunLineAsync(TerminalSession client, string line)
    {
        await OpenAsync(client, CtrlA + ":", "command");
        client.SendKeys(line + "\r");
    }

    [Fact]
    public async Task ATitleCommandRenamesTheWindowAndUpBringsBackEarlierLines()
    {
        using var env = new MuxEnvironment();
        using var client = await StartShellAsync(env, "colon");
        await RunLineAsync(client, "title foo");
        await client.WaitForTextAsync("[colon] 0* foo");
        await RunLineAsync(client, "title bar");
        await client.WaitForTextAsync("[colon] 0* bar");
        await OpenAsync(client, CtrlA + ":", "command");
        client.SendKeys(Up);
        client.SendKeys(Up);
        await client.WaitForTextAsync("title foo");
        client.SendKeys("\r");
        await client.WaitForTextAsync("[colon] 0* foo");
    }

    [Fact]
    public async Task TabCompletesTheCommandName()
    {
        using var env = new MuxEnvironment();
        using var client = await StartShellAsync(env, "tab");
        await OpenAsync(client, CtrlA + ":", "command");
        client.SendKeys("tit");
        await client.WaitForTextAsync("tit");
        client.SendKeys("\t");
        await client.WaitForTextAsync("title ");
        client.SendKeys("done\r");
        await client.WaitForTextAsync("[tab] 0* done");
    }

    [Fact]
    public async Task AnUnknownCommandIsSaidOnTheMessageLineAndNothingReachesTheShell()
    {
        using var env = new MuxEnvironment();
        using var client = await StartShellAsync(env, "unk");
        await RunLineAsync(client, "frobnicate now");
        await client.WaitForTextAsync("unknown command 'frobnicate'");
        client.SendKeys("echo still-here\r");
        await client.WaitForTextAsync("still-here\n");
        string shell = string.Join('\n', client.ScreenText.Split('\n')[..^1]);
        Assert.DoesNotContain("frobnicate", shell);
    }

    [Fact]
    public async Task EscapeCancelsAndTheKeysGoToTheShellAgain()
    {
        using var env = new MuxEnvironment();
        using var client = await StartShellAsync(env, "cancel");
        string before = client.Read(ScreenOf);
        await OpenAsync(client, CtrlA + ":", "command");
        client.SendKeys("title never");
        await client.WaitForTextAsync("title never");
        client.SendKeys("\u001b");
        await client.WaitForAsync(t => ScreenOf(t) == before, what: "the screen as before the prompt");
        client.SendKeys("echo after-cancel\r");
        await client.WaitForTextAsync("after-cancel\n");
        Assert.Contains("[cancel] 0* sh", client.ScreenText);
    }

    [Fact]
    public async Task EscapeChangesTheCommandKeyAndTheHelpHintNamesIt()
    {
        using var env = new MuxEnvironment();
        using var client = await StartShellAsync(env, "esc");
        await client.WaitForTextAsync("Ctrl+A ? help");
        await RunLineAsync(client, "escape ^Tt");
        await client.WaitForTextAsync("Ctrl+T ? help");
        client.SendKeys("\u0014c");
        await client.WaitForTextAsync("0- sh  1* sh");
    }

    [Fact]
    public async Task TheHelpHintNamesTheConfiguredCommandKey()
    {
        using var env = new MuxEnvironment();
        string rc = Path.Combine(env.Home, "keys.rc");
        File.WriteAllText(rc, "escape ^Tt\n");
        using var client = env.StartAttached(["-c", rc, "-S", "hint", "/bin/sh"]);
        await client.WaitForTextAsync("Ctrl+T ? help");
    }

    internal static string ScreenOf(Mux.Vt100.Terminal t) =>
        string.Join('\n', Enumerable.Range(0, t.Rows).Select(t.GetRowText));
}
