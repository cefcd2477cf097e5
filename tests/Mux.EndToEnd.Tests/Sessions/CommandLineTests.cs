using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Sessions;

/// <summary>screen's command line: finding sessions, and one clear line for every mistake.</summary>
public class CommandLineTests
{
    [Fact]
    public async Task HelpListsTheOptions()
    {
        using var env = new MuxEnvironment();
        var r = await env.Run("-h");
        Assert.Equal(0, r.ExitCode);
        foreach (var option in new[] { "-dmS", "-ls", "-wipe", "-r", "-d -r", "-R", "-x", "-X" }) Assert.Contains(option, r.Stdout);
    }

    [Theory]
    [InlineData(new[] { "-Y" }, "mux: unknown option '-Y' (mux -h lists the options)")]
    [InlineData(new[] { "--frobnicate" }, "mux: unknown option '--frobnicate'")]
    [InlineData(new[] { "-S" }, "mux: -S needs a session name")]
    [InlineData(new[] { "-S", "" }, "mux: a session name cannot be empty")]
    [InlineData(new[] { "-S", "a/b" }, "mux: a session name cannot contain '/'")]
    [InlineData(new[] { "-S", "x", "-X" }, "mux: -X needs a command, e.g. mux -S name -X quit")]
    [InlineData(new[] { "-S", "nosuch", "-X", "quit" }, "mux: No screen session found matching nosuch.")]
    [InlineData(new[] { "-r", "nosuch" }, "There is no screen to be resumed matching nosuch.")]
    public async Task BadInputIsOneLineAndANonZeroExit(string[] args, string message)
    {
        using var env = new MuxEnvironment();
        var r = await env.Run(args);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Equal(message + "\n", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stdout + r.Stderr);
    }

    [Fact]
    public async Task AVeryLongOrNonAsciiNameIsHandled()
    {
        using var env = new MuxEnvironment();
        var r = await env.Run("-dmS", new string('x', 200), "sleep", "1");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("mux: a session name can be at most 80 characters\n", r.Stderr);
        await env.StartDetachedAsync("données-训练", "sleep", "100");
        Assert.Contains(".données-训练\t", await env.ListAsync());
    }

    [Fact]
    public async Task AProgramThatCannotRunIsAClearError()
    {
        using var env = new MuxEnvironment();
        var r = await env.Run("-dmS", "bad", "/no/such/program");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("/no/such/program", r.Stderr);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        await Wait.UntilAsync(() => env.SocketNames().Count == 0, TimeSpan.FromSeconds(10), "no session left behind");
    }

    [Fact]
    public async Task UnknownRemoteCommandFails()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("x", "sleep", "100");
        var r = await env.Run("-S", "x", "-X", "frobnicate");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("mux: unknown command 'frobnicate'\n", r.Stderr);
        r = await env.Run("-S", "x", "-X", "width", "huge");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("mux: 'huge' is not a size from 1 to 1000\n", r.Stderr);
    }

    [Fact]
    public async Task ResumeFindsSessionsByNamePidOrBoth()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("alpha", "/bin/sh");
        await env.StartDetachedAsync("beta", "/bin/sh");
        int pid = env.ServerPid("alpha");

        var ambiguous = await env.Run("-r");
        Assert.Equal(1, ambiguous.ExitCode);
        Assert.Contains("There are several suitable screens on:", ambiguous.Stderr);
        Assert.Contains(".alpha", ambiguous.Stderr);
        Assert.Contains(".beta", ambiguous.Stderr);

        foreach (var target in new[] { "alpha", pid.ToString(), $"{pid}.alpha" })
        {
            using var client = env.StartAttached(["-r", target]);
            await client.WaitForTextAsync("[alpha] 0* sh");
            client.SendKeys("\u0001d");
            Assert.Equal(0, await client.WaitForExitAsync());
        }
    }

    [Fact]
    public async Task ResumeWithNoArgumentTakesTheOnlyDetachedSession()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("only", "/bin/sh");
        using var client = env.StartAttached(["-r"]);
        await client.WaitForTextAsync("[only] 0* sh");
    }

    [Fact]
    public async Task NothingToListExitsOne()
    {
        using var env = new MuxEnvironment();
        var r = await env.Run("-ls");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"No Sockets found in {env.SocketDirectory}.\n", r.Stdout);
    }
}
