using System.Collections.ObjectModel;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Mux.Client.Overlays;

/// <summary><c>C-a ?</c>: every key binding in a scrollable list; Esc, q or Enter closes it.</summary>
internal static class HelpOverlay
{
    public static void Show(IReadOnlyList<string> lines)
    {
        var list = new ListView { Width = Dim.Fill(), Height = Dim.Fill() };
        list.SetSource(new ObservableCollection<string>(lines));
        list.SelectedItem = 0;
        var window = new Window { Title = OverlayApp.TitlePrefix + "key bindings", Width = Dim.Fill(), Height = Dim.Fill() };
        window.Add(list);
        OverlayApp.Run(window, key =>
            OverlayApp.IsEnter(key) || OverlayApp.IsCancel(key) || key == 'q' ? KeyResult.Close : KeyResult.Pass);
    }
}
