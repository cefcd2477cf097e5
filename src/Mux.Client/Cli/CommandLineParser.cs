namespace Mux.Client.Cli;

/// <summary>
/// Parses screen's command line: clustered single-letter flags (<c>-dmS name</c>, <c>-dRR</c>), the word options
/// <c>-ls</c>, <c>-list</c>, <c>-wipe</c>, and the command to run after the options.
/// </summary>
internal static class CommandLineParser
{
    public static Options Parse(string[] args)
    {
        var o = new Options();
        if (args.Length > 0 && args[0] == "wait") return ParseWait(args);
        if (args.Length > 0 && args[0] == "top")
        {
            if (args.Length > 2 || (args.Length == 2 && args[1] != "--once")) throw new UsageException("usage: mux top [--once]");
            return new Options { Top = true, TopOnce = args.Length == 2 };
        }
        if (args.Length > 0 && args[0] == "events") return ParseEvents(args);
        if (args.Length > 0 && args[0] == "rerun")
        {
            if (args.Length != 2 || args[1].StartsWith('-')) throw new UsageException("usage: mux rerun NAME (a lost or ended session, as mux -ls shows it)");
            return new Options { Rerun = args[1] };
        }
        int i = 0;
        while (i < args.Length)
        {
            string a = args[i];
            if (a == "--") { i++; break; }
            if (!a.StartsWith('-') || a == "-") break;
            i++;
            switch (a)
            {
                case "-ls" or "-list" or "--list": o.List = true; continue;
                case "-wipe" or "--wipe": o.Wipe = true; continue;
                case "--all" or "-all" when o.Wipe: o.WipeAll = true; continue;
                case "--help" or "-help" or "-?": o.Help = true; continue;
                case "--version" or "-version" or "-v" when !o.List: o.Version = true; continue;
                case "-v" or "--verbose": o.ListVerbose = true; continue;
                case "--json" or "-json": o.ListJson = true; continue;
                case "--read-only" or "-read-only": o.ReadOnly = true; continue;
                case "--notify" or "-notify":
                    o.Notify = TakeValue(args, ref i, "", a, "a shell command to run when the job ends");
                    if (o.Notify.Trim().Length == 0) throw new UsageException($"{a} needs a shell command to run when the job ends");
                    continue;
                case "-Logfile" or "--logfile":
                    o.LogFile = TakeValue(args, ref i, "", a, "a file name");
                    o.Log = true;
                    continue;
            }
            if (a.StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"unknown option '{a}'");
            for (int k = 1; k < a.Length; k++)
            {
                char f = a[k];
                string rest = a[(k + 1)..];
                switch (f)
                {
                    case 'd': o.DetachOthers = true; break;
                    case 'D': o.DetachOthers = o.StayInForeground = true; break;
                    case 'm': o.DetachedStart = true; break;
                    case 'r': o.Resume = true; break;
                    case 'R': o.ResumeOrCreate = true; break;
                    case 'x': o.Share = true; break;
                    case 'S': o.SessionName = TakeValue(args, ref i, rest, "-S", "a session name"); k = a.Length; break;
                    case 'p': o.Window = TakeValue(args, ref i, rest, "-p", "a window"); k = a.Length; break;
                    case 't': o.Title = TakeValue(args, ref i, rest, "-t", "a title"); k = a.Length; break;
                    case 'e': SetEscape(o, TakeValue(args, ref i, rest, "-e", "two keys, e.g. ^Bb")); k = a.Length; break;
                    case 'h':
                        // screen's -h NUM sets the scrollback; a bare -h is asking for help.
                        if (rest.Length == 0 && i < args.Length && int.TryParse(args[i], out int lines)) { o.Scrollback = lines; i++; }
                        else if (rest.Length > 0 && int.TryParse(rest, out lines)) { o.Scrollback = lines; k = a.Length; }
                        else o.Help = true;
                        break;
                    case 'X':
                    case 'Q':
                        // -Q is -X whose answer is printed here instead of shown on the session's displays.
                        o.Query = f == 'Q';
                        if (rest.Length > 0) throw new UsageException($"-{f} takes the command as separate arguments");
                        if (i >= args.Length) throw new UsageException($"-{f} needs a command, e.g. mux -S name -{f} {(o.Query ? "windows" : "quit")}");
                        o.RemoteCommand = args[i..];
                        i = args.Length;
                        break;
                    case 'L': o.Log = true; break;
                    case 'c': o.ConfigFile = TakeValue(args, ref i, rest, "-c", "a config file"); k = a.Length; break;
                    case 'q': o.Quiet = true; break;
                    case 'T': o.Term = TakeValue(args, ref i, rest, "-T", "a terminal type, e.g. -T xterm-256color"); k = a.Length; break;
                    case 's': o.Shell = TakeValue(args, ref i, rest, "-s", "a shell program"); k = a.Length; break;
                    case 'U': case 'a': case 'A': case 'O': case 'i': case 'f': case 'l': case 'n':
                        break; // screen options with no meaning here; accepted so scripts keep working
                    default:
                        throw new UsageException($"unknown option '-{f}' (mux -h lists the options)");
                }
            }
            // -r/-R/-x/-d take an optional session argument: the next word when it is not an option.
            if ((o.Resume || o.ResumeOrCreate || o.Share || (o.DetachOthers && !o.DetachedStart)) && o.Target is null
                && o.RemoteCommand is null && i < args.Length && !args[i].StartsWith('-')
                && a.IndexOfAny(['S', 'p', 't', 'e', 'T', 's']) < 0 && IsTargetFlagCluster(a))
            {
                o.Target = args[i++];
            }
        }
        if (o.Term is "" || o.Shell is "") throw new UsageException(o.Term is "" ? "-T needs a terminal type" : "-s needs a shell program");
        o.Command = args[i..];
        return o;
    }

