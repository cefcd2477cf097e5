namespace Mux.EndToEnd.Tests.Support;

/// <summary>
/// mux installed as <c>screen</c>: a symlink named screen in a bin folder of the test's root, first on PATH for
/// scripts, as a server whose screen is replaced by mux has it.
/// </summary>
public static class ScreenAlias
{
    /// <summary>The folder holding the <c>screen</c> symlink (made on first use).</summary>
    public static string ScreenBin(this MuxEnvironment env)
    {
        string bin = Path.Combine(env.Root, "bin");
        string link = Path.Combine(bin, "screen");
        if (!File.Exists(link))
        {
            Directory.CreateDirectory(bin);
            File.CreateSymbolicLink(link, MuxEnvironment.MuxBinary);
        }
        return bin;
    }

    /// <summary>Runs <c>screen ARGS</c> (mux through the symlink) to completion, stdout and stderr through pipes.</summary>
    public static Task<CommandResult> RunScreen(this MuxEnvironment env, params string[] args) =>
        env.RunProgram(Path.Combine(env.ScreenBin(), "screen"), args);

    /// <summary>Runs a POSIX shell script with the <c>screen</c> symlink first on PATH.</summary>
    public static Task<CommandResult> RunScript(this MuxEnvironment env, string script) =>
        env.RunProgram("/bin/sh", ["-c", script], new Dictionary<string, string?>
        {
            ["PATH"] = env.ScreenBin() + ":" + (env.Environment.TryGetValue("PATH", out var path) ? path : "/usr/bin:/bin"),
        });
}
