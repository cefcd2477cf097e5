using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Mux.EndToEnd.Tests.Support;

namespace Mux.EndToEnd.Tests.Jobs;

/// <summary>Jobs you don't have to watch: hooks told when a job ends, what each job costs, and how it ended.</summary>
public class JobHookTests
{
    /// <summary>A hook that keeps its standard input and its MUX_* variables in files under HOME.</summary>
    internal static string FileListener(MuxEnvironment env, string name = "listener.sh")
    {
        string path = Path.Combine(env.Home, name);
        File.WriteAllText(path, """
            #!/bin/sh
            cat > "$HOME/event.tmp"
            printf '%s|%s|%s|%s\n' "$MUX_EVENT" "$MUX_EXIT" "$MUX_SESSION" "$MUX_SIGNAL" >> "$HOME/env.txt"
            mv "$HOME/event.tmp" "$HOME/event.json"
            """);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_000_000);
        return path;
    }

    internal static async Task<JsonElement> ReceivedEventAsync(MuxEnvironment env, TimeSpan within)
    {
        string file = Path.Combine(env.Home, "event.json");
        await Wait.UntilAsync(() => File.Exists(file), within, "the hook's event file");
        return JsonDocument.Parse(File.ReadAllText(file)).RootElement;
    }

    [Fact]
    public async Task AnExitHookGetsTheJobsEndAsJsonWithinOneSecond()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("three", "sh", "-c", "read x; echo last words; exit 3");
        var set = await env.Run("-S", "three", "-X", "on", "exit", FileListener(env));
        Assert.True(set.ExitCode == 0, set.ToString());

        await env.Run("-S", "three", "-X", "stuff", "\\n");
        var clock = Stopwatch.StartNew();
        var e = await ReceivedEventAsync(env, TimeSpan.FromSeconds(10));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the hook ran {clock.Elapsed.TotalMilliseconds:0} ms after the job ended");

        Assert.Equal("exit", e.GetProperty("event").GetString());
        Assert.Equal("three", e.GetProperty("session").GetString());
        Assert.Equal(0, e.GetProperty("window").GetInt32());
        Assert.Equal(3, e.GetProperty("exitCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, e.GetProperty("signal").ValueKind);
        Assert.Contains("exit 3", e.GetProperty("command").GetString());
        Assert.True(e.GetProperty("pid").GetInt32() > 0);
        Assert.Contains("last words\n", e.GetProperty("lastLines").GetString());
        Assert.True(e.GetProperty("runtimeSeconds").GetDouble() > 0);
        Assert.True(e.GetProperty("peakRssBytes").GetInt64() > 0, "the kernel's count of the job's peak memory is missing");
        Assert.True(DateTimeOffset.Parse(e.GetProperty("ended").GetString()!) >= DateTimeOffset.Parse(e.GetProperty("started").GetString()!));
        Assert.StartsWith("three: exited 3 after ", e.GetProperty("summary").GetString());
        Assert.Equal("exit|3|three|", File.ReadAllText(Path.Combine(env.Home, "env.txt")).Trim());
    }

    [Fact]
    public async Task NotifyPostsTheEndToAnHttpListenerWithCurl()
    {
        using var env = new MuxEnvironment();
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var http = new HttpListener();
        http.Prefixes.Add($"http://127.0.0.1:{port}/");
        http.Start();
        var received = http.GetContextAsync();

        var r = await env.Run("-dmS", "train", "--notify", $"curl -sS --fail --data-binary @- http://127.0.0.1:{port}/done",
            "sh", "-c", "echo epoch 10 loss 0.01");
        Assert.True(r.ExitCode == 0, r.ToString());

        var context = await received.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("POST", context.Request.HttpMethod);
        Assert.Equal("/done", context.Request.Url!.AbsolutePath);
        string body = await new StreamReader(context.Request.InputStream).ReadToEndAsync();
        context.Response.StatusCode = 200;
        context.Response.Close();
        var e = JsonDocument.Parse(body).RootElement;
        Assert.Equal("exit", e.GetProperty("event").GetString());
        Assert.Equal("train", e.GetProperty("session").GetString());
        Assert.Equal(0, e.GetProperty("exitCode").GetInt32());
        Assert.Contains("epoch 10 loss 0.01", e.GetProperty("lastLines").GetString());
    }

    [Fact]
    public async Task NotifyWithoutACommandIsAPlainUsageError()
    {
        using var env = new MuxEnvironment();
        var r = await env.Run("-dmS", "x", "--notify", " ", "true");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--notify needs a shell command", r.Stderr);
        Assert.Empty(env.SocketNames());
    }

    [Fact]
    public async Task AFakeNvidiaSmiOnThePathIsReadIntoTheJsonListing()
    {
        using var env = new MuxEnvironment();
        string bin = Path.Combine(env.Root, "fakebin");
        Directory.CreateDirectory(bin);
        string smi = Path.Combine(bin, "nvidia-smi");
        File.WriteAllText(smi, """
            #!/bin/sh
            pid=$(cat "$HOME/pid")
            case "$1" in
              --query-compute-apps=*) echo "$pid, 1234"; echo "999999, 50" ;;
              pmon) echo "# gpu         pid   type     sm    mem    enc    dec   command"
                    echo "# Idx           #    C/G      %      %      %      %   name"
                    echo "    0      $pid      C     87     40      -      -   python" ;;
            esac
            """);
        File.SetUnixFileMode(smi, (UnixFileMode)0b111_000_000);
        var path = new Dictionary<string, string?> { ["PATH"] = bin + ":" + env.Environment["PATH"] };
        var r = await env.RunWithEnvironment(path, "-dmS", "gpu", "sh", "-c", "echo $$ > pid; exec sleep 1000");
        Assert.True(r.ExitCode == 0, r.ToString());
        string pidFile = Path.Combine(env.Home, "pid");
        await Wait.UntilAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), TimeSpan.FromSeconds(10), "job pid");

        var window = await FirstWindowAsync(env);
        Assert.Equal(1234L * 1024 * 1024, window.GetProperty("gpuMemoryBytes").GetInt64());
        Assert.Equal(87, window.GetProperty("gpuPercent").GetInt32());
        Assert.Equal(1234L * 1024 * 1024, window.GetProperty("peakGpuMemoryBytes").GetInt64());
        var verbose = await env.Run("-ls", "-v");
        Assert.Contains("gpu 1.2 GiB 87% (peak 1.2 GiB)", verbose.Stdout);
    }

    [Fact]
    public async Task WithoutNvidiaSmiNoGpuFiguresAreShownAndNoError()
    {
        using var env = new MuxEnvironment();
        var path = new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin" };
        var r = await env.RunWithEnvironment(path, "-dmS", "cpu", "sleep", "1000");
        Assert.True(r.ExitCode == 0, r.ToString());
        var window = await FirstWindowAsync(env);
        Assert.False(window.TryGetProperty("gpuMemoryBytes", out _));
        Assert.True(window.GetProperty("rssBytes").GetInt64() > 0);
        var verbose = await env.Run("-ls", "-v");
        Assert.Equal(0, verbose.ExitCode);
        Assert.Contains("cpu 0.0s (0%)  rss ", verbose.Stdout);
        Assert.DoesNotContain("gpu", verbose.Stdout);
    }

    [Fact]
    public async Task PeakMemoryOfAJobThatAllocated200MbAndFreedItIsAtLeast200Mb()
    {
        const string python = "/usr/bin/python3";
        Assert.True(File.Exists(python), "this test needs /usr/bin/python3");
        using var env = new MuxEnvironment();
        // bytes * n writes every page; freed before the message, so only a peak can show it.
        await env.StartDetachedAsync("alloc", "sh", "-c",
            $"{python} -c \"import time; b = b'x' * (200 * 1024 * 1024); del b; print('freed', flush=True); time.sleep(1000)\"");
        await env.WaitForWindowTextAsync("alloc", "freed");
        var window = await FirstWindowAsync(env);
        long peak = window.GetProperty("peakRssBytes").GetInt64();
        long now = window.GetProperty("rssBytes").GetInt64();
        Assert.True(peak >= 200L * 1024 * 1024, $"peak RSS {peak} bytes");
        Assert.True(now < 100L * 1024 * 1024, $"current RSS {now} bytes: the memory was not freed, so this proves nothing");
    }

    [Fact]
    public async Task CpuTimeOfTheWholeProcessTreeIsCounted()
    {
        using var env = new MuxEnvironment();
        // The busy loop runs in a child of the window's shell.
        await env.StartDetachedAsync("busy", "sh", "-c", "(i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; echo spun) ; sleep 1000");
        await env.WaitForWindowTextAsync("busy", "spun", TimeSpan.FromSeconds(30));
        var window = await FirstWindowAsync(env);
        Assert.True(window.GetProperty("cpuSeconds").GetDouble() >= 0.1, window.ToString());
    }

    [Fact]
    public async Task WaitPrintsTheEndRecordOnStderrAndKeepsTheStatus()
    {
        using var env = new MuxEnvironment();
        await env.StartDetachedAsync("train", "sh", "-c", "echo working; exit 1");
        var r = await env.Run("wait", "train");
        Assert.Equal(1, r.ExitCode);
        Assert.Matches(@"^train: exited 1 after \d+\.\ds, peak RSS \d+(\.\d)? (KiB|MiB)\n$", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    internal static async Task<JsonElement> FirstWindowAsync(MuxEnvironment env)
    {
        var ls = await env.Run("-ls", "--json");
        Assert.True(ls.ExitCode == 0, ls.ToString());
        return JsonDocument.Parse(ls.Stdout).RootElement.GetProperty("sessions")[0].GetProperty("windows")[0];
    }
}
