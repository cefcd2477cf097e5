namespace Mux.Platform.Native;

/// <summary>
/// The one place an exception becomes words for the user. The Native AOT build drops .NET's message texts
/// (UseSystemResourceKeys), so a framework exception's Message is a key such as <c>IO_PathNotFound_Path</c>:
/// the errno behind it, or its type, says the same thing in a plain sentence.
/// </summary>
public static class ErrorText
{
    public static string Describe(Exception e)
    {
        if (!LooksLikeResourceKey(e.Message)) return FirstLine(e.Message);
        return e switch
        {
            FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
            PathTooLongException => "File name too long",
            UnauthorizedAccessException => "Permission denied",
            // On Linux an IOException built from an errno carries it as its HResult.
            IOException { HResult: > 0 and < 4096 } io => Libc.ErrorText(io.HResult),
            IOException => "Input/output error",
            _ => $"unexpected error ({e.GetType().Name})",
        };
    }

    private static readonly System.Buffers.SearchValues<char> ResourceKeyChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    /// <summary>A resource key is one word with underscores (<c>IO_DiskFull_Path_AllocationSize, /x</c>).</summary>
    private static bool LooksLikeResourceKey(string message)
    {
        int end = message.IndexOfAny([',', ' ']);
        string head = end < 0 ? message : message[..end];
        return head.Contains('_') && !head.Contains('/') && !head.AsSpan().ContainsAnyExcept(ResourceKeyChars);
    }

    /// <summary>The first line, without the <c> : '/path'</c> .NET adds (callers name the path themselves).</summary>
    private static string FirstLine(string message)
    {
        int nl = message.IndexOf('\n');
        if (nl >= 0) message = message[..nl];
        int quoted = message.IndexOf(" : '", StringComparison.Ordinal);
        return (quoted > 0 ? message[..quoted] : message).TrimEnd();
    }
}
