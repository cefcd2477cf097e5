using System.Buffers;
using System.Text;
using Mux.Platform.Pty;
using Mux.Vt100;
using Mux.Vt100.Screen;

namespace Mux.EndToEnd.Tests.Support;

/// <summary>
/// A program running in a real PTY whose output feeds a <see cref="Terminal"/> of the same size, on a
/// background reader thread. Waits are event-driven: every chunk read wakes them. The Terminal is only
/// touched under a lock; use <see cref="Read{T}"/> for anything not offered here.
/// </summary>
public sealed class TerminalSession : IDisposable
{
    /// <summary>Default for every wait; generous because the test machines are small and shared.</summary>
    public static TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(10);

    private readonly IPtyConnection _pty;
    private readonly Terminal _terminal;
    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _raw = new();
    private readonly Thread _reader;
    private readonly TaskCompletionSource<ExitStatus> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _eof;
    private Exception? _readerError;

    private readonly bool _kittyKeys;

    internal TerminalSession(IPtyConnection pty, int cols, int rows, string description, IColorDefaults? colors = null, bool kittyKeys = false)
    {
        _pty = pty;
        _kittyKeys = kittyKeys;
        Description = description;
        _terminal = new Terminal(cols, rows);
        if (colors != null) _terminal.ColorDefaults = colors;
        _pty.ProcessExited += (_, e) => { _exit.TrySetResult(e.Status); Signal(); };
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "e2e-pty-reader" };
        _reader.Start();
    }

    /// <summary>The command line, for messages.</summary>
    public string Description { get; }

    public int Pid => _pty.Pid;

    public IPtyConnection Pty => _pty;

    /// <summary>Null while the program runs.</summary>
    public ExitStatus? Status => _pty.Status;

    /// <summary>The visible screen, one line per row, trailing blank rows dropped.</summary>
    public string ScreenText { get { lock (_gate) return Describe(_terminal); } }

    /// <summary>A copy of every byte the program wrote so far.</summary>
    public byte[] RawOutput { get { lock (_gate) return _raw.WrittenSpan.ToArray(); } }

    /// <summary>Everything written so far, decoded as UTF-8 (escape sequences included).</summary>
    public string RawText => Encoding.UTF8.GetString(RawOutput);

    /// <summary>Runs <paramref name="read"/> on the terminal under the lock.</summary>
    public T Read<T>(Func<Terminal, T> read) { lock (_gate) return read(_terminal); }

    public void SendKeys(string keys) => SendBytes(Encoding.UTF8.GetBytes(keys));

    public void SendBytes(ReadOnlySpan<byte> bytes) => _pty.WriterStream.Write(bytes);

    public Task WaitForTextAsync(string text, TimeSpan? timeout = null) =>
        WaitForAsync(t => Describe(t).Contains(text, StringComparison.Ordinal), timeout, $"'{text}' on the screen");

    /// <summary>Waits for a predicate over the terminal (evaluated under the lock after each chunk of output).</summary>
    public Task WaitForAsync(Func<Terminal, bool> predicate, TimeSpan? timeout = null, string? what = null) =>
        WaitCoreAsync(() => predicate(_terminal), timeout, what ?? "the screen condition");

    /// <summary>Waits for <paramref name="text"/> in the raw output (escape sequences included), e.g. restore sequences.</summary>
    public Task WaitForRawTextAsync(string text, TimeSpan? timeout = null) =>
        WaitCoreAsync(() => Encoding.UTF8.GetString(_raw.WrittenSpan).Contains(text, StringComparison.Ordinal),
            timeout, $"raw output containing '{Escape(text)}'");

    /// <summary>Waits for the program to end and its last output to be read; returns $? (code or 128+signal).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        try { await _exit.Task.WaitAsync(limit); }
        catch (TimeoutException) { throw new TimeoutException($"{Description}: did not exit within {limit.TotalSeconds:0.#} s; screen:\n{ScreenText}"); }
        // Drain what it wrote before dying. A grandchild still holding the tty would delay EOF: don't fail on that.
        try { await WaitCoreAsync(() => _eof, TimeSpan.FromSeconds(2), "end of output"); } catch (TimeoutException) { }
        return _exit.Task.Result.ShellCode;
    }

    public void Resize(int cols, int rows)
    {
        lock (_gate) _terminal.Resize(cols, rows);
        _pty.Resize(cols, rows);
    }

    /// <summary>Closes the master: the program's terminal hangs up and its session gets SIGHUP.</summary>
    public void HangUp() => _pty.Dispose();

    /// <summary>Sends a signal to the program's process group.</summary>
    public void Kill(int signal = 9) => _pty.Signal(signal);

    public void Dispose()
    {
        if (_pty.Status == null) _pty.Kill();
        _pty.Dispose();
        _reader.Join(TimeSpan.FromSeconds(5));
    }

    private async Task WaitCoreAsync(Func<bool> condition, TimeSpan? timeout, string what)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            Task changed;
            bool ended;
            lock (_gate)
            {
                if (condition()) return;
                changed = _changed.Task;
                ended = _eof && _exit.Task.IsCompleted;
            }
            var left = deadline - DateTime.UtcNow;
            if (ended || left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
            {
                string why = ended ? $"the program ended ({_exit.Task.Result}) without" : $"timed out after {limit.TotalSeconds:0.#} s waiting for";
                string error = _readerError != null ? $"\nreader error: {_readerError.Message}" : "";
                throw new TimeoutException($"{Description}: {why} {what}; screen:\n{ScreenText}{error}");
            }
        }
    }

    private void ReadLoop()
    {
        var buffer = new byte[64 * 1024];
        var replies = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                int n = _pty.ReaderStream.Read(buffer, 0, buffer.Length);
                if (n == 0) break;
                lock (_gate)
                {
                    _raw.Write(buffer.AsSpan(0, n));
                    _terminal.Feed(buffer.AsSpan(0, n));
                    if (_terminal.HasReplies) _terminal.TakeReplies(replies);
                }
                if (replies.WrittenCount > 0)
                {
                    // Answer the program's queries (DA, cursor position...) like a real terminal would.
                    // A terminal that knows no kitty keyboard protocol (xterm) leaves its query (CSI ? u) unanswered.
                    byte[] answer = _kittyKeys ? replies.WrittenSpan.ToArray() : WithoutKittyAnswers(replies.WrittenSpan);
                    try { _pty.WriterStream.Write(answer); }
                    catch (Exception e) when (e is IOException or ObjectDisposedException) { }
                    replies.Clear();
                }
                Signal();
            }
        }
        catch (Exception e) { _readerError = e; }
        lock (_gate) _eof = true;
        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource s;
        lock (_gate)
        {
            s = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        s.TrySetResult();
    }

    private static string Describe(Terminal t)
    {
        var lines = new List<string>(t.Rows);
        for (int r = 0; r < t.Rows; r++) lines.Add(t.GetRowText(r));
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return string.Join('\n', lines);
    }

    private static byte[] WithoutKittyAnswers(ReadOnlySpan<byte> replies) =>
        System.Text.Encoding.Latin1.GetBytes(System.Text.RegularExpressions.Regex.Replace(
            System.Text.Encoding.Latin1.GetString(replies), "\x1b\\[\\?[0-9]*u", ""));

    private static string Escape(string s) => s.Replace("\x1b", "\\e");
}
