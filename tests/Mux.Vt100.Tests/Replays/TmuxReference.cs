using System.Diagnostics;
using System.Text;

namespace Mux.Vt100.Tests.Replays;

/// <summary>What tmux shows after being fed a byte stream: visible rows, cursor and a few modes.</summary>
internal sealed record TmuxScreen(string[] Rows, string[] History, int CursorColumn, int CursorRow, IReadOnlyDictionary<string, string> Flags);

/// <summary>
/// Runs a private tmux server (its own socket file, no config, no status line), lets a pane print a file through a raw
/// tty, and reads the pane back. Completion is detected by a title set after the data, which tmux parses in order.
/// </summary>
internal sealed class TmuxReference : IDisposable
{
    /// <summary>tmux format flags read with the screen; the names are tmux's (mouse_all_flag is 1003, mouse_any_flag any tracking mode).</summary>
    public static readonly string[] FlagNames =
        ["alternate_on", "cursor_flag", "insert_flag", "keypad_cursor_flag", "keypad_flag", "wrap_flag", "origin_flag", "mouse_standard_flag", "mouse_button_flag", "mouse_all_flag", "mouse_any_flag", "mouse_sgr_flag"];

    // A socket path of our own (not -L, whose sockets tmux leaves behind in its shared folder) so Dispose removes it.
    private readonly string _socket = Path.Combine(Path.GetTempPath(), $"mux-replay-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private readonly string _tmux;

    private TmuxReference(string tmux) => _tmux = tmux;

    public static string? FindTmux() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "tmux")).FirstOrDefault(File.Exists);

    public static TmuxReference Start()
    {
        var tmux = FindTmux();
        Assert.True(tmux is not null, "tmux is not installed: the replay tests compare against tmux (CI installs it from Debian: apt-get install tmux)");
        return new TmuxReference(tmux!);
    }

    public TmuxScreen Show(byte[] data, int columns, int rows)
    {
        string marker = $"mux-done-{Guid.NewGuid():N}";
        string file = _socket + ".bin";
        // The marker title comes after the data, so once tmux shows it every byte before it has been parsed.
        File.WriteAllBytes(file, [.. data, .. Encoding.ASCII.GetBytes($"\x1b]2;{marker}\x1b\\")]);
        try
        {
            // A raw tty passes the bytes unchanged (no LF to CR LF translation, no echo of tmux's replies).
            Run("-f", "/dev/null", "new-session", "-d", "-s", "replay", "-x", columns.ToString(), "-y", rows.ToString(),
                $"stty raw -echo; cat '{file}'; exec sleep 1000", ";", "set-option", "-g", "status", "off");
            var deadline = Stopwatch.StartNew();
            while (Run("display-message", "-p", "-t", "replay", "#{pane_title}").Trim() != marker)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "tmux did not finish reading the replay within 20 s");
                Thread.Sleep(20); // polling interval, not a synchronisation guess: the loop waits for the marker
            }
            string size = Run("display-message", "-p", "-t", "replay", "#{pane_width}x#{pane_height}").Trim();
            Assert.True(size == $"{columns}x{rows}", $"tmux pane is {size}, wanted {columns}x{rows}");

            var captured = Run("capture-pane", "-p", "-e", "-t", "replay").Split('\n');
            var screenRows = Enumerable.Range(0, rows).Select(i => i < captured.Length ? PlainRow(captured[i]) : "").ToArray();
            var format = string.Join("\t", new[] { "#{cursor_x}", "#{cursor_y}" }.Concat(FlagNames.Select(f => $"#{{{f}}}")));
            var values = Run("display-message", "-p", "-t", "replay", format).TrimEnd('\n').Split('\t');
            var flags = FlagNames.Select((name, i) => (name, value: values[i + 2])).ToDictionary(p => p.name, p => p.value);
            int historySize = int.Parse(Run("display-message", "-p", "-t", "replay", "#{history_size}").Trim());
            var history = historySize == 0 ? [] : Run("capture-pane", "-p", "-e", "-t", "replay", "-S", $"-{historySize}", "-E", "-1")
                .TrimEnd('\n').Split('\n').Select(PlainRow).ToArray();
            // tmux leaves cursor_x one past the last column while a wrap is pending; our model keeps it on the last column.
            int x = Math.Min(int.Parse(values[0]), columns - 1);
            return new TmuxScreen(screenRows, history, x, int.Parse(values[1]), flags);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// A row of <c>capture-pane -e</c> as plain text: SGR sequences dropped; tmux marks line-drawing cells with SO/SI,
    /// and those are mapped to the Unicode glyphs our model stores (the alacritty/xterm mapping).
    /// </summary>
    internal static string PlainRow(string row)
    {
        var sb = new StringBuilder();
        bool graphics = false;
        for (int i = 0; i < row.Length; i++)
        {
            char c = row[i];
            if (c == '\x1b')
            {
                if (i + 1 < row.Length && row[i + 1] == '[')
                {
                    i += 2;
                    while (i < row.Length && !(row[i] >= '@' && row[i] <= '~')) i++;
                }
                else if (i + 1 < row.Length && row[i + 1] == ']')
                {
                    // OSC (hyperlinks in newer tmux): skip to BEL or ST.
                    i += 2;
                    while (i < row.Length && row[i] != '\a' && !(row[i] == '\\' && row[i - 1] == '\x1b')) i++;
                }
                else
                {
                    i++;
                }
                continue;
            }
            if (c == '\x0e') { graphics = true; continue; }
            if (c == '\x0f') { graphics = false; continue; }
            sb.Append(graphics ? DecGraphics(c) : c.ToString());
        }
        return sb.ToString().TrimEnd(' ');
    }

    private const string GraphicsGlyphs = " ◆▒␉␌␍␊°±␤␋┘┐┌└┼⎺⎻─⎼⎽├┤┴┬│≤≥π≠£·";

    private static string DecGraphics(char c) => c is >= '_' and <= '~' ? GraphicsGlyphs[c - '_'].ToString() : c.ToString();

    private string Run(params string[] args)
    {
        var psi = new ProcessStartInfo(_tmux)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add("-S");
        psi.ArgumentList.Add(_socket);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // tmux decides from the locale whether it may print UTF-8.
        psi.Environment["LANG"] = "C.UTF-8";
        psi.Environment["LC_ALL"] = "C.UTF-8";
        psi.Environment.Remove("TMUX");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"tmux {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }

    public void Dispose()
    {
        try
        {
            var psi = new ProcessStartInfo(_tmux) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-S", _socket, "kill-server" }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            p.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // tmux vanished; nothing of ours is left to stop.
        }
        File.Delete(_socket);
    }
}
