using System.Text;

namespace Mux.Server.Sessions;

/// <summary>What the status line and <c>windows</c> say about a session. Called under the session lock.</summary>
internal static class StatusText
{
    /// <summary>
    /// The status line: session name, windows (<c>*</c> current, <c>-</c> previous) and the help hint, which names
    /// the client's command key (<c>Ctrl+T ? help</c> after <c>escape ^Tt</c>).
    /// </summary>
    public static string StatusLine(Session session, int width, string prefixName = "Ctrl+A") =>
        AppendStatusLine(new StringBuilder(), session, width, prefixName).ToString();

    /// <summary><see cref="StatusLine"/> into <paramref name="sb"/>, allocating nothing: it is built for every frame.</summary>
    public static StringBuilder AppendStatusLine(StringBuilder sb, Session session, int width, string prefixName = "Ctrl+A")
    {
        sb.Append('[').Append(session.Name).Append("] ");
        AppendWindowList(sb, session);
        int pad = width - sb.Length - prefixName.Length - HintTail.Length;
        if (pad >= 1) sb.Append(' ', pad).Append(prefixName).Append(HintTail);
        if (sb.Length > width) sb.Length = Math.Max(0, width);
        return sb;
    }

    private const string HintTail = " ? help";

    /// <summary>screen's window list: <c>0 bash  1* train  2- logs</c>.</summary>
    public static string WindowList(Session session) => AppendWindowList(new StringBuilder(), session).ToString();

    private static StringBuilder AppendWindowList(StringBuilder sb, Session session)
    {
        var windows = session.Windows;
        for (int i = 0; i < windows.Count; i++)
        {
            if (i > 0) sb.Append("  ");
            var w = windows[i];
            sb.Append(w.Number);
            AppendFlags(sb, session, w);
            sb.Append(' ').Append(w.Title);
        }
        return sb;
    }

    /// <summary>tmux's window flags: * current, - previous, # activity, ~ silence, ! bell; X for an exited program.</summary>
    internal static string Flags(Session session, Window w) => AppendFlags(new StringBuilder(2), session, w).ToString();

    private static StringBuilder AppendFlags(StringBuilder f, Session session, Window w)
    {
        if (w == session.Current) f.Append('*');
        else if (w == session.Previous) f.Append('-');
        if (w.HadActivity) f.Append('#');
        if (w.WentSilent) f.Append('~');
        if (w.Rang) f.Append('!');
        if (!w.IsRunning) f.Append('X');
        return f;
    }

    /// <summary>The line shown instead of the status line while an exited window's final screen is up.</summary>
    public static string Exited(Window done) =>
        $"Window {done.Number} ({done.Title}) {SessionReport.DescribeExit(done)}. Press any key to close it.";
}
