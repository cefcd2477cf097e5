using System.Text;

namespace Mux.Vt100.Tests.Support;

/// <summary>Reads a terminal's visible state as plain values for comparisons and failure messages.</summary>
internal static class ScreenText
{
    public static string[] Rows(Terminal t)
    {
        var rows = new string[t.Rows];
        for (int r = 0; r < t.Rows; r++) rows[r] = t.GetRowText(r);
        return rows;
    }

    public static string[] Scrollback(Terminal t)
    {
        var rows = new string[t.ScrollbackCount];
        for (int i = 0; i < rows.Length; i++) rows[i] = t.GetScrollbackRowText(i);
        return rows;
    }

    /// <summary>Drops trailing empty rows, the convention of the alacritty reference screens.</summary>
    public static string[] TrimTrailingEmpty(IReadOnlyList<string> rows)
    {
        int n = rows.Count;
        while (n > 0 && rows[n - 1].Length == 0) n--;
        return rows.Take(n).ToArray();
    }

    /// <summary>A side-by-side listing of expected and actual rows with the differing ones marked.</summary>
    public static string Diff(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var sb = new StringBuilder();
        int n = Math.Max(expected.Count, actual.Count);
        for (int i = 0; i < n; i++)
        {
            string e = i < expected.Count ? expected[i] : "<none>";
            string a = i < actual.Count ? actual[i] : "<none>";
            if (e == a)
                sb.Append(FormattableString.Invariant($"   {i,3} |{e}|\n"));
            else
                sb.Append(FormattableString.Invariant($" ! {i,3} expected |{e}|\n       actual   |{a}|\n"));
        }
        return sb.ToString();
    }
}
