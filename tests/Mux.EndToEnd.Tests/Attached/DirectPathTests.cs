using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Attached;

/// <summary>
/// Keystroke echo skips a process on each side: the server writes frames to the client's terminal itself, and the
/// client writes keys to the window's terminal itself, each while the other side allows it. Stopping the process
/// that is skipped shows which way the bytes went.
/// </summary>
public class DirectPathTests
{
    private static IEnumerable<string> OpenFiles(int pid)
    {
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            string? target = null;
            try { target = new FileInfo(fd).LinkTarget; } catch (IOException) { } catch (UnauthorizedAccessException) { }
            if (target != null) yield return target;
        }
    }

    private static bool Holds(int pid, string path) => OpenFiles(pid).Contains(path);

    [Fact]
    public async Task FramesReachTheTerminalWhileTheClientProcessIsStopped()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("frames", "sh", "-c", "read x; echo GOT-$x; exec sleep 1000");
        using var client = env.StartAttached(["-r", "frames"], 80, 24);
        await client.WaitForTextAsync("[frames] 0* sh");
        int server = env.ServerPid("frames");
        await Wait.UntilAsync(() => Holds(server, client.Pty.SlaveName!), TimeSpan.FromSeconds(10), "the server opens the client's terminal");

        client.Kill(19); // SIGSTOP: the client can relay nothing now
        try
        {
            await env.Run("-S", "frames", "-X", "stuff", "hello\\n");
            await client.WaitForTextAsync("GOT-hello");
        }
        finally
        {
            client.Kill(18); // SIGCONT
        }
    }

    [Fact]
    public async Task KeysReachTheProgramWhileTheServerIsStopped()
    {
        using var env = new MuxEnvironment();
        string file = Path.Combine(env.Root, "typed");
        await env.StartDetachedAsync("keys", "sh", "-c", $"read x; echo \"$x\" > {file}; exec sleep 1000");
        using var client = env.StartAttached(["-r", "keys"], 80, 24);
        await client.WaitForTextAsync("[keys] 0* sh");
        await Wait.UntilAsync(() => OpenFiles(client.Pid).Any(t => t is "/dev/ptmx" or "/dev/pts/ptmx"), TimeSpan.FromSeconds(10),
            "the client is given the window's terminal");

        int server = env.ServerPid("keys");
        Mux.Platform.Native.Libc.kill(server, 19);
        try
        {
            client.SendKeys("direct\r");
            await Wait.UntilAsync(() => File.Exists(file) && File.ReadAllText(file) == "direct\n", TimeSpan.FromSeconds(10),
                "the program reads the line while the server is stopped");
        }
        finally
        {
            Mux.Platform.Native.Libc.kill(server, 18);
        }
        await client.WaitForTextAsync("direct");
    }

    [Fact]
    public async Task InCopyModeKeysGoToCopyModeAndAfterItToTheProgramAgain()
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-S", "route", "cat"], 80, 24);
        await client.WaitForTextAsync("[route] 0* cat");
        await Wait.UntilAsync(() => OpenFiles(client.Pid).Any(t => t is "/dev/ptmx" or "/dev/pts/ptmx"), TimeSpan.FromSeconds(10),
            "the client is given the window's terminal");

        client.SendKeys("\u0001[");
        await client.WaitForTextAsync("[copy mode]");
        // Gone from the client as soon as it asked for copy mode: these must not reach cat.
        Assert.DoesNotContain(OpenFiles(client.Pid), t => t is "/dev/ptmx" or "/dev/pts/ptmx");
        client.SendKeys("xyz");
        client.SendKeys("q");
        await client.WaitForAsync(t => !t.GetRowText(t.Rows - 1).Contains("[copy mode]"), what: "copy mode left");
        client.SendKeys("after\r");
        await client.WaitForAsync(t => t.GetRowText(0).TrimEnd() == "after" && t.GetRowText(1).TrimEnd() == "after",
            what: "cat echoes the line typed after copy mode, and nothing typed in it");
    }

    /// <summary>
    /// Only the display that typed last writes keys directly; the other goes through the server. Two displays typing
    /// in alternation hand that over on nearly every key: none may be lost, and each display's keys arrive in order.
    /// </summary>
    [Fact]
    public async Task KeysOfTwoDisplaysTypingInAlternationAllArriveInOrderPerDisplay()
    {
        using var env = new MuxEnvironment();
        string file = Path.Combine(env.Root, "typed.txt");
        using var one = env.StartAttached(["-S", "two", "/bin/sh", "-c", $"stty raw -echo; exec cat > {file}"]);
        await one.WaitForTextAsync("[two] 0* sh");
        await Wait.UntilAsync(() => File.Exists(file), TimeSpan.FromSeconds(10), "cat has opened the file");
        using var other = env.StartAttached(["-x", "two"]);
        await other.WaitForTextAsync("[two] 0* sh");

        const string lower = "abcdefghijklmnopqrstuvwxyz", upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        string Typed() => File.ReadAllText(file);
        // Unpaced first: the hand-overs race the keys; then paced, each pair arriving before the next is typed.
        for (int i = 0; i < lower.Length; i++)
        {
            one.SendKeys(lower[i].ToString());
            other.SendKeys(upper[i].ToString());
        }
        for (int i = 0; i < lower.Length; i++)
        {
            one.SendKeys(lower[i].ToString());
            other.SendKeys(upper[i].ToString());
            int expected = 2 * (lower.Length + i + 1);
            await Wait.UntilAsync(() => Typed().Length >= expected, TimeSpan.FromSeconds(10), $"{expected} keys in the file");
        }
        string typed = Typed();
        Assert.Equal(lower + lower, string.Concat(typed.Where(char.IsLower)));
        Assert.Equal(upper + upper, string.Concat(typed.Where(char.IsUpper)));
        Assert.Equal(4 * lower.Length, typed.Length);
    }
}
