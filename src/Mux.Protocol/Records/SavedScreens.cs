using System.IO.Compression;
using System.Text;

namespace Mux.Protocol.Records;

/// <summary>
/// A session's last screens as text, kept compressed beside its record: per window, a heading line and the last
/// <see cref="MaxLines"/> lines of its history and screen. GZip (zlib, linked into the Native AOT binary) turns the
/// usual 1,000 lines of a log-like job into a few KiB.
/// </summary>
public static class SavedScreens
{
    /// <summary>How many lines of each window are kept: the screen and the end of its history.</summary>
    public const int MaxLines = 1000;

    public static byte[] Compress(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        return buffer.ToArray();
    }

    /// <summary>The text, or null when the bytes are not a whole compressed text (torn, or not ours).</summary>
    public static string? Decompress(byte[] data, int maxBytes = 64 << 20)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
            using var text = new MemoryStream();
            var chunk = new byte[64 * 1024];
            int n;
            while ((n = gzip.Read(chunk)) > 0)
            {
                text.Write(chunk, 0, n);
                if (text.Length > maxBytes) return null;
            }
            return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
        }
        catch (InvalidDataException) { return null; }
    }
}
