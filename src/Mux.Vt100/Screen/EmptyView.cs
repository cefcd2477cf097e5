namespace Mux.Vt100.Screen;

/// <summary>A screen with nothing on it and no cursor (screen's blank window): a focused blank region shows no cursor and sets no modes.</summary>
public sealed class EmptyView : IScreenView
{
    private static readonly Cell s_empty = default;
    private static readonly Style s_style = default;

    public static EmptyView Instance { get; } = new();

    private EmptyView() { }

    public int Columns => 0;
    public int Rows => 0;
    public long Version => 0;
    public long GetRowVersion(int row) => 0;
    public ref readonly Cell GetCell(int column, int row) => ref s_empty;
    public ref readonly Style GetStyle(int styleId) => ref s_style;
    public Hyperlink? GetHyperlink(int number) => null;
    public int CopyCellText(int column, int row, Span<char> destination) => 0;
    public int CursorColumn => 0;
    public int CursorRow => 0;
    public bool CursorVisible => false;
    public CursorStyle CursorStyle => CursorStyle.Default;
    public TerminalModes Modes => TerminalModes.None;
    public string Title => "";
}
