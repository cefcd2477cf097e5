using System.Text;
using Mux.Vt100;

namespace Mux.Server.Survival;

/// <summary>
/// A window's screen across the server replacing its image: its scrollback and visible rows as text, drawn back into
/// a fresh emulator of the same size. Text only: colours, and the main screen under a full-screen program, are not
/// carried (the program repaints on the resize that follows the next attach).
/// </summary>
public static class ScreenHandover
{
    public static string[] Capture(Terminal terminal)
    {
        var lines = new string[terminal.ScrollbackCount + terminal.Rows];
        for (int i = 0; i < terminal.ScrollbackCount; i++) lines[i] = terminal.GetScrollbackRowText(i);
        for (int y = 0; y < terminal.Rows; y++) lines[terminal.ScrollbackCount + y] = terminal.GetRowText(y);
        return lines;
    }

    public static Terminal Restore(int columns, int rows, int scrollbackLimit, string[] lines, int cursorColumn, int cursorRow)
    {
        var terminal = new Terminal(Math.Max(1, columns), Math.Max(1, rows), scrollbackLimit);
        var text = new StringBuilder();
        for (int i = 0; i < lines.Length; i++)
        {
            if (i > 0) text.Append("\r\n");
            text.Append(lines[i]);
        }
        // The cursor where the program left it (CUP counts from 1).
        text.Append($"\x1b[{cursorRow + 1};{cursorColumn + 1}H");
        terminal.Feed(Encoding.UTF8.GetBytes(text.ToString()));
        return terminal;
    }
}
