using System.Globalization;
using System.Text;

namespace Mux.Server.Status;

/// <summary>screen's text attributes a <c>%{…}</c> sets: d dim, u underline, b bold, r reverse, s standout, B blink.</summary>
[Flags]
public enum StatusAttributes : byte
{
    None = 0,
    Dim = 1,
    Underline = 2,
    Bold = 4,
    Reverse = 8,
    Standout = 16,
    Blink = 32,
}

/// <summary>Colours and attributes of a stretch of status text; a colour is 0-15 (8-15 bright) or -1 for the default.</summary>
public readonly record struct StatusStyle(int Foreground, int Background, StatusAttributes Attributes)
{
    public static StatusStyle Default => new(-1, -1, StatusAttributes.None);
}

/// <summary>A stretch of the expanded text drawn in one style.</summary>
public readonly record struct StatusRun(int Start, int Length, StatusStyle Style);

/// <summary>The expanded text and its styles, runs in order and covering the whole text.</summary>
public sealed record StatusText(string Text, IReadOnlyList<StatusRun> Runs);

/// <summary>One window as the escapes see it; the costs are those of its running program's process tree.</summary>
/// <param name="CpuPercent">-1 when its program has ended.</param>
/// <param name="GpuBytes">-1 when no GPU use is known.</param>
public readonly record struct StatusWindow(int Number, string Title, string Flags, double CpuPercent = -1, long RssBytes = 0, long GpuBytes = -1);

/// <summary>What the escapes read: the session and the display's moment. Tests make one up.</summary>
public sealed record StatusState(string Session, string Host, DateTime Now, Func<string> Load,
    IReadOnlyList<StatusWindow> Windows, int? Current, int Width);

/// <summary>
/// Expands screen's string escapes (hardstatus, caption): <c>%n %t %w %-w %+w %W %f %H %h %S %c %C %a %A %s %d %m
/// %y %Y %D %M %l %u %%</c>, Mux's own <c>%U %R %G</c> (the current window's CPU %, resident memory and GPU memory:
/// letters screen leaves free), conditionals <c>%?…%:…%?</c>, padding <c>%=</c> and truncation <c>%&lt;</c>, and
/// colour changes <c>%{…}</c> (<c>%{= kw}</c>: attributes reset, white on black; <c>%{-}</c> back to the last).
/// An escape it does not know stays as typed, so a mistake shows where it is.
/// </summary>
public static class StatusFormat
{
    /// <summary>The escapes that show what a window costs: a string with one needs the costs sampled while it is shown.</summary>
    public static bool ShowsCost(string? format) => EscapeLetters(format).Any(c => c is 'U' or 'R' or 'G');

