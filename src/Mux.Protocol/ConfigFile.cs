using System.Text;
using Mux.Platform.Native;

namespace Mux.Protocol;

/// <summary>One command line of a config file, with where it came from for warnings.</summary>
public sealed record ConfigLine(string File, int Number, string[] Arguments)
{
    public string Where => $"{File}:{Number}";
}

/// <summary>
/// Reads screenrc-style files: one command per line, words split on blanks, "double" and 'single' quotes,
/// backslash escapes inside double quotes, and # comments.
/// </summary>
public static class ConfigFile
{
    /// <summary>
    /// The file read when no <c>-c</c> is given: <c>~/.muxrc</c>; without one, screen's own (<c>$SCREENRC</c>, else
    /// <c>~/.screenrc</c>), so a screen user's settings come along. Null when none exists.
    /// </summary>
    public static string? DefaultPath()
    {
        string? home = Environment.GetEnvironmentVariable("HOME");
        string? screenrc = Environment.GetEnvironmentVariable("SCREENRC");
        string?[] candidates =
        [
            string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".muxrc"),
            string.IsNullOrEmpty(screenrc) ? null : screenrc,
            string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".screenrc"),
        ];
        foreach (string? p in candidates)
            if (p is not null && File.Exists(p)) return p;
        return null;
    }

    public static List<ConfigLine> Read(string path, List<string> warnings)
    {
        var lines = new List<ConfigLine>();
        string[] text;
        try { text = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"{path}: {ErrorText.Describe(e)}");
            return lines;
        }
        for (int i = 0; i < text.Length; i++)
        {
            var words = Split(text[i], out string? error);
            if (error != null) warnings.Add($"{path}:{i + 1}: {error}");
            else if (words.Count > 0) lines.Add(new ConfigLine(path, i + 1, words.ToArray()));
        }
        return lines;
    }

    public static List<string> Split(string line, out string? error)
    {
        error = null;
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quote != '\0')
            {
                if (c == quote) { quote = '\0'; continue; }
                if (c == '\\' && quote == '"' && i + 1 < line.Length) { word.Append('\\').Append(line[++i]); continue; }
                word.Append(c);
                continue;
            }
            if (c == '#' && !inWord) break;
            if (char.IsWhiteSpace(c))
            {
                if (inWord) { words.Add(word.ToString()); word.Clear(); inWord = false; }
                continue;
            }
            inWord = true;
            if (c is '"' or '\'') { quote = c; continue; }
            word.Append(c);
        }
        if (quote != '\0')
        {
            error = $"unterminated {quote} quote";
            return [];
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
