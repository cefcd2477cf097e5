using System.Globalization;
using System.Text;
using Mux.Vt100;
using Mux.Vt100.Rendering;

namespace Mux.Server.Status;

/// <summary>
/// One line of expanded status text (hardstatus, caption) kept in a one-row terminal, so the frame renderer draws
/// it as one more region, colours included, and sends it again only when it changes.
/// </summary>
public sealed class StatusBar
{
    private Terminal _line = new(1, 1, scrollbackLimit: 0);
    private StatusText? _shown;

    /// <summary>The line as a region at row <paramref name="top"/>, <paramref name="width"/> columns wide.</summary>
    public Region Show(StatusText text, int top, int width)
    {
        if (_line.Columns != width)
        {
            _line = new Terminal(width, 1, scrollbackLimit: 0);
            _shown = null;
        }
        if (_shown is null || _shown.Text != text.Text || !_shown.Runs.SequenceEqual(text.Runs))
        {
            _line.Feed(Encoding.UTF8.GetBytes(Sgr(text)));
            _shown = text;
        }
        return new Region(_line, top, 0, 1, width);
    }

    /// <summary>The text with an SGR before each run, from the left edge, the rest of the row cleared.</summary>
    private static string Sgr(StatusText text)
    {
        var sb = new StringBuilder("\e[0m\e[H\e[2K");
        foreach (var run in text.Runs)
        {
            var s = run.Style;
            sb.Append("\e[0");
            if (s.Attributes.HasFlag(StatusAttributes.Bold)) sb.Append(";1");
            if (s.Attributes.HasFlag(StatusAttributes.Dim)) sb.Append(";2");
            if (s.Attributes.HasFlag(StatusAttributes.Underline)) sb.Append(";4");
            if (s.Attributes.HasFlag(StatusAttributes.Blink)) sb.Append(";5");
            if (s.Attributes.HasFlag(StatusAttributes.Reverse) || s.Attributes.HasFlag(StatusAttributes.Standout)) sb.Append(";7");
            if (s.Foreground >= 0) sb.Append(CultureInfo.InvariantCulture, $";{(s.Foreground < 8 ? 30 + s.Foreground : 90 + s.Foreground - 8)}");
            if (s.Background >= 0) sb.Append(CultureInfo.InvariantCulture, $";{(s.Background < 8 ? 40 + s.Background : 100 + s.Background - 8)}");
            sb.Append('m');
            // Control characters in a title must not act on the line.
            foreach (char c in text.Text.AsSpan(run.Start, run.Length)) sb.Append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        // Without autowrap the last column is written in place instead of wrapping the line away.
        return "\e[?7l" + sb.Append("\e[0m").ToString();
    }
}
