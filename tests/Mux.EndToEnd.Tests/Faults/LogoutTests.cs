using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Faults;

/// <summary>
/// Logout and systemd: a session on a system whose logind ends user processes at logout says so (with the fix), and
/// where the user's service manager can be reached the server starts in a scope of its own. logind.conf, the linger
/// directory and systemd-run are fakes (MUX_LOGIND_CONF, MUX_LINGER_DIR, a systemd-run on PATH).
/// </summary>
public class LogoutTests
{
    private static string User => Environment.UserName;

    private static void KillUserProcesses(MuxEnvironment env, bool dropIn = false)
    {
        string conf = env.Environment["MUX_LOGIND_CONF"];
        Directory.CreateDirectory(conf + ".d");
                // No user excluded (logind's default excludes root, which may be who runs the tests).
        File.WriteAllText(conf, "[Login]\n#KillUserProcesses=no\nKillExcludeUsers=\n" + (dropIn ? "" : "KillUserProcesses=yes\n"));
        if (dropIn) File.WriteAllText(Path.Combine(conf + ".d", "50-kill.conf"), "[Login]\nKillUserProcesses=yes\n");
    }

    [Fact]
    public async Task StartingASessionWhereLogoutKillsJobsSaysSoOnceWithTheFixAndAgainOnAttach()
    {
        using var env = new MuxEnvironment();
        KillUserProcesses(env, dropIn: true);
        var r = await env.Run("-dmS", "warned", "sleep", "1000");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Single(r.Stderr.Split('\n'), l => l.Contains("KillUserProcesses=yes"));
        Assert.Contains($"loginctl enable-linger {User}", r.Stderr);
        using var client = env.StartAttached(["-r", "warned"], 250, 24);
        await client.WaitForTextAsync("logging out will end this session");
    }

    [Fact]
    public async Task NoWarningWhenLingeringIsOnOrLogindKeepsProcesses()
    {
        using var env = new MuxEnvironment();
        var quiet = await env.Run("-dmS", "default", "sleep", "1000");
        Assert.True(quiet.ExitCode == 0 && quiet.Stderr.Length == 0, quiet.ToString());

        KillUserProcesses(env);
        Directory.CreateDirectory(env.Environment["MUX_LINGER_DIR"]);
        File.WriteAllText(Path.Combine(env.Environment["MUX_LINGER_DIR"], User), "");
        var lingering = await env.Run("-dmS", "linger", "sleep", "1000");
        Assert.True(lingering.ExitCode == 0 && lingering.Stderr.Length == 0, lingering.ToString());
    }

    /// <summary>A user runtime directory with the service manager's socket, and a systemd-run that records its arguments.</summary>
    private static string FakeSystemd(MuxEnvironment env, bool works)
    {
        string runtime = Path.Combine(env.Root, "runtime");
        Directory.CreateDirectory(Path.Combine(runtime, "systemd"));
        File.WriteAllText(Path.Combine(runtime, "systemd", "private"), "");
        string bin = Path.Combine(env.Root, "fakebin");
        Directory.CreateDirectory(bin);
        string record = Path.Combine(env.Root, "systemd-run.args");
        string script = Path.Combine(bin, "systemd-run");
        File.WriteAllText(script, $"#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{record}'\n" +
            (works ? "while [ \"$1\" != -- ]; do shift; done\nshift\nexec \"$@\"\n" : "echo 'Failed to connect to bus' >&2\nexit 1\n"));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        env.Environment["XDG_RUNTIME_DIR"] = runtime;
        env.Environment["PATH"] = bin + ":" + env.Environment["PATH"];
        return record;
    }

    [Fact]
    public async Task WithAUserServiceManagerTheServerStartsInAScopeOfItsOwn()
    {
        using var env = new MuxEnvironment();
        string record = FakeSystemd(env, works: true);
        await env.StartDetachedAsync("scoped", "sleep", "1000");
        var args = File.ReadAllLines(record);
        Assert.Equal(["--user", "--scope"], args[..2]);
        Assert.Contains("--", args);
        Assert.EndsWith("/mux-server", args[Array.IndexOf(args, "--") + 1]);
        // systemd-run became the server: the session answers under the pid it was spawned with.
        Assert.True((await env.Run("-S", "scoped", "-X", "echo", "hi")).ExitCode == 0);
        Assert.Contains("scoped", await env.ListAsync());
    }

    [Fact]
    public async Task WhenSystemdRunFailsTheSessionStillStartsAndTheUserIsTold()
    {
        using var env = new MuxEnvironment();
        string record = FakeSystemd(env, works: false);
        var r = await env.Run("-dmS", "unscoped", "sleep", "1000");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(File.Exists(record), "systemd-run was not tried");
        Assert.Contains("could not start the session in a scope of its own", r.Stderr);
        Assert.True((await env.Run("-S", "unscoped", "-X", "echo", "hi")).ExitCode == 0);
    }
}
