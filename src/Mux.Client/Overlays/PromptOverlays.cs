using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Mux.Client.Overlays;

/// <summary>Questions asked in a small dialog: a y/n confirmation and a line of text.</summary>
internal static class PromptOverlays
{
    /// <summary>True only if the user typed y (or Y); any other key says no.</summary>
    public static bool Confirm(string question)
    {
        var window = Dialog(question, 3);
        window.Add(new Label { Text = question, X = 1, Y = 0 });
        bool yes = false;
        OverlayApp.Run(window, key =>
        {
            if (key.IsCtrl || key.IsAlt) { yes = false; return KeyResult.Close; }
            yes = key == 'y' || key == 'Y';
            return KeyResult.Close;
        });
        return yes;
    }

    /// <summary>The text typed (UTF-8 works), or null if cancelled with Esc.</summary>
    public static string? AskText(string question, string initial = "")
    {
        var window = Dialog(question, 4);
        window.Add(new Label { Text = question, X = 1, Y = 0 });
        var field = new TextField { Text = initial, X = 1, Y = 1, Width = Dim.Fill(1) };
        window.Add(field);
        string? answer = null;
        OverlayApp.Run(window, key =>
        {
            if (OverlayApp.IsEnter(key)) { answer = field.Text; return KeyResult.Close; }
            return OverlayApp.IsCancel(key) ? KeyResult.Close : KeyResult.Pass;
        });
        return answer;
    }

    private static Window Dialog(string title, int height) => new()
    {
        Title = OverlayApp.TitlePrefix + title,
        X = Pos.Center(),
        Y = Pos.Center(),
        Width = Dim.Percent(80),
        Height = height + 2,
    };
}
