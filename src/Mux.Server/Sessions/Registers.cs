namespace Mux.Server.Sessions;

/// <summary>
/// screen's registers: texts kept under a one-character name for <c>paste</c>. The name <c>.</c> is the paste
/// buffer that copy mode fills, so it lives in the session and is passed in.
/// </summary>
public sealed class Registers
{
    /// <summary>The largest text a register holds: a script pasting a file must not be able to fill the server's memory.</summary>
    public const int MaxLength = 16 * 1024 * 1024;

    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    public string? Get(string name) => _texts.GetValueOrDefault(name);

    public void Set(string name, string text) => _texts[name] = text;
}
