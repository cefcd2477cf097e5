using System.Text;
using Mux.Vt100.Tests.Support;

namespace Mux.Vt100.Tests.Conformance;

/// <summary>
/// libvterm's scripted vectors (shared/vt-conformance/libvterm/*.test), read in place: one case per portable
/// screen-level assertion. Each case replays its file's commands up to the assertion on a fresh terminal.
/// </summary>
public class LibvtermVectorTests
{
    private const string Missing = "<conformance data missing>";

    // libvterm's INIT makes a terminal of 25 rows by 80 columns.
    private const int InitRows = 25, InitColumns = 80;

    private static string? Root => TestPaths.ConformanceRoot is { } r ? Path.Combine(r, "libvterm") : null;

    public static TheoryData<string, int> Assertions()
    {
        var data = new TheoryData<string, int>();
        var root = Root;
        if (root is null || !Directory.Exists(root))
        {
            data.Add(Missing, 0);
            return data;
        }
        foreach (var file in Directory.GetFiles(root, "*.test").Order(StringComparer.Ordinal))
        {
            foreach (var step in LibvtermScript.Parse(file).Where(s => s.IsAssertion).DistinctBy(s => s.Line))
                data.Add(Path.GetFileName(file), step.Line);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Assertions))]
    public void Vector(string file, int line)
    {
        Assert.False(file == Missing, TestPaths.MissingConformanceMessage);
        var steps = LibvtermScript.Parse(Path.Combine(Root!, file));
        var terminal = new Terminal(InitColumns, InitRows);
        var pushed = new StringBuilder();
        var colours = new LibvtermColours();
        bool scrollbackCallbacks = false; // WANTSCREEN b: the harness answers sb_popline

        foreach (var step in steps)
        {
            if (step.Line == line && step.IsAssertion)
            {
                string context = $"{file}:{line} [{step.Title}] {step.Verb} {step.Argument}\nafter pushing: {pushed}\n";
                if (KnownDifferences.Libvterm.TryGetValue((file, line), out var known))
                {
                    // A reviewed, deliberate difference: we must produce exactly our recorded value, and libvterm's
                    // expectation must still fail (otherwise the entry is stale).
                    int eq = step.Argument.IndexOf('=');
                    var ours = step with { Argument = $"{step.Argument[..eq].Trim()} = {known.Ours}" };
                    Check(terminal, ours, colours, $"known difference ({known.Reason})\n{context}");
                    bool matchesLibvterm = true;
                    try { Check(terminal, step, colours, context); }
                    catch (Xunit.Sdk.XunitException) { matchesLibvterm = false; }
                    Assert.False(matchesLibvterm, $"{context}now matches libvterm: remove the entry from KnownDifferences");
                    return;
                }
                Check(terminal, step, colours, context);
                return;
            }
            if (step.Line > line) break;
            // UTF8 is not acted on: our terminal always decodes UTF-8, and the only file pushing 8-bit bytes with
            // UTF-8 off (02parser) has no portable assertion. Other commands attach libvterm layers or simulate input.
            switch (step.Verb)
            {
                case "INIT":
                    terminal = new Terminal(InitColumns, InitRows);
                    colours = new LibvtermColours();
                    scrollbackCallbacks = false;
                    pushed.Clear();
                    break;
                case "WANTSCREEN":
                    {
                        bool on = true;
                        foreach (char f in step.Argument)
                        {
                            if (f == '-') on = false;
                            else if (f == 'b') scrollbackCallbacks = on;
                        }
                        break;
                    }
                case "RESET":
                    // libvterm's hard reset keeps the size; a fresh terminal of that size is the same state.
                    terminal = new Terminal(terminal.Columns, terminal.Rows);
                    pushed.Append("<RESET>");
                    break;
                case "RESIZE":
                    {
                        var n = LibvtermScript.Numbers(step.Argument);
                        if (n[0] > terminal.Rows)
                        {
                            // Growing pulls lines back from the scrollback. libvterm's scrollback is its harness: with
                            // WANTSCREEN b every popped line is "ABCDE", without it there is none. Give ours the same
                            // content so the pull-back itself is what gets tested.
                            terminal.ReplaceScrollback(Enumerable.Repeat("ABCDE", scrollbackCallbacks ? n[0] : 0));
                        }
                        terminal.Resize(n[1], n[0]);
                        pushed.Append($"<RESIZE {n[0]},{n[1]}>");
                        break;
                    }
                case "PUSH":
                    {
                        var bytes = LibvtermScript.PerlBytes(step.Argument);
                        terminal.Feed(bytes);
                        pushed.Append(EscapedText.Show(bytes));
                        break;
                    }
                case "SETDEFAULTCOL":
                    {
                        // Changes only how libvterm's harness prints default colours, not the terminal state.
                        var rgb = step.Argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        colours.DefaultForeground = rgb[0];
                        if (rgb.Length > 1) colours.DefaultBackground = rgb[1];
                        break;
                    }
            }
        }
        Assert.Fail($"assertion at {file}:{line} not found");
    }

    private static void Check(Terminal t, LibvtermStep step, LibvtermColours colours, string context)
    {
        int eq = step.Argument.IndexOf('=');
        string left = eq < 0 ? step.Argument.Trim() : step.Argument[..eq].Trim();
        string right = eq < 0 ? "" : step.Argument[(eq + 1)..].Trim();
        switch (step.Verb)
        {
            case "?cursor":
                {
                    var rc = LibvtermScript.Numbers(right);
                    Assert.True((rc[0], rc[1]) == (t.CursorRow, t.CursorColumn),
                        $"{context}expected cursor row,col = {rc[0]},{rc[1]}, actual {t.CursorRow},{t.CursorColumn}\n{Dump(t)}");
                    break;
                }
            case "?screen_row":
                {
                    int row = int.Parse(left, System.Globalization.CultureInfo.InvariantCulture);
                    string expected = TrimRows(LibvtermScript.ExpectedText(right));
                    string actual = row < t.Rows ? t.GetRowText(row) : "<row out of range>";
                    Assert.True(expected == actual, $"{context}row {row}: expected |{expected}| actual |{actual}|\n{Dump(t)}");
                    break;
                }
            case "?screen_chars":
                {
                    string expected = TrimRows(LibvtermScript.ExpectedText(right));
                    string actual = Rectangle(t, left);
                    Assert.True(expected == actual, $"{context}expected |{expected}| actual |{actual}|\n{Dump(t)}");
                    break;
                }
            case "?screen_text":
                {
                    var expected = Encoding.UTF8.GetBytes(TrimRows(Encoding.UTF8.GetString(LibvtermScript.ExpectedBytes(right))));
                    var actual = Encoding.UTF8.GetBytes(Rectangle(t, left));
                    Assert.True(expected.SequenceEqual(actual),
                        $"{context}expected bytes {EscapedText.Show(expected)} actual {EscapedText.Show(actual)}\n{Dump(t)}");
                    break;
                }
            case "?screen_cell":
                LibvtermCell.Check(t, left, right, colours, context + Dump(t));
                break;
            case "?lineinfo":
                {
                    // libvterm marks row N as a continuation of row N-1; our model marks row N-1 as wrapped.
                    // Double-width/height line flags (dwl, dhl) are not part of our model and cannot match.
                    int row = int.Parse(left, System.Globalization.CultureInfo.InvariantCulture);
                    string actual = t.IsRowWrapped(row - 1) ? "cont" : "";
                    Assert.True(right == actual, $"{context}lineinfo {row}: expected |{right}| actual |{actual}|\n{Dump(t)}");
                    break;
                }
            default:
                Assert.Fail($"{context}unhandled query {step.Verb}");
                break;
        }
    }

    /// <summary>
    /// The text of rows r0..r1-1, columns c0..c1-1, each row's trailing blanks dropped, rows joined by a newline.
    /// Whole rows come from GetRowText; part rows are built from cells (a wide character's spacer reads as empty).
    /// </summary>
    private static string Rectangle(Terminal t, string spec)
    {
        var n = LibvtermScript.Numbers(spec);
        int r0, c0, r1, c1;
        if (n.Length == 1) (r0, c0, r1, c1) = (n[0], 0, n[0] + 1, t.Columns);
        else (r0, c0, r1, c1) = (n[0], n[1], n[2], n[3]);
        var rows = new List<string>();
        for (int r = r0; r < r1 && r < t.Rows; r++)
        {
            if (c0 == 0 && c1 >= t.Columns)
            {
                rows.Add(t.GetRowText(r));
                continue;
            }
            var sb = new StringBuilder();
            for (int c = c0; c < Math.Min(c1, t.Columns); c++)
            {
                string cell = t.GetCellText(c, r);
                sb.Append(cell.Length == 0 ? "" : cell);
            }
            rows.Add(sb.ToString().TrimEnd(' '));
        }
        return string.Join("\n", rows);
    }

    /// <summary>
    /// libvterm tells a printed space from an erased cell and keeps printed trailing spaces; our contract trims
    /// trailing blanks of every row, so expected rows are trimmed the same way.
    /// </summary>
    private static string TrimRows(string text) => string.Join("\n", text.Split('\n').Select(r => r.TrimEnd(' ')));

    private static string Dump(Terminal t)
    {
        var sb = new StringBuilder("screen:\n");
        for (int r = 0; r < t.Rows; r++)
        {
            string row = t.GetRowText(r);
            if (row.Length > 0) sb.Append($"  {r,2} |{row}|\n");
        }
        sb.Append($"cursor row,col = {t.CursorRow},{t.CursorColumn}");
        return sb.ToString();
    }
}
