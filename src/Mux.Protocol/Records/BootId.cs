namespace Mux.Protocol.Records;

/// <summary>
/// The kernel's id of this boot: a record written under another one belongs to a server the machine's restart ended.
/// <c>MUX_BOOT_ID_FILE</c> names another file to read it from, so that a restart can be played in a test.
/// </summary>
public static class BootId
{
    private const string KernelFile = "/proc/sys/kernel/random/boot_id";

    /// <summary>Empty when it cannot be read (then no record is judged by it).</summary>
    public static string Current()
    {
        string file = Environment.GetEnvironmentVariable("MUX_BOOT_ID_FILE") is { Length: > 0 } f ? f : KernelFile;
        try { return File.ReadAllText(file).Trim(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }
}
