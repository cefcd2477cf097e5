namespace Mux.Protocol;

/// <summary>A session's socket file name, <c>PID.NAME</c>, as screen names them.</summary>
public readonly record struct SessionName(int Pid, string Name)
{
    public const int MaxLength = 80;

    public string FileName => $"{Pid}.{Name}";

    public override string ToString() => FileName;

    public static bool TryParse(string fileName, out SessionName result)
    {
        result = default;
        int dot = fileName.IndexOf('.');
        if (dot <= 0 || dot == fileName.Length - 1) return false;
        if (!int.TryParse(fileName.AsSpan(0, dot), System.Globalization.NumberStyles.None, null, out int pid)) return false;
        result = new SessionName(pid, fileName[(dot + 1)..]);
        return true;
    }

    /// <summary>Null when <paramref name="name"/> can be a session name, else why not.</summary>
    public static string? Validate(string name)
    {
        if (name.Length == 0) return "a session name cannot be empty";
        if (name.Length > MaxLength) return $"a session name can be at most {MaxLength} characters";
        foreach (char c in name)
        {
            if (c == '/') return "a session name cannot contain '/'";
            if (char.IsControl(c)) return "a session name cannot contain control characters";
        }
        if (name is "." or "..") return "a session name cannot be '.' or '..'";
        return null;
    }
}
