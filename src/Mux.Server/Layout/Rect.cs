namespace Mux.Server.Layout;

/// <summary>A rectangle of cells on the client's screen, 0-based; never negative, possibly empty.</summary>
public readonly record struct Rect(int Top, int Left, int Height, int Width)
{
    public int Bottom => Top + Height;
    public int Right => Left + Width;
    public bool IsEmpty => Height <= 0 || Width <= 0;
    public bool Contains(int x, int y) => x >= Left && x < Right && y >= Top && y < Bottom;
}
