namespace Mux.Vt100.Tests.Support;

/// <summary>Where test data lives: our own files beside the test assembly, shared conformance data outside the repository.</summary>
internal static class TestPaths
{
    public const string ConformanceVariable = "MUX_VT_CONFORMANCE";

    /// <summary>The folder holding <c>Mux.sln</c>, found by walking up from the test assembly.</summary>
    public static string? RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Mux.sln")))
                    return dir.FullName;
            }
            return null;
        }
    }

    /// <summary>
    /// The shared vt-conformance folder. The data is public test material we may read but not commit,
    /// so it is located at run time: <c>$MUX_VT_CONFORMANCE</c>, else <c>shared/vt-conformance</c> beside the repository (or beside an ancestor folder).
    /// </summary>
    public static string? ConformanceRoot
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable(ConformanceVariable);
            if (!string.IsNullOrEmpty(fromEnv))
                return Directory.Exists(fromEnv) ? Path.GetFullPath(fromEnv) : null;
            var root = RepositoryRoot;
            if (root is null)
                return null;
            // ../shared beside a checkout; a git worktree sits deeper, so further ancestors are tried too.
            for (var dir = new DirectoryInfo(root).Parent; dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "vt-conformance");
                if (Directory.Exists(candidate)) return candidate;
            }
            return null;
        }
    }

    public static string MissingConformanceMessage =>
        $"vt-conformance data not found: set {ConformanceVariable} or place shared/vt-conformance beside the repository " +
        $"(repository root: {RepositoryRoot ?? "<no Mux.sln above " + AppContext.BaseDirectory + ">"})";

    /// <summary>A data folder copied beside the test assembly.</summary>
    public static string OwnData(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, .. parts]);
}
