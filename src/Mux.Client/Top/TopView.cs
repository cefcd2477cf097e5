using System.Runtime.InteropServices;
using System.Text;
using Mux.Client.Attach;
using Mux.Client.Cli;
using Mux.Platform.Native;

namespace Mux.Client.Top;

/// <summary>
/// <c>mux top</c>: every window of every session of the user with what it costs, redrawn each second on the
/// alternate screen until <c>q</c> or Ctrl+C. Each server is asked once a second with a short time limit, on
/// threads of their own, so one that does not answer shows as such and never holds up the keys or the others.
/// When stdout is not a terminal (or with <c>--once</c>) it prints one snapshot and ends.
/// </summary>
internal sealed class TopView
{
    /// <summary>How often the table is asked for and redrawn.</summary>
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    /// <summary>A server that has not answered in this time shows as not answering for this round.</summary>
    private static readonly TimeSpan AnswerLimit = TimeSpan.FromMilliseconds(700);

    private const string Keys = "q quit  c cpu  m memory  g gpu  n name";

    private readonly string _dir;
    private TopSort _sort = TopSort.Cpu;
    private List<TopRow> _rows = [];
    private volatile bool _stop, _resized;

    private TopView(string dir) => _dir = dir;

    public static async Task<int> RunAsync(string dir, bool once)
    {
        var view = new TopView(dir);
        if (once || !Tty.IsTerminal(1) || !Tty.IsTerminal(0))
        {
            var rows = TopTable.Sort(TopTable.Rows(await view.AskAsync().ConfigureAwait(false)), TopSort.Cpu);
            int width = Tty.TryGetSize(1, out int cols, out _) ? cols : int.MaxValue;
            foreach (var line in TopTable.Lines(rows, width, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())) StdIo.Out.WriteLine(line);
            return 0;
        }
        return view.Live();
    }

    private Task<List<SessionEntry>> AskAsync() =>
        SessionCatalog.ProbeAsync(SessionCatalog.Read(_dir), all: true, AnswerLimit);

    private int Live()
    {
        var signals = new List<PosixSignalRegistration>();
        using var guard = TerminalGuard.Take();
        try
        {
            signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, ctx => { ctx.Cancel = true; _resized = true; }));
            // One by one, not from an array: an array of an enum brings its interfaces, and with them enum formatting.
            Action<PosixSignalContext> stop = ctx => { ctx.Cancel = true; _stop = true; };
            signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, stop));
            signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, stop));
            signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT, stop));
            signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, stop));
            Task<List<SessionEntry>>? asking = AskAsync();
            var next = DateTime.UtcNow + Refresh;
            bool drawn = false;
            while (!_stop)
            {
                if (asking is { IsCompleted: true })
                {
                    _rows = TopTable.Rows(asking.Result);
                    asking = null;
                    Draw();
                    drawn = true;
                }
                if (_resized && drawn) { _resized = false; Draw(); }
                if (asking is null && DateTime.UtcNow >= next)
                {
                    asking = AskAsync();
                    next = DateTime.UtcNow + Refresh;
                }
                if (ReadKey(100) is not { } key) continue;
                switch (key)
                {
                    case (byte)'q' or (byte)'Q' or 0x03 or 0x04: _stop = true; break;
                    case (byte)'c' or (byte)'P': Resort(TopSort.Cpu, drawn); break;
                    case (byte)'m' or (byte)'M': Resort(TopSort.Memory, drawn); break;
                    case (byte)'g' or (byte)'G': Resort(TopSort.Gpu, drawn); break;
                    case (byte)'n' or (byte)'N': Resort(TopSort.Name, drawn); break;
                }
            }
            return 0;
        }
        finally
        {
            guard.Restore();
            foreach (var s in signals) s.Dispose();
        }
    }

    private void Resort(TopSort by, bool drawn)
    {
        _sort = by;
        if (drawn) Draw();
    }

    /// <summary>One key from stdin within <paramref name="milliseconds"/>; null when none came. A terminal that hung up stops top.</summary>
    private unsafe byte? ReadKey(int milliseconds)
    {
        var fd = new Libc.PollFd { Fd = 0, Events = Libc.POLLIN };
        int n = Libc.poll(&fd, 1, milliseconds);
        if (n <= 0) return null;
        if ((fd.Revents & (Libc.POLLHUP | Libc.POLLERR | Libc.POLLNVAL)) != 0 && (fd.Revents & Libc.POLLIN) == 0) { _stop = true; return null; }
        byte b;
        nint got = Libc.read(0, &b, 1);
        if (got <= 0) { _stop = true; return null; }
        return b;
    }

    private void Draw()
    {
        if (!Tty.TryGetSize(1, out int cols, out int rows)) (cols, rows) = (80, 24);
        var lines = TopTable.Lines(TopTable.Sort(_rows, _sort), cols, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        string title = $"mux top - {LocalTime.Now():HH:mm:ss}  {_rows.FindAll(r => r.Window?.Running == true).Count} running  sorted by {SortName(_sort)}  ({Keys})";
        var screen = new List<string> { (title.Length > cols ? title[..cols] : title) + "\e[K", "\e[7m" + lines[0].PadRight(cols) + "\e[0m" };
        for (int i = 1; i < lines.Count; i++) screen.Add(lines[i] + "\e[K");
        if (_rows.Count == 0) screen.Add("No sessions.\e[K");
        // No line feed after the last line the terminal has room for: it would scroll the header away.
        var sb = new StringBuilder("\e[?25l\e[H").AppendJoin("\r\n", screen.GetRange(0, Math.Min(screen.Count, Math.Max(1, rows)))).Append("\e[J");
        try
        {
            StdIo.OutStream.Write(Encoding.UTF8.GetBytes(sb.ToString()));
            StdIo.OutStream.Flush();
        }
        catch (IOException) { _stop = true; }
    }

    private static string SortName(TopSort s) => s switch
    {
        TopSort.Cpu => "CPU",
        TopSort.Memory => "memory",
        TopSort.Gpu => "GPU memory",
        _ => "name",
    };
}
