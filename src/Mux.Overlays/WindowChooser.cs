using System.Collections.ObjectModel;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Mux.Overlays;

/// <summary><c>C-a "</c>: the session's windows in a list; arrows and Enter pick one, Esc cancels.</summary>
internal static class WindowChooser
{
    /// <summary>One line of the list: the window's number, title and whether its program runs.</summary>
    public readonly record struct Entry(int Number, string Title, string State);

    /// <summary>The chosen window's number, or null if cancelled.</summary>
    public static int? Choose(IReadOnlyList<Entry> windows, int? current)
    {
        var list = new ListView { Width = Dim.Fill(), Height = Dim.Fill() };
        list.SetSource(new ObservableCollection<string>(windows.Select(Describe)));
        int start = 0;
        for (int i = 0; i < windows.Count; i++) if (windows[i].Number == current) start = i;
        list.SelectedItem = start;

        var window = new Window { Title = OverlayApp.TitlePrefix + "windows", Width = Dim.Fill(), Height = Dim.Fill() };
        window.Add(list);
        int? chosen = null;
        OverlayApp.Run(window, key =>
        {
            if (OverlayApp.IsEnter(key))
            {
                if (list.SelectedItem is int i && i >= 0 && i < windows.Count) chosen = windows[i].Number;
                return KeyResult.Close;
            }
            return OverlayApp.IsCancel(key) || key == 'q' ? KeyResult.Close : KeyResult.Pass;
        });
        return chosen;
    }

    private static string Describe(Entry w) => $"{w.Number,3}  {Fit(w.Title, 30),-30}  {w.State}";

    private static string Fit(string s, int width) => s.Length <= width ? s : s[..(width - 1)] + "…";
}
