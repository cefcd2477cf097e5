namespace Mux.Vt100.Screen;

/// <summary>Cursor shapes set by DECSCUSR (CSI Ps SP q); the value is Ps.</summary>
public enum CursorStyle : byte
{
    Default = 0,
    BlinkingBlock = 1,
    SteadyBlock = 2,
    BlinkingUnderline = 3,
    SteadyUnderline = 4,
    BlinkingBar = 5,
    SteadyBar = 6,
}
