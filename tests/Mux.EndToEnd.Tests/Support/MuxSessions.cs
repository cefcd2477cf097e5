namespace Mux.EndToEnd.Tests.Support;

/// <summary>Shortcuts for driving sessions through mux's own command line.</summary>
public static class MuxSessions
{
    /// <summary>The window's text as <c>-X hardcopy</c> writes it.</summary>
    public static async Task<string> HardcopyAsync(this MuxEnvironment env, string session, bool history = false, string? window = null)
    {
        string file = Path.Combine(env.Root, $"hardcopy-{Guid.NewGuid():N}.txt");
        var args = new List<string> { "-S", session };
        if (window != null) args.AddRange(["-p", window]);
        args.AddRange(history ? ["-X", "hardcopy", "-h", file] : ["-X", "hardcopy", file]);
        var r = await env.Run([.. args]);
        Assert.True(r.ExitCode == 0, $"hardcopy failed: {r}");
        string text = await File.ReadAllTextAsync(file);
        File.Delete(file);
        return text;
    }

    /// <summary>
    /// Waits until the window shows <paramref name="text"/>. The window's screen lives in another process and
    /// announces nothing, so this polls hardcopy (each poll is a real client round trip).
    /// </summary>
    public static async Task<string> WaitForWindowTextAsync(this MuxEnvironment env, string session, string text, TimeSpan? timeout = null, bool history = false)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await env.HardcopyAsync(session, history);
            if (last.Contains(text, StringComparison.Ordinal)) return last;
            await Task.Delay(Wait.PollInterval);
        }
        throw new TimeoutException($"window of {session} never showed '{text}'; it shows:\n{last}");
    }

    public static async Task<string> ListAsync(this MuxEnvironment env)
    {
        var r = await env.Run("-ls");
        return r.Stdout;
    }

    /// <summary>Starts a detached session and checks that it started.</summary>
    public static async Task StartDetachedAsync(this MuxEnvironment env, string name, params string[] command)
    {
        var r = await env.Run(["-dmS", name, .. command]);
        Assert.True(r.ExitCode == 0, $"-dmS {name} failed: {r}");
    }

    public static int ServerPid(this MuxEnvironment env, string name) =>
        env.SocketNames().Single(s => s.Name == name).Pid;
}