    private static Options ParseWait(string[] args)
    {
        var o = new Options();
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] is "--timeout" or "-t")
            {
                if (i + 1 >= args.Length || !double.TryParse(args[i + 1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double t) || t < 0)
                    throw new UsageException("--timeout needs a number of seconds");
                o.WaitTimeout = t;
                i++;
            }
            else if (args[i].StartsWith('-')) throw new UsageException($"unknown option '{args[i]}' for wait");
            else if (o.WaitFor is null) o.WaitFor = args[i];
            else throw new UsageException("usage: mux wait NAME [--timeout SECONDS]");
        }
        if (o.WaitFor is null) throw new UsageException("usage: mux wait NAME [--timeout SECONDS]");
        return o;
    }

    public const string EventsUsage = "usage: mux events [NAME] [--json] [--since 10m|1h|2026-03-01T12:00] [--no-follow]";

    private static Options ParseEvents(string[] args)
    {
        var o = new Options { Events = true };
        for (int i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json": o.EventsJson = true; break;
                case "--no-follow": o.EventsNoFollow = true; break;
                case "--since":
                    if (i + 1 >= args.Length) throw new UsageException("--since needs a duration such as 10m, or a time");
                    o.EventsSince = args[++i];
                    break;
                case var a when a.StartsWith("--since=", StringComparison.Ordinal): o.EventsSince = a["--since=".Length..]; break;
                case var a when a.StartsWith('-'): throw new UsageException($"unknown option '{a}' for events; {EventsUsage}");
                case var a when o.EventsTarget is null: o.EventsTarget = a; break;
                default: throw new UsageException(EventsUsage);
            }
        }
        return o;
    }

    private static bool IsTargetFlagCluster(string a) => a.Length >= 2 && "rRxdD".Contains(a[^1]);

    private static string TakeValue(string[] args, ref int i, string rest, string flag, string what)
    {
        if (rest.Length > 0) return rest;
        if (i >= args.Length) throw new UsageException($"{flag} needs {what}");
        return args[i++];
    }

    public static void SetEscape(Options o, string keys)
    {
        var parsed = new List<byte>();
        for (int i = 0; i < keys.Length; i++)
        {
            if (keys[i] == '^' && i + 1 < keys.Length)
            {
                char c = keys[++i];
                parsed.Add(c == '?' ? (byte)0x7f : (byte)(char.ToUpperInvariant(c) & 0x1f));
            }
            else if (keys[i] < 0x80) parsed.Add((byte)keys[i]);
        }
        if (parsed.Count != 2) throw new UsageException("-e needs two keys, e.g. -e ^Bb");
        o.PrefixKey = parsed[0];
        o.LiteralPrefixKey = parsed[1];
    }
}

/// <summary>A command-line mistake: printed as one line, exit code 2... screen uses 1, so do we.</summary>
internal sealed class UsageException(string message) : Exception(message);
