namespace Mux.Protocol;

/// <summary>Converts between <c>NAME=value</c> lists (as sent on the wire) and dictionaries.</summary>
public static class EnvironmentBlock
{
    public static Dictionary<string, string> Parse(IEnumerable<string> entries)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            int eq = e.IndexOf('=');
            if (eq > 0) env[e[..eq]] = e[(eq + 1)..];
        }
        return env;
    }

    public static string[] Format(IReadOnlyDictionary<string, string> env)
    {
        var lines = new string[env.Count];
        int i = 0;
        foreach (var kv in env) lines[i++] = $"{kv.Key}={kv.Value}";
        return lines;
    }

    /// <summary>This process's environment.</summary>
    public static Dictionary<string, string> Current()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry kv in Environment.GetEnvironmentVariables())
            env[(string)kv.Key] = (string?)kv.Value ?? "";
        return env;
    }
}
