using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace Mux.Client.Overlays;

/// <summary>
/// Runs one overlay view in a fresh Terminal.Gui application (ANSI driver) and disposes it. This is the only
/// place the client starts Terminal.Gui, so nothing of it loads before the first overlay opens.
/// </summary>
internal static class OverlayApp
{
    private static IApplication? s_running;
    private static volatile bool s_hungUp;

    /// <summary>Shown as the terminal title while an overlay is open; tests wait for it before typing.</summary>
    public const string TitlePrefix = "mux: ";

    /// <summary>
    /// Runs <paramref name="view"/> until <paramref name="onKey"/> returns <see cref="KeyResult.Close"/>
    /// (or the terminal hangs up). Every key goes to <paramref name="onKey"/> first.
    /// </summary>
    public static void Run(Window view, Func<Key, KeyResult> onKey)
    {
        if (s_hungUp) return;
        view.Border.Settings |= BorderSettings.TerminalTitle;
        using IApplication app = Application.Create().Init(DriverRegistry.Names.ANSI);
        Volatile.Write(ref s_running, app);
        app.Keyboard.KeyDown += (_, key) =>
        {
            switch (onKey(key))
            {
                case KeyResult.Close:
                    key.Handled = true;
                    app.RequestStop();
                    break;
                case KeyResult.Handled:
                    key.Handled = true;
                    break;
            }
        };
        try
        {
            if (!s_hungUp) app.Run(view);
        }
        finally
        {
            Volatile.Write(ref s_running, null);
            view.Dispose();
        }
    }

    /// <summary>The terminal hung up: Terminal.Gui would spin on EIO, so stop whatever overlay is open.</summary>
    public static void HangUp()
    {
        s_hungUp = true;
        var app = Volatile.Read(ref s_running);
        if (app is null) return;
        try { app.Invoke(() => app.RequestStop()); } catch (Exception) { }
    }

    /// <summary>Enter, also as LF (Ctrl+Enter / Ctrl+J) which a terminal still in cooked mode sends for Return.</summary>
    public static bool IsEnter(Key key) =>
        key == Key.Enter || key == Key.Enter.WithCtrl || key == Key.J.WithCtrl;

    public static bool IsCancel(Key key) => key == Key.Esc || key == Key.C.WithCtrl || key == Key.G.WithCtrl;
}

/// <summary>What an overlay's key handler did with a key.</summary>
internal enum KeyResult
{
    /// <summary>Not ours: Terminal.Gui handles it (list navigation, text editing).</summary>
    Pass,
    Handled,
    /// <summary>The overlay is done.</summary>
    Close,
}
