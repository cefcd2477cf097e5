using Mux.Vt100.Screen;

namespace Mux.Vt100;

/// <summary>Lines taken out of a terminal for copy mode (shown through a <see cref="SnapshotView"/>).</summary>
public sealed partial class Terminal
{
    /// <summary>A frozen copy of the scrollback and the visible screen, with styles and hyperlinks (see <see cref="LineSnapshot"/>).</summary>
    public LineSnapshot SnapshotLines()
    {
        var lines = new Scrollback(Math.Max(1, _history.Count + Rows));
        for (int i = 0; i < _history.Count; i++) lines.PushCopy(_history, i);
        for (int y = 0; y < Rows; y++) lines.Push(_grid[y]);
        var styles = new Style[_styles.Count];
        for (int i = 0; i < styles.Length; i++) styles[i] = _styles[i];
        return new LineSnapshot(lines, styles, _links.Copy());
    }
}
