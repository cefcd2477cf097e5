using Mux.Protocol;

namespace Mux.Client.Cli;

/// <summary>
/// The client's reading of the config file: it applies the key lines (<c>escape</c>, <c>bind</c>) itself and
/// warns, naming file and line, about anything the session would not understand. Never a reason not to start.
/// </summary>
internal static class ClientConfig
{
    public static string? Load(Options options)
    {
        string? path = options.ConfigFile ?? ConfigFile.DefaultPath();
        if (path is null) return null;
        var warnings = new List<string>();
        if (options.ConfigFile != null && !File.Exists(path))
        {
            StdIo.Err.WriteLine($"mux: warning: config file {path} does not exist");
            return null;
        }
        foreach (var line in ConfigFile.Read(Path.GetFullPath(path), warnings))
        {
            string? problem = Apply(options, line.Arguments);
            if (problem != null)
            {
                warnings.Add($"{line.Where}: {problem}");
                // The session reports its own lines' problems when we attach; the key lines are ours to report.
                if (CommandSyntaxes.ClientCommands.Contains(line.Arguments[0]))
                    options.ConfigWarnings.Add($"{Path.GetFileName(line.File)}:{line.Number}: {problem}");
            }
        }
        foreach (var w in warnings) StdIo.Err.WriteLine($"mux: warning: {w}");
        return Path.GetFullPath(path);
    }

    internal static string? Apply(Options options, string[] args)
    {
        string name = args[0];
        switch (name)
        {
            case "escape":
                if (args.Length != 2) return "usage: escape xy (e.g. escape ^Bb)";
                try { CommandLineParser.SetEscape(options, args[1]); }
                catch (UsageException e) { return e.Message; }
                return null;
            case "bind":
                if (args.Length < 2) return "usage: bind key [command args…]";
                byte? key = KeyName.Parse(args[1]);
                if (key is null) return $"'{args[1]}' is not a key";
                if (args.Length > 2)
                {
                    if (CommandSyntaxes.Find(args[2]) is null && args[2] != "detach") return $"unknown command '{args[2]}'";
                    options.Bindings[key.Value] = args[2..];
                }
                else
                {
                    options.Bindings[key.Value] = [];
                }
                return null;
        }
        var command = CommandSyntaxes.Find(name);
        if (command is null) return $"unknown command '{name}'";
        return command.Accepts(args.Length - 1) ? null : command.UsageLine;
    }
}

/// <summary>screen's key notation: a character, <c>^X</c> for a control key, or <c>\\NNN</c> octal.</summary>
internal static class KeyName
{
    public static byte? Parse(string text)
    {
        if (text.Length == 1 && text[0] < 0x80) return (byte)text[0];
        if (text.Length == 2 && text[0] == '^') return text[1] == '?' ? (byte)0x7f : (byte)(char.ToUpperInvariant(text[1]) & 0x1f);
        if (text.Length == 4 && text[0] == '\\' && !text.AsSpan(1).ContainsAnyExceptInRange('0', '7')) return (byte)Convert.ToInt32(text[1..], 8);
        return null;
    }
}
