namespace Mux.Vt100.Screen;

/// <summary>
/// A screen seen read-only: the visible cells with their styles, the cursor and the modes a client's terminal
/// mirrors. The renderer draws from views and never from the emulator's writer side, so copy mode can present
/// its own (a snapshot with a cursor and a marked span) without being a terminal.
/// <para>
/// Coordinates are visible-screen ones: column 0 at the left, row 0 at the top. Every change to a row raises
/// <see cref="GetRowVersion"/> above what it was, and <see cref="Version"/> is at least the highest row version,
/// so a reader that remembers versions redraws only what changed.
/// </para>
/// </summary>
public interface IScreenView
{
    int Columns { get; }
    int Rows { get; }

    /// <summary>The version of the most recent change anywhere on the screen.</summary>
    long Version { get; }

    /// <summary>The version row <paramref name="row"/> last changed at; 0 outside the screen.</summary>
    long GetRowVersion(int row);

    /// <summary>The cell at a visible position; outside the screen an empty default cell. Valid until the view changes.</summary>
    ref readonly Cell GetCell(int column, int row);

    /// <summary>The style a cell's <see cref="Cell.StyleId"/> refers to.</summary>
    ref readonly Style GetStyle(int styleId);

    /// <summary>The hyperlink (OSC 8) a style's <see cref="Style.Link"/> number stands for in this view, or null.</summary>
    Hyperlink? GetHyperlink(int number);

    /// <summary>A cell's text (base and combining marks; 0 chars for a spacer or when it does not fit).</summary>
    int CopyCellText(int column, int row, Span<char> destination);

    int CursorColumn { get; }
    int CursorRow { get; }
    bool CursorVisible { get; }
    CursorStyle CursorStyle { get; }

    /// <summary>The modes a program set that the client's terminal shares (cursor keys, keypad, mouse, paste…).</summary>
    TerminalModes Modes { get; }

    string Title { get; }
}