    /// <summary>The letter of each escape in <paramref name="format"/>, past its qualifiers (<c>%-Lw</c> is w; <c>%%</c> is %).</summary>
    private static IEnumerable<char> EscapeLetters(string? format)
    {
        if (format is null) yield break;
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%') continue;
            i++;
            while (i < format.Length && (format[i] is '-' or '+' or 'L' || char.IsAsciiDigit(format[i]))) i++;
            if (i < format.Length) yield return format[i];
        }
    }

    public static StatusText Expand(string format, StatusState state)
    {
        var e = new Expansion(state);
        e.Run(format);
        return e.Finish();
    }

    /// <summary>
    /// How often the text of <paramref name="format"/> changes with nothing else happening: a second for <c>%s</c>,
    /// five for the load (<c>%l</c>), a minute for the other clock and date escapes; null when it only changes with
    /// the session.
    /// </summary>
    public static TimeSpan? ClockPeriod(string? format)
    {
        TimeSpan? period = null;
        foreach (char letter in EscapeLetters(format))
        {
            TimeSpan? p = letter switch
            {
                's' => TimeSpan.FromSeconds(1),
                'l' => TimeSpan.FromSeconds(5),
                'c' or 'C' or 'a' or 'A' or 'd' or 'm' or 'y' or 'Y' or 'D' or 'M' => TimeSpan.FromMinutes(1),
                _ => null,
            };
            if (p is { } found && (period is null || found < period)) period = found;
        }
        return period;
    }

    private sealed class Expansion(StatusState state)
    {
        private readonly StringBuilder _text = new();
        private readonly List<StatusStyle> _styles = [];    // one per char of _text
        private readonly Stack<StatusStyle> _saved = new();
        private readonly Stack<Conditional> _conditionals = new();
        private readonly List<(int At, StatusStyle Style)> _pads = [];
        private StatusStyle _style = StatusStyle.Default;

        private sealed class Conditional(int start)
        {
            public int Start { get; } = start;
            public int Else { get; set; } = -1;
            public bool NonEmpty { get; set; }
        }

        private StatusWindow? Current => state.Current is int n ? state.Windows.FirstOrDefault(w => w.Number == n) : null;

        public void Run(string format)
        {
            for (int i = 0; i < format.Length; i++)
            {
                char c = format[i];
                if (c != '%' || i + 1 >= format.Length) { Append(c.ToString()); continue; }
                int start = i++;
                // Qualifiers: - or + (before/after the current window), a number, L (long form), 0 (absolute).
                char qualifier = '\0';
                while (i < format.Length && (format[i] is '-' or '+' or 'L' || char.IsAsciiDigit(format[i])))
                {
                    if (format[i] is '-' or '+') qualifier = format[i];
                    i++;
                }
                if (i >= format.Length) { Append(format[start..]); break; }
                char letter = format[i];
                if (letter == '{')
                {
                    int end = format.IndexOf('}', i);
                    if (end < 0) { Append(format[start..]); break; }
                    ChangeStyle(format[(i + 1)..end]);
                    i = end;
                    continue;
                }
                if (!Escape(letter, qualifier)) Append(format[start..(i + 1)]);
            }
        }

        /// <summary>Handles one escape; false when it is not one.</summary>
        private bool Escape(char letter, char qualifier)
        {
            var now = state.Now;
            var current = Current;
            string? value = letter switch
            {
                '%' => "%",
                'a' => now.Hour < 12 ? "am" : "pm",
                'A' => now.Hour < 12 ? "AM" : "PM",
                'c' => now.ToString("HH:mm", CultureInfo.InvariantCulture),
                'C' => now.ToString("hh:mm", CultureInfo.InvariantCulture),
                's' => now.ToString("ss", CultureInfo.InvariantCulture),
                'd' => now.ToString("dd", CultureInfo.InvariantCulture),
                'm' => now.ToString("MM", CultureInfo.InvariantCulture),
                'y' => now.ToString("yy", CultureInfo.InvariantCulture),
                'Y' => now.ToString("yyyy", CultureInfo.InvariantCulture),
                'D' => now.ToString("ddd", CultureInfo.InvariantCulture),
                'M' => now.ToString("MMM", CultureInfo.InvariantCulture),
                'H' => state.Host,
                'S' => state.Session,
                'l' => state.Load(),   // read only when a string asks for it
                'n' => current?.Number.ToString(CultureInfo.InvariantCulture) ?? "",
                't' => current?.Title ?? "",
                'f' => current?.Flags ?? "",
                'h' or 'u' or 'E' or 'P' => "",   // no window hardstatus, one user, no escape pending, no copy mode flag
                'F' => "",
                'U' => current is { CpuPercent: >= 0 } u ? u.CpuPercent.ToString("0", CultureInfo.InvariantCulture) + "%" : "",
                'R' => current is { CpuPercent: >= 0 } r ? Mux.Protocol.EndRecord.Size(r.RssBytes) : "",
                'G' => current is { CpuPercent: >= 0, GpuBytes: >= 0 } g ? Mux.Protocol.EndRecord.Size(g.GpuBytes) : "",
                'w' => Windows(qualifier, includeCurrent: true),
                'W' => Windows('\0', includeCurrent: false),
                _ => null,
            };
            if (value != null)
            {
                Append(value);
                // %F is true whenever drawn: the one display always has the focus.
                if ((value.Length > 0 || letter == 'F') && _conditionals.Count > 0) _conditionals.Peek().NonEmpty = true;
                return true;
            }
            switch (letter)
            {
                case '?':
                    // The first %? opens a part, the next one closes it: screen's parts do not nest.
                    if (_conditionals.Count > 0) Close();
                    else _conditionals.Push(new Conditional(_text.Length));
                    return true;
                case ':':
                    if (_conditionals.Count > 0) _conditionals.Peek().Else = _text.Length;
                    return true;
                case '=':
                    _pads.Add((_text.Length, _style));
                    return true;
                case '<' or '>':
                    return true;   // the line is cut at the display's width anyway
            }
            return false;
        }

        private void Close()
        {
            var c = _conditionals.Pop();
            int end = _text.Length;
            if (c.NonEmpty)
            {
                if (c.Else >= 0) Remove(c.Else, end);
            }
            else Remove(c.Start, c.Else >= 0 ? c.Else : end);
        }

        private void Remove(int from, int to)
        {
            _text.Remove(from, to - from);
            _styles.RemoveRange(from, to - from);
            _pads.RemoveAll(p => p.At > from && p.At < to);
            for (int i = 0; i < _pads.Count; i++)
                if (_pads[i].At >= to) _pads[i] = (_pads[i].At - (to - from), _pads[i].Style);
        }

        private string Windows(char qualifier, bool includeCurrent)
        {
            IEnumerable<StatusWindow> list = state.Windows;
            if (qualifier == '-') list = list.Where(w => state.Current is int n && w.Number < n);
            else if (qualifier == '+') list = list.Where(w => state.Current is int n && w.Number > n);
            else if (!includeCurrent) list = list.Where(w => w.Number != state.Current);
            string text = string.Join("  ", list.Select(w => $"{w.Number}{w.Flags} {w.Title}"));
            // screen leaves the gap to the current window in the list: "%-w%n %t%+w" reads as one list.
            return qualifier == '-' && text.Length > 0 ? text + "  " : qualifier == '+' && text.Length > 0 ? "  " + text : text;
        }

        /// <summary><c>%{…}</c>: an attribute change (<c>+b</c>, <c>-u</c>, <c>= </c>), then background and foreground letters.</summary>
        private void ChangeStyle(string spec)
        {
            spec = spec.Trim();
            if (spec == "-")
            {
                _style = _saved.Count > 0 ? _saved.Pop() : StatusStyle.Default;
                return;
            }
            _saved.Push(_style);
            var style = _style;
            int i = 0;
            if (i < spec.Length && spec[i] is '+' or '-' or '!' or '=')
            {
                char op = spec[i++];
                var attrs = StatusAttributes.None;
                while (i < spec.Length && spec[i] != ' ' && AttributeOf(spec[i]) is { } a) { attrs |= a; i++; }
                style = style with
                {
                    Attributes = op switch
                    {
                        '+' => style.Attributes | attrs,
                        '-' => style.Attributes & ~attrs,
                        '!' => style.Attributes ^ attrs,
                        _ => attrs,
                    },
                };
                if (op == '=') style = style with { Foreground = -1, Background = -1 };
            }
            string colours = spec[i..].Trim();
            // One letter sets the foreground; two are background then foreground ("= yd": default on yellow).
            if (colours.Length == 1 && ColourOf(colours[0]) is { } fg) style = style with { Foreground = fg };
            else if (colours.Length >= 2)
            {
                if (ColourOf(colours[0]) is { } bg) style = style with { Background = bg };
                if (ColourOf(colours[1]) is { } fg2) style = style with { Foreground = fg2 };
            }
            _style = style;
        }

        private static StatusAttributes? AttributeOf(char c) => c switch
        {
            'd' => StatusAttributes.Dim,
            'u' => StatusAttributes.Underline,
            'b' => StatusAttributes.Bold,
            'r' => StatusAttributes.Reverse,
            's' => StatusAttributes.Standout,
            'B' => StatusAttributes.Blink,
            _ => null,
        };

        /// <summary>k r g y b m c w (upper case: bright), d the default; null for anything else.</summary>
        private static int? ColourOf(char c)
        {
            int i = "krgybmcw".IndexOf(char.ToLowerInvariant(c));
            if (c is 'd' or 'D') return -1;
            if (i < 0) return null;
            return char.IsUpper(c) ? i + 8 : i;
        }

        private void Append(string s)
        {
            _text.Append(s);
            for (int i = 0; i < s.Length; i++) _styles.Add(_style);
        }

        public StatusText Finish()
        {
            while (_conditionals.Count > 0) Close();
            // %= spreads the free width over its places, like TeX's hfill; too long a line is cut.
            int free = state.Width - _text.Length;
            if (free > 0 && _pads.Count > 0)
            {
                for (int p = _pads.Count - 1; p >= 0; p--)
                {
                    int n = free / _pads.Count + (p < free % _pads.Count ? 1 : 0);
                    _text.Insert(_pads[p].At, new string(' ', n));
                    _styles.InsertRange(_pads[p].At, Enumerable.Repeat(_pads[p].Style, n));
                }
            }
            if (_text.Length > state.Width)
            {
                _text.Length = Math.Max(0, state.Width);
                _styles.RemoveRange(_text.Length, _styles.Count - _text.Length);
            }
            var runs = new List<StatusRun>();
            for (int i = 0; i < _styles.Count;)
            {
                int j = i;
                while (j < _styles.Count && _styles[j] == _styles[i]) j++;
                runs.Add(new StatusRun(i, j - i, _styles[i]));
                i = j;
            }
            return new StatusText(_text.ToString(), runs);
        }
    }
}
