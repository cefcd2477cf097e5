using System.Net.Sockets;
using System.Text.RegularExpressions;
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

    [Fact]
    public async Task TerminalQueriesFromAProgramThatNeverReadsAreDroppedAndCountedNotQueued()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("ask", "sleep", "1000");
        using var watcher = env.StartAttached(["-x", "ask"], 120, 24);
        await watcher.WaitForTextAsync("[ask] 0* sleep");
        int server = env.ServerPid("ask");
        long rssBefore = RssKb(server);

        // Five million device-attribute queries (ESC [ c) from a program whose terminal is raw (no echo) and that
        // never reads its input: every reply beyond what the terminal's input buffer holds has nowhere to go.
        string script = Path.Combine(env.Home, "ask.sh");
        await File.WriteAllTextAsync(script,
            "stty raw -echo\nyes \"$(printf '\\033[c')\" | head -c 20000000\necho flood-done\nexec sleep 1000\n");
        // The user is told, with the count (the message may come and go before the flood ends).
        var told = watcher.WaitForAsync(t => Regex.IsMatch(string.Join('\n', Enumerable.Range(0, t.Rows).Select(t.GetRowText)),
            @"Window 1 \(sh\) is not reading its input: dropped \d+ bytes of terminal replies"), TimeSpan.FromSeconds(30), "the dropped replies told");
        var r = await env.Run("-S", "ask", "-X", "screen", "sh", script);
        Assert.True(r.ExitCode == 0, r.ToString());
        await watcher.WaitForTextAsync("flood-done", TimeSpan.FromSeconds(30));
        await told;

        // What waits for the program is bounded (a megabyte), and the flood's working memory is given back once it is over.
        await Wait.UntilAsync(() => RssKb(server) - rssBefore < 12 * 1024, TimeSpan.FromSeconds(10),
            $"server memory back near where it was ({rssBefore} KB before the flood)");

        await env.Run("-S", "ask", "-X", "select", "0");
        await env.Run("-S", "ask", "-X", "stuff", "still typing");
        Assert.True((await env.Run("-S", "ask", "-X", "echo", "alive")).ExitCode == 0);
    }
}
