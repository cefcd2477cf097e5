namespace Mux.Vt100.Rendering;

/// <summary>
/// A rectangle of the client's terminal showing one window: the top-left <paramref name="Height"/> x
/// <paramref name="Width"/> cells of the window's visible screen, drawn at (<paramref name="Left"/>,
/// <paramref name="Top"/>), 0-based.
/// </summary>
public readonly record struct Region(Terminal Window, int Top, int Left, int Height, int Width);
