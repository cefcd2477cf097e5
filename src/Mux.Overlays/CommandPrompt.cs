using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Mux.Overlays;

/// <summary>
/// <c>C-a :</c>: one line for a command, as screen's colon prompt. Up and Down walk the lines typed before, Tab
/// completes the command's name, Enter runs it, Esc cancels.
/// </summary>
internal static class CommandPrompt
{
    /// <summary>The line typed, or null if cancelled.</summary>
    public static string? Ask(IReadOnlyList<string> names, IReadOnlyList<string> history)
    {
        var window = new Window
        {
            Title = OverlayApp.TitlePrefix + "command",
            X = Pos.Center(),
            Y = Pos.Center(),
            Width = Dim.Percent(80),
            Height = 4,
        };
        window.Add(new Label { Text = ":", X = 0, Y = 0 });
        var field = new TextField { Text = "", X = 1, Y = 0, Width = Dim.Fill(1) };
        window.Add(field);
        var lines = new CommandLineHistory(history);
        string? answer = null;
        OverlayApp.Run(window, key =>
        {
            if (OverlayApp.IsEnter(key)) { answer = field.Text; return KeyResult.Close; }
            if (OverlayApp.IsCancel(key)) return KeyResult.Close;
            string? replacement = key == Key.Tab ? Complete(names, field.Text)
                : key == Key.CursorUp ? lines.Older(field.Text)
                : key == Key.CursorDown ? lines.Newer()
                : null;
            if (key != Key.Tab && key != Key.CursorUp && key != Key.CursorDown) return KeyResult.Pass;
            if (replacement != null)
            {
                field.Text = replacement;
                field.InsertionPoint = replacement.Length;
            }
            return KeyResult.Handled;
        });
        return answer;
    }

    /// <summary>
    /// The line with its first word completed: to the one command it starts (and a space), or as far as all the
    /// commands it starts agree. Null when there is nothing to add.
    /// </summary>
    public static string? Complete(IReadOnlyList<string> names, string line)
    {
        string word = line.TrimStart();
        if (word.Contains(' ')) return null;
        var matches = names.Where(n => n.StartsWith(word, StringComparison.Ordinal)).Distinct().ToList();
        if (matches.Count == 0) return null;
        if (matches.Count == 1) return matches[0] + " ";
        string common = matches[0];
        foreach (var m in matches)
        {
            int n = 0;
            while (n < common.Length && n < m.Length && common[n] == m[n]) n++;
            common = common[..n];
        }
        return common.Length > word.Length ? common : null;
    }
}

/// <summary>The lines typed before, newest last, walked with Up (older) and Down (newer) from the line being typed.</summary>
internal sealed class CommandLineHistory(IReadOnlyList<string> lines)
{
    private int _index = lines.Count;   // lines.Count: the line being typed
    private string _typing = "";

    public string? Older(string current)
    {
        if (_index == 0) return null;
        if (_index == lines.Count) _typing = current;
        return lines[--_index];
    }

    public string? Newer()
    {
        if (_index >= lines.Count) return null;
        _index++;
        return _index == lines.Count ? _typing : lines[_index];
    }
}
