using System.Buffers;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Mux.Vt100.Tests.Support;

namespace Mux.Vt100.Tests.ControlFunctions;

/// <summary>Runs every case of every file in ControlFunctions/Data: one theory case per (file, case).</summary>
public class ControlFunctionTests
{
    private static string DataDirectory => TestPaths.OwnData("ControlFunctions", "Data");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(DataDirectory, "*.txt").Order(StringComparer.Ordinal))
        {
            foreach (var c in ControlFunctionScript.Parse(file))
                data.Add(Path.GetFileName(file), c.Name);
        }
        return data;
    }

    [Fact]
    public void DataFilesArePresentAndCiteTheirSource()
    {
        var files = Directory.GetFiles(DataDirectory, "*.txt");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            Assert.True(lines.Any(l => l.StartsWith("# ref:", StringComparison.Ordinal)), $"{Path.GetFileName(file)} has no '# ref:' line");
            Assert.NotEmpty(ControlFunctionScript.Parse(file));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string file, string name)
    {
        var c = ControlFunctionScript.Parse(Path.Combine(DataDirectory, file)).Single(x => x.Name == name);
        var terminal = new Terminal(c.Columns, c.Rows);
        var fed = new StringBuilder();
        var replies = new ArrayBufferWriter<byte>();

        foreach (var d in c.Directives)
        {
            string where = $"{file}:{d.Line} ({name})";
            switch (d.Name)
            {
                case "input":
                    {
                        var bytes = EscapedText.ToBytes(d.Value);
                        terminal.Feed(bytes);
                        terminal.TakeReplies(replies);
                        fed.Append(EscapedText.Show(bytes)).Append('⏎');
                        break;
                    }
                case "resize":
                    {
                        var (columns, rows) = ControlFunctionScript.ParseSize(d.Value);
                        terminal.Resize(columns, rows);
                        fed.Append($"<resize {d.Value}>");
                        break;
                    }
                case "screen":
                    {
                        var expected = d.Block.Select(r => EscapedText.ToText(r).TrimEnd(' ')).ToArray();
                        Assert.True(expected.Length == terminal.Rows, $"{where}: screen block has {expected.Length} rows, terminal {terminal.Rows}");
                        var actual = ScreenText.Rows(terminal);
                        Assert.True(expected.SequenceEqual(actual), $"{where}: screen differs after {fed}\n{ScreenText.Diff(expected, actual)}");
                        break;
                    }
                case "scrollback":
                    {
                        var expected = d.Block.Select(r => EscapedText.ToText(r).TrimEnd(' ')).ToArray();
                        var actual = ScreenText.Scrollback(terminal);
                        Assert.True(expected.SequenceEqual(actual), $"{where}: scrollback differs after {fed}\n{ScreenText.Diff(expected, actual)}");
                        break;
                    }
                case "cursor":
                    {
                        var m = Regex.Match(d.Value, @"^row=(\d+)\s+col=(\d+)$");
                        Assert.True(m.Success, $"{where}: cursor must be 'row=R col=C'");
                        int row = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), col = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                        Assert.True((row, col) == (terminal.CursorRow, terminal.CursorColumn),
                            $"{where}: expected cursor row={row} col={col}, actual row={terminal.CursorRow} col={terminal.CursorColumn} after {fed}\n{ScreenText.Diff([], ScreenText.Rows(terminal))}");
                        break;
                    }
                case "cursor-visible":
                    Assert.True(bool.Parse(d.Value) == terminal.CursorVisible, $"{where}: expected CursorVisible={d.Value} after {fed}");
                    break;
                case "modes":
                    CheckModes(terminal, d.Value, where, fed.ToString());
                    break;
                case "title":
                    {
                        string expected = EscapedText.ToText(d.Value);
                        Assert.True(expected == terminal.Title, $"{where}: expected title |{expected}| actual |{terminal.Title}| after {fed}");
                        break;
                    }
                case "replies":
                    {
                        var expected = EscapedText.ToBytes(d.Value);
                        Assert.True(expected.AsSpan().SequenceEqual(replies.WrittenSpan),
                            $"{where}: expected replies {EscapedText.Show(expected)} actual {EscapedText.Show(replies.WrittenSpan)} after {fed}");
                        replies.Clear();
                        break;
                    }
                case "replies~":
                    {
                        // .NET patterns understand \e, so the reply pattern reads like the input notation.
                        string actual = Encoding.UTF8.GetString(replies.WrittenSpan);
                        Assert.True(Regex.IsMatch(actual, d.Value),
                            $"{where}: replies {EscapedText.Show(replies.WrittenSpan)} do not match /{d.Value}/ after {fed}");
                        replies.Clear();
                        break;
                    }
                case "cell":
                    {
                        var m = Regex.Match(d.Value, @"^row=(\d+)\s+col=(\d+)\s+=\s?(.*)$");
                        Assert.True(m.Success, $"{where}: cell must be 'row=R col=C = text'");
                        int row = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), col = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                        string expected = EscapedText.ToText(m.Groups[3].Value);
                        string actual = terminal.GetCellText(col, row);
                        Assert.True(expected == actual, $"{where}: cell row={row} col={col}: expected |{expected}| actual |{actual}| after {fed}");
                        break;
                    }
                case "prop":
                    CheckProperty(terminal, d.Value, where, fed.ToString());
                    break;
                case "style":
                    CellStyleCheck.Check(terminal, d.Value, where, fed.ToString());
                    break;
                default:
                    Assert.Fail($"{where}: unknown directive '{d.Name}'");
                    break;
            }
        }
    }

    private static void CheckModes(Terminal t, string spec, string where, string fed)
    {
        foreach (var item in spec.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            bool wanted = item[0] == '+';
            Assert.True(item[0] is '+' or '-', $"{where}: mode '{item}' needs + or -");
            var flag = Enum.Parse<TerminalModes>(item[1..]);
            Assert.True(t.Modes.HasFlag(flag) == wanted, $"{where}: expected {item}, modes are {t.Modes} after {fed}");
        }
    }

    /// <summary>
    /// <c>prop: Name = value</c> compares a public property of Terminal by its invariant text, so data files can check
    /// state the contract adds later (cursor style) without the runner naming it; a missing property fails.
    /// </summary>
    private static void CheckProperty(Terminal t, string spec, string where, string fed)
    {
        int eq = spec.IndexOf('=');
        string name = spec[..eq].Trim(), expected = spec[(eq + 1)..].Trim();
        var property = typeof(Terminal).GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
        Assert.True(property is not null, $"{where}: Terminal has no public property {name}");
        object? value = property!.GetValue(t);
        string actual = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "<null>";
        // An enum matches by name or by number, so data files can use the number the control function carries.
        string? number = value is Enum e ? Convert.ToInt64(e, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) : null;
        Assert.True(expected == actual || expected == number, $"{where}: expected {name} = {expected}, actual {actual} ({number}) after {fed}");
    }
}
