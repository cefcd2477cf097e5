namespace Mux.Client.Keys;

/// <summary>The lines typed at the colon prompt while attached, oldest first, each once, the last 100.</summary>
internal sealed class CommandLineHistory
{
    private const int Limit = 100;
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines => _lines;

    public void Add(string line)
    {
        line = line.Trim();
        if (line.Length == 0) return;
        _lines.Remove(line);
        _lines.Add(line);
        if (_lines.Count > Limit) _lines.RemoveAt(0);
    }
}
