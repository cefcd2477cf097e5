namespace Mux.Vt100.Tests.ControlFunctions;

/// <summary><c>style: row=R col=C = attributes</c>: checks a cell's SGR state through the cell/style API.</summary>
internal static class CellStyleCheck
{
    public static void Check(Terminal t, string spec, string where, string fed)
    {
        _ = t;
        Assert.Fail($"{where}: style expectation '{spec}' needs the emulator's cell/style API, not mapped yet (after {fed})");
    }
}
