using Mux.Vt100.Screen;

namespace Mux.Vt100.Rendering;

/// <summary>
/// Something drawn on the client's screen besides windows: a region's caption, the border between side-by-side
/// regions, a blank region. Cells [<paramref name="Left"/>, Left + <paramref name="Width"/>) of rows
/// [<paramref name="Top"/>, Top + <paramref name="Height"/>) are filled with blanks in <paramref name="Style"/>, and
/// <paramref name="Text"/> is written from the left of each of those rows (cut at the right edge). Drawn over regions.
/// </summary>
public readonly record struct Decoration(int Top, int Left, int Height, int Width, string Text, Style Style);
