using System.Text;

namespace Mux.Server.Sessions;

/// <summary>What the status line and <c>windows</c> say about a session. Called under the session lock.</summary>
internal static class StatusText
{
    /// <summary>
    /// The status line: session name, windows (<c>*</c> current, <c>-</c> previous) and the help hint, which names
    /// the client's command key (<c>Ctrl+T ? help</c> after <c>escape ^Tt</c>).
    /// </summary>
    public static string StatusLine(Session session, int width, string prefixName = "Ctrl+A")
    {
        string Hint = prefixName + " ? help";
        var sb = new StringBuilder();
        sb.Append('[').Append(session.Name).Append("] ");
        sb.Append(WindowList(session));
        int pad = width - sb.Length - Hint.Length;
        if (pad >= 1) sb.Append(' ', pad).Append(Hint);
        return sb.Length > width ? sb.ToString(0, width) : sb.ToString();
    }

    /// <summary>screen's window list: <c>0 bash  1* train  2- logs</c>.</summary>
    public static string WindowList(Session session) =>
        string.Join("  ", session.Windows.Select(w => $"{w.Number}{Flags(session, w)} {w.Title}"));

    /// <summary>tmux's window flags: * current, - previous, # activity, ~ silence, ! bell; X for an exited program.</summary>
    internal static string Flags(Session session, Window w)
    {
        var f = new StringBuilder(2);
        if (w == session.Current) f.Append('*');
        else if (w == session.Previous) f.Append('-');
        if (w.HadActivity) f.Append('#');
        if (w.WentSilent) f.Append('~');
        if (w.Rang) f.Append('!');
        if (!w.IsRunning) f.Append('X');
        return f.ToString();
    }

    /// <summary>The line shown instead of the status line while an exited window's final screen is up.</summary>
    public static string Exited(Window done) =>
        $"Window {done.Number} ({done.Title}) {SessionReport.DescribeExit(done)}. Press any key to close it.";
}
