using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Mux.Vt100.Text;

namespace Mux.Server.Jobs;

/// <summary>
/// <c>on match REGEX COMMAND</c>: the pattern, and the lines it is tried on. Each window's output is read as a person
/// would (escape sequences resolved, a redrawn progress line taken once, as it finally looked) from the moment the
/// hook is set; every completed line, cut to <see cref="MaxLineLength"/> characters, is tried with a time limit.
/// A flood of matching lines runs the command at most once per <see cref="MinInterval"/> and never while the
/// previous run is still going: the lines left out are counted, told once per burst, and the next run's event says
/// how many there were. Used under the session lock.
/// </summary>
public sealed class MatchHook
{
    /// <summary>The longest part of a line the pattern is tried on: a megabyte-long line costs no more than this.</summary>
    public const int MaxLineLength = 1024;

    /// <summary>How long the pattern may take on one line before that line is given up on.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The shortest time between two runs of the command.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(10);

    private readonly ConditionalWeakTable<object, PlainTextRecorder> _lines = new();
    private DateTime _lastRunUtc = DateTime.MinValue;
    private Task? _running;
    private bool _dropTold;
    private bool _timeoutTold;

    private MatchHook(string pattern, Regex regex, string command)
    {
        Pattern = pattern;
        Regex = regex;
        Command = command;
    }

    public string Pattern { get; }

    public Regex Regex { get; }

    public string Command { get; }

    /// <summary>Matching lines left out since the last run.</summary>
    public int Dropped { get; private set; }

    /// <summary>Compiles <paramref name="pattern"/>; null with a plain-words <paramref name="error"/> when it is not a valid one.</summary>
    public static MatchHook? Create(string pattern, string command, out string error)
    {
        error = "";
        try
        {
            // Linear time whatever the pattern, where the pattern allows (no backreferences or lookarounds); else the
            // backtracking engine, kept in check by the time limit.
            Regex regex;
            try { regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, MatchTimeout); }
            catch (NotSupportedException) { regex = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout); }
            return new MatchHook(pattern, regex, command);
        }
        catch (RegexParseException x)
        {
            error = $"'{pattern}' is not a valid regular expression ({Describe(x.Error)} at character {x.Offset})";
            return null;
        }
        catch (ArgumentException)
        {
            error = $"'{pattern}' is not a valid regular expression";
            return null;
        }
    }

    /// <summary>"UnterminatedBracket" → "unterminated bracket": the parser's own reason, in words.</summary>
    private static string Describe(RegexParseError error)
    {
        string name = error.ToString();
        var sb = new System.Text.StringBuilder();
        foreach (char c in name)
        {
            if (char.IsUpper(c) && sb.Length > 0) sb.Append(' ');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>
    /// Reads a window's output (already fed to its screen). Returns the first completed line that matches and may run
    /// now, or null. <paramref name="report"/> hears of lines left out (once per burst) and of a pattern too slow.
    /// </summary>
    public string? Offer(object window, ReadOnlySpan<byte> data, DateTime nowUtc, Action<string> report)
    {
        var recorder = _lines.GetValue(window, static _ => new PlainTextRecorder());
        recorder.Feed(data);
        string text = recorder.TakeCompletedLines();
        if (text.Length == 0) return null;
        string? chosen = null;
        // The session lock is held: all the lines of one read together get the time one line may take.
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var whole in text.Split('\n'))
        {
            if (whole.Length == 0) continue;
            if (System.Diagnostics.Stopwatch.GetElapsedTime(start) > MatchTimeout)
            {
                if (!_timeoutTold) report($"'{Pattern}' took more than {MatchTimeout.TotalMilliseconds:0} ms on the lines of one read; the rest were skipped");
                _timeoutTold = true;
                break;
            }
            string line = whole.Length > MaxLineLength ? whole[..MaxLineLength] : whole;
            bool matches;
            try { matches = Regex.IsMatch(line); }
            catch (RegexMatchTimeoutException)
            {
                if (!_timeoutTold) report($"'{Pattern}' took more than {MatchTimeout.TotalMilliseconds:0} ms on a line; such lines are skipped");
                _timeoutTold = true;
                continue;
            }
            if (!matches) continue;
            if (chosen is null && MayRun(nowUtc))
            {
                chosen = line;
                continue;
            }
            Dropped++;
            if (!_dropTold)
                report($"a matching line did not run it (at most one run every {MinInterval.TotalSeconds:0} s, none while one runs): {Clip(line)}");
            _dropTold = true;
        }
        return chosen;
    }

    private bool MayRun(DateTime nowUtc) =>
        nowUtc - _lastRunUtc >= MinInterval && (_running is null || _running.IsCompleted);

    /// <summary>The command was started for a matching line (<paramref name="run"/> completes when it is done).</summary>
    public void Ran(Task? run, DateTime nowUtc)
    {
        _running = run;
        _lastRunUtc = nowUtc;
        Dropped = 0;
        _dropTold = false;
    }

    private static string Clip(string line) => line.Length > 80 ? line[..80] + "…" : line;
}
