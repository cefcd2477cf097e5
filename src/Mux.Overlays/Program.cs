using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Mux.Overlays;

/// <summary>
/// <c>mux-overlay KIND RESULT-FILE ARGS…</c>, run by an attached mux client on its own terminal. The answer goes
/// to RESULT-FILE; the exit code is 0 when answered, 1 when cancelled, 2 on a usage error.
/// <list type="bullet">
/// <item><c>confirm FILE QUESTION</c>: writes y when the user typed y.</item>
/// <item><c>text FILE QUESTION [INITIAL]</c>: writes the line typed.</item>
/// <item><c>help FILE LINE…</c>: shows the lines.</item>
/// <item><c>command FILE COUNT NAME… HISTORY…</c>: COUNT command names for Tab, then the lines typed before;
/// writes the command line typed.</item>
/// <item><c>choose FILE CURRENT ENTRY…</c>, each ENTRY <c>NUMBER\tTITLE\tSTATE</c>: writes the chosen number.</item>
/// </list>
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // Terminal.Gui keeps running after its terminal hangs up: leave at once instead.
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => Environment.Exit(129));
        if (args.Length < 2) return 2;
        string result = args[1];
        string? answer;
        switch (args[0])
        {
            case "confirm" when args.Length == 3:
                answer = PromptOverlays.Confirm(args[2]) ? "y" : null;
                break;
            case "text" when args.Length is 3 or 4:
                answer = PromptOverlays.AskText(args[2], args.Length == 4 ? args[3] : "");
                break;
            case "command" when args.Length >= 3 && int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
                                  && count <= args.Length - 3:
                answer = CommandPrompt.Ask(args[3..(3 + count)], args[(3 + count)..]);
                break;
            case "help":
                HelpOverlay.Show(args[2..]);
                answer = "";
                break;
            case "choose" when args.Length >= 3:
                int? current = int.TryParse(args[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int c) ? c : null;
                var entries = args[3..].Select(ParseEntry).ToList();
                answer = WindowChooser.Choose(entries, current)?.ToString(CultureInfo.InvariantCulture);
                break;
            default:
                return 2;
        }
        if (answer is null) return 1;
        // A new file only (O_EXCL): the name is fresh in the user's private directory, so anything there already was planted.
        using (var file = new FileStream(result, FileMode.CreateNew, FileAccess.Write))
            file.Write(new UTF8Encoding(false).GetBytes(answer));
        return 0;
    }

    private static WindowChooser.Entry ParseEntry(string entry)
    {
        var parts = entry.Split('\t');
        int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int number);
        return new WindowChooser.Entry(number, parts.Length > 1 ? parts[1] : "", parts.Length > 2 ? parts[2] : "");
    }
}
