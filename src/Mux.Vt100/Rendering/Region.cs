using Mux.Vt100.Screen;

namespace Mux.Vt100.Rendering;

/// <summary>
/// A rectangle of the client's terminal showing one screen: the top-left <paramref name="Height"/> x
/// <paramref name="Width"/> cells of the view, drawn at (<paramref name="Left"/>, <paramref name="Top"/>), 0-based.
/// </summary>
public readonly record struct Region(IScreenView View, int Top, int Left, int Height, int Width);
