using System.Globalization;

namespace Mux.Vt100.Tests.ControlFunctions;

/// <summary>One directive of a case, in file order: an action on the terminal or an expectation about it.</summary>
internal sealed record Directive(int Line, string Name, string Value, IReadOnlyList<string> Block);

internal sealed record ControlFunctionCase(string File, string Name, int Line, int Columns, int Rows, IReadOnlyList<Directive> Directives);

/// <summary>
/// Reads our control-function data files (format described in ControlFunctions/Data/README.md).
/// A file is a series of cases headed <c>=== name</c>; directives before the first case set file-wide defaults.
/// </summary>
internal static class ControlFunctionScript
{
    public static List<ControlFunctionCase> Parse(string path)
    {
        var cases = new List<ControlFunctionCase>();
        var lines = File.ReadAllLines(path);
        string file = Path.GetFileName(path);
        (int Columns, int Rows) defaultSize = (0, 0);
        string? name = null;
        int caseLine = 0;
        (int Columns, int Rows) size = (0, 0);
        var directives = new List<Directive>();

        void Finish()
        {
            if (name is null) return;
            if (size.Columns == 0) throw new FormatException($"{file}:{caseLine}: case '{name}' has no size");
            cases.Add(new ControlFunctionCase(file, name, caseLine, size.Columns, size.Rows, directives.ToArray()));
            directives.Clear();
        }

        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith("=== ", StringComparison.Ordinal))
            {
                Finish();
                name = line[4..].Trim();
                caseLine = i + 1;
                size = defaultSize;
                continue;
            }
            int colon = line.IndexOf(':');
            if (colon <= 0) throw new FormatException($"{file}:{i + 1}: expected 'name: value', got '{line}'");
            string key = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            var block = new List<string>();
            // Row blocks follow screen: and scrollback: on lines starting with '|'.
            while (i + 1 < lines.Length && lines[i + 1].StartsWith('|'))
            {
                string row = lines[++i];
                if (row.Length < 2 || !row.EndsWith('|')) throw new FormatException($"{file}:{i + 1}: row must be |text|");
                block.Add(row[1..^1]);
            }
            if (key == "size")
            {
                var s = ParseSize(value);
                if (name is null) defaultSize = s; else size = s;
                continue;
            }
            if (name is null) throw new FormatException($"{file}:{i + 1}: '{key}' outside a case");
            directives.Add(new Directive(i + 1, key, value, block));
        }
        Finish();
        return cases;
    }

    public static (int Columns, int Rows) ParseSize(string value)
    {
        var parts = value.Split('x');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
