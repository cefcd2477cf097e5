using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Faults;

/// <summary>
/// The attached client stopped and continued from an interactive shell's job control: the shell puts its own
/// (cooked) modes back on the terminal while the job is stopped, so the client must take raw mode back itself.
/// </summary>
public class ClientStopTests
{
    [Theory]
    [InlineData("STOP")]
    [InlineData("TSTP")]
    public async Task TheKeyboardIsRawAgainAfterTheClientIsStoppedAndContinued(string signal)
    {
        using var env = new MuxEnvironment();
        using var shell = env.StartProgram("/bin/bash", ["--norc", "--noprofile", "-i"], 100, 30,
            new Dictionary<string, string> { ["PS1"] = "prompt$ " });
        await shell.WaitForTextAsync("prompt$");
        shell.SendKeys($"{MuxEnvironment.MuxBinary} -S stopped /bin/sh\r");
        await shell.WaitForTextAsync("[stopped] 0* sh");
        int client = ChildOf(shell.Pid);

        int before = shell.RawOutput.Length;
        var r = await env.RunProgram("/bin/kill", [$"-{signal}", client.ToString()]);
        Assert.True(r.ExitCode == 0, r.ToString());
        await shell.WaitForTextAsync("Stopped");
        if (signal == "TSTP")
        {
            // Suspended on purpose: the user's own screen is back before the shell speaks.
            string after = System.Text.Encoding.UTF8.GetString(shell.RawOutput.AsSpan(before));
            int left = after.IndexOf("\e[?1049l", StringComparison.Ordinal);
            Assert.True(left >= 0 && left < after.IndexOf("Stopped", StringComparison.Ordinal), "the client did not leave the alternate screen before stopping");
        }

        shell.SendKeys("fg\r");
        // Continued: the window is drawn again, and keys go to it at once (cooked mode would hold them for Enter).
        await shell.WaitForTextAsync("[stopped] 0* sh");
        shell.SendKeys("echo typed-$((6*7))");
        await shell.WaitForTextAsync("echo typed-$((6*7))");
        shell.SendKeys("\r");
        await shell.WaitForTextAsync("typed-42");
        shell.SendKeys("\u0001" + "d");
        await shell.WaitForTextAsync("[detached from");
    }

    private static int ChildOf(int parent)
    {
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.Parse(fields[1]) == parent) return pid;
        }
        throw new InvalidOperationException($"no child of {parent}");
    }
}
