using System.Collections.ObjectModel;
using Mux.Server.Ipc;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Mux.Client.Overlays;

/// <summary><c>C-a "</c>: the session's windows in a list; arrows and Enter pick one, Esc cancels.</summary>
internal static class WindowChooser
{
    /// <summary>The chosen window's number, or null if cancelled.</summary>
    public static int? Choose(IReadOnlyList<WindowInfo> windows, int? current)
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

    private static string Describe(WindowInfo w) =>
        $"{w.Number,3}  {Fit(w.Title, 30),-30}  {(w.Running ? "running" : "exited " + w.ExitDescription)}";

    private static string Fit(string s, int width) => s.Length <= width ? s : s[..(width - 1)] + "…";
}
