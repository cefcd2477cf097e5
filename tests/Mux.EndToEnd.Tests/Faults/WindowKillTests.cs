using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Faults;

/// <summary>Killing a window ends everything its terminal session started, and the message says what ended it.</summary>
public class WindowKillTests
{
    [Theory]
    [InlineData("")]        // a group of its own, in the terminal's session
    [InlineData("setsid ")] // a session of its own, reparented to init once the shell dies
    public async Task CtrlAKEndsAJobThatLeftTheShellsGroupAndIgnoresHangupAndTerm(string detach)
    {
        using var env = new MuxEnvironment();
        using var client = env.StartAttached(["-S", "stray", "/bin/sh"], 100, 30);
        await client.WaitForTextAsync("[stray] 0* sh");
        client.SendKeys("\u0001" + "c");
        await client.WaitForTextAsync("0- sh  1* sh");
        // An interactive shell puts a background job in a process group of its own: a signal to the shell's group
        // misses it, and the shell's hang-up does not reach it either.
        string pidFile = Path.Combine(env.Root, "stray.pid");
        // The job writes its own pid: setsid forks when its caller leads a group, so $! would name the wrong process.
        client.SendKeys($"{detach}sh -c \"echo \\$\\$ > {pidFile}.new && mv {pidFile}.new {pidFile}; trap '' HUP TERM; exec sleep 1000\" & echo job-$((1+1))\r");
        await client.WaitForTextAsync("job-2");
        await Wait.UntilAsync(() => File.Exists(pidFile), TimeSpan.FromSeconds(10), "the job's pid file");
        int stray = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.True(IsAlive(stray), "the job did not start");

        client.SendKeys("\u0001" + "k");
        await client.WaitForTextAsync("Really kill this window [y/n]");
        client.SendKeys("y");
        await client.WaitForTextAsync("Window 1 (sh) killed by SIGHUP", TimeSpan.FromSeconds(10));
        // Told only once it is true: the job is gone, and the message names the signal that ended it.
        Assert.False(IsAlive(stray), $"process {stray} survived the kill");
        await client.WaitForTextAsync("it left ended by SIGKILL");
    }

    private static bool IsAlive(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return false; }
        return stat[stat.LastIndexOf(')') + 2] != 'Z';
    }
}
