using Mux.Vt100.Text;

namespace Mux.Vt100;

/// <summary>A command a shell ran, as its OSC 133 marks told: the command line (when the screen showed it) and its exit status.</summary>
public sealed record FinishedCommand(string? CommandLine, int ExitCode);

// OSC 133 (FinalTerm's shell integration): A prompt starts, B the command line starts, C the command runs,
// D;N it finished with status N. Only a D after a C is a command finished; the emulator holds a few for the server.
// The command line is C's own `cmdline_url=` (percent-encoded, as fish 4 sends it) or `cmdline=` (kitty's), else
// what the screen shows from B's column on the row above C.
public sealed partial class Terminal
{
    /// <summary>Finished commands held until taken; beyond this the oldest are dropped.</summary>
    public const int MaxPendingCommands = 8;

    private readonly DropOldestQueue<FinishedCommand> _finished = new(MaxPendingCommands);
    private int _commandColumn = -1;
    private string? _runningCommand;
    private bool _commandRunning;

    public bool HasFinishedCommands => _finished.Count > 0;

    public FinishedCommand[] TakeFinishedCommands() => _finished.TakeAll();

    /// <summary>Finished commands pushed out unread since the last call (more than <see cref="MaxPendingCommands"/> at once).</summary>
    public int TakeDroppedCommands() => _finished.TakeDropped();

    private void PromptMark(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty) return;
        switch (text[0])
        {
            case (byte)'A':
                _commandRunning = false;
                _commandColumn = -1;
                // Kept on the row (into history too, and through a reflow): copy mode jumps from prompt to prompt.
                _grid[_y].PromptStart = true;
                break;
            case (byte)'B':
                _commandColumn = _x;
                break;
            case (byte)'C':
                _commandRunning = true;
                _runningCommand = CommandLineParameter(text);
                // After Enter the cursor is on the line below the command line (or the screen scrolled it up there).
                if (_runningCommand is null && _commandColumn >= 0 && _y > 0)
                {
                    string row = GetRowText(_y - 1);
                    if (_commandColumn < row.Length) _runningCommand = row[_commandColumn..].Trim();
                }
                break;
            case (byte)'D':
                if (!_commandRunning) return;
                _commandRunning = false;
                int code = 0;
                if (text.Length > 2 && text[1] == (byte)';')
                    foreach (byte b in text[2..])
                    {
                        if (b is < (byte)'0' or > (byte)'9') break;
                        code = Math.Min(code * 10 + (b - '0'), 255);
                    }
                _finished.Enqueue(new FinishedCommand(_runningCommand, code));
                break;
        }
    }

    /// <summary>The longest command line kept from a C mark.</summary>
    public const int MaxCommandLine = 4096;

    /// <summary>C's <c>cmdline_url=</c> (percent-decoded) or <c>cmdline=</c> parameter; null when it has neither.</summary>
    private static string? CommandLineParameter(ReadOnlySpan<byte> text)
    {
        foreach (var range in text.Split((byte)';'))
        {
            var p = text[range];
            bool url = p.StartsWith("cmdline_url="u8);
            if (!url && !p.StartsWith("cmdline="u8)) continue;
            var value = p[(url ? "cmdline_url=".Length : "cmdline=".Length)..];
            string line = System.Text.Encoding.UTF8.GetString(value[..Math.Min(value.Length, MaxCommandLine * 3)]);
            if (url) line = Uri.UnescapeDataString(line);
            // A command line of several lines shows as one; nothing a program sent is passed on as a control.
            var clean = new System.Text.StringBuilder(Math.Min(line.Length, MaxCommandLine));
            foreach (char c in line)
            {
                if (clean.Length == MaxCommandLine) break;
                clean.Append(c is '\n' or '\t' ? ' ' : char.IsControl(c) ? '?' : c);
            }
            return clean.ToString().Trim();
        }
        return null;
    }
}
