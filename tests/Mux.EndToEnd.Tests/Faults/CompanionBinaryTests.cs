using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Faults;

/// <summary>
/// mux starts each session's server from <c>mux-server</c> installed beside it. A broken install (the server
/// missing) or the server run by hand is told in one plain line, and nothing is left behind.
/// </summary>
public class CompanionBinaryTests
{
    [Fact]
    public async Task MuxWithoutItsServerBesideItSaysSoInOneLineAndStartsNothing()
    {
        using var env = new MuxEnvironment();
        string lonely = Path.Combine(env.Root, "lonely");
        Directory.CreateDirectory(lonely);
        string mux = Path.Combine(lonely, "mux");
        File.Copy(MuxEnvironment.MuxBinary, mux);
        File.SetUnixFileMode(mux, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var r = await env.RunProgram(mux, ["-dmS", "job", "sleep", "1000"]);

        Assert.True(r.ExitCode != 0, r.ToString());
        string[] lines = r.Stderr.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, r.ToString());
        Assert.StartsWith("mux: mux-server is missing next to " + mux, lines[0]);
        Assert.Empty(Directory.GetFileSystemEntries(env.SocketDirectory));
        // Commands that need no server still work from that install.
        var ls = await env.RunProgram(mux, ["-ls"]);
        Assert.Contains("No Sockets found", ls.Stdout + ls.Stderr);
    }

    [Fact]
    public async Task TheServerRunByHandSaysWhatItIsAndExits()
    {
        using var env = new MuxEnvironment();
        string server = Path.Combine(Path.GetDirectoryName(MuxEnvironment.MuxBinary)!, "mux-server");

        var r = await env.RunProgram(server, []);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("mux-server: this is the session server that mux starts; run mux instead\n", r.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(env.SocketDirectory));
    }
}
