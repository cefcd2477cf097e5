using System.Net.Sockets;
using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Faults;

/// <summary>
/// The session server under faults it cannot prevent: running out of descriptors, hostile or idle peers on its
/// socket, programs that flood it with terminal queries. Each must cost at most what it touched, and the
/// session must stay reachable.
/// </summary>
public class ServerFaultTests
{
    private static long RssKb(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

    private static int OpenFds(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;

    private static int Threads(int pid) => Directory.GetDirectories($"/proc/{pid}/task").Length;

    [Fact]
    public async Task ASessionOutOfDescriptorsAcceptsAgainOnceSomeAreClosed()
    {
        using var env = new MuxEnvironment();
        // The server inherits the limit from the client that starts it.
        var start = await env.RunProgram("/bin/sh", ["-c", $"ulimit -n 64 && exec '{MuxEnvironment.MuxBinary}' -dmS fds sleep 1000"]);
        Assert.True(start.ExitCode == 0, start.ToString());
        using var watcher = env.StartAttached(["-x", "fds"], 100, 24);
        await watcher.WaitForTextAsync("[fds] 0* sleep");

        var idle = new List<Socket>();
        try
        {
            // More connections than the server has descriptors left: accept(2) fails with EMFILE.
            for (int i = 0; i < 80; i++)
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                idle.Add(s);
                try { s.Connect(new UnixDomainSocketEndPoint(Directory.GetFileSystemEntries(env.SocketDirectory).Single())); }
                catch (SocketException) { break; }   // the listen backlog is full too
            }
            // The user is told why clients cannot connect.
            await watcher.WaitForTextAsync("Out of file descriptors");
        }
        finally
        {
            foreach (var s in idle) s.Dispose();
        }

        var r = await env.Run("-S", "fds", "-X", "echo", "reachable");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("(Attached)", await env.ListAsync());
    }
}
