using System.Text;
using Mux.Platform.Pty;

namespace Mux.Server.Tests.Pty;

/// <summary>Collects a PTY's output on a dedicated thread and lets tests await text in it.</summary>
internal sealed class PtyOutput : IDisposable
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private bool _eof;

    public PtyOutput(IPtyConnection pty)
    {
        Pty = pty;
        _thread = new Thread(() =>
        {
            var buf = new byte[4096];
            var decoder = Encoding.UTF8.GetDecoder();
            var chars = new char[8192];
            while (true)
            {
                int n = pty.ReaderStream.Read(buf, 0, buf.Length);
                TaskCompletionSource signal;
                lock (_gate)
                {
                    if (n > 0)
                    {
                        int c = decoder.GetChars(buf, 0, n, chars, 0);
                        _text.Append(chars, 0, c);
                    }
                    else _eof = true;
                    signal = _changed;
                    _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                signal.TrySetResult();
                if (n == 0) return;
            }
        }) { IsBackground = true, Name = "pty-test-reader" };
        _thread.Start();
    }

    public IPtyConnection Pty { get; }

    public string Text { get { lock (_gate) return _text.ToString(); } }

    public async Task<string> WaitForAsync(string needle, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                string t = _text.ToString();
                if (t.Contains(needle, StringComparison.Ordinal)) return t;
                if (_eof) throw new Xunit.Sdk.XunitException($"EOF before '{needle}'; output: '{t}'");
                changed = _changed.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
                throw new Xunit.Sdk.XunitException($"timed out waiting for '{needle}'; output: '{Text}'");
        }
    }

    public async Task<string> WaitForEofAsync(int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_eof) return _text.ToString();
                changed = _changed.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
                throw new Xunit.Sdk.XunitException($"timed out waiting for EOF; output: '{Text}'");
        }
    }

    public void Dispose()
    {
        Pty.Kill();
        Pty.Dispose();
        _thread.Join(5000);
    }
}

internal static class PtyTestExtensions
{
    public static PtyOptions Sh(string script, int cols = 80, int rows = 24) => new()
    {
        App = "/bin/sh",
        CommandLine = ["-c", script],
        Cols = cols,
        Rows = rows,
        Cwd = "/",
        Environment = new Dictionary<string, string> { ["PATH"] = "/usr/local/bin:/usr/bin:/bin", ["TERM"] = "xterm" },
    };

    public static Task<ExitStatus> ExitedAsync(this IPtyConnection pty)
    {
        var tcs = new TaskCompletionSource<ExitStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        pty.ProcessExited += (_, e) => tcs.TrySetResult(e.Status);
        return tcs.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
