using System.Buffers.Text;

namespace Mux.Platform.Native;

/// <summary>
/// Hands back the pages of code and read-only data that an idle server keeps mapped only because start-up (or the
/// last burst) ran them. Of an idle server's RSS, about 4.7 MB are such file pages (our executable, libc, libm,
/// the loader), most of them touched once while starting, and the kernel maps 64 KiB around every page faulted.
/// <c>madvise(MADV_DONTNEED)</c> on a read-only private file mapping only takes the pages out of this process's
/// page tables: they stay in the page cache, and what runs again is mapped back by a minor fault. That is no risk
/// the kernel does not already take when it reclaims clean file pages under memory pressure. A mapping that holds
/// any private copy (relocated data made read-only after loading: <c>Anonymous</c> above zero) is left alone,
/// since dropping it would bring back the file's unrelocated bytes.
/// </summary>
public static class CodePages
{
    /// <summary>
    /// Releases every eligible mapping; returns the bytes of address range advised (0 if none, or when smaps cannot be
    /// read). Allocates almost nothing, so that the memory it is meant to save is not spent reading the list.
    /// </summary>
    public static long Release()
    {
        FileStream smaps;
        try
        {
            smaps = new FileStream("/proc/self/smaps", FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
        using (smaps)
            return Release(smaps, Advise);
    }

    /// <summary>Walks smaps text from <paramref name="smaps"/>, calling <paramref name="advise"/> for each eligible mapping.</summary>
    internal static long Release(Stream smaps, Func<ulong, ulong, bool> advise)
    {
        Span<byte> buffer = stackalloc byte[8192];
        int filled = 0;
        long released = 0;
        Mapping current = default;
        while (true)
        {
            int n = smaps.Read(buffer[filled..]);
            filled += n;
            var text = buffer[..filled];
            int consumed = 0;
            while (true)
            {
                int eol = text[consumed..].IndexOf((byte)'\n');
                if (eol < 0) break;
                OnLine(text.Slice(consumed, eol));
                consumed += eol + 1;
            }
            if (n == 0)
            {
                if (consumed < filled) OnLine(text[consumed..]);
                released += Finish(current);
                return released;
            }
            // A line longer than the buffer is not one smaps writes; drop it rather than loop.
            if (consumed == 0 && filled == buffer.Length) consumed = filled;
            text[consumed..].CopyTo(buffer);
            filled -= consumed;
        }

        void OnLine(ReadOnlySpan<byte> line)
        {
            if (Mapping.TryParseHeader(line, out var header))
            {
                released += Finish(current);
                current = header;
            }
            else if (line.StartsWith("Anonymous:"u8))
            {
                current.NoPrivateCopies = IsZero(line["Anonymous:"u8.Length..]);
            }
        }

        long Finish(Mapping m) => m.Eligible && advise(m.Start, m.End) ? (long)(m.End - m.Start) : 0;
    }

    private static bool Advise(ulong start, ulong end) =>
        Libc.madvise((nint)start, (nuint)(end - start), Libc.MADV_DONTNEED) == 0;

    private static bool IsZero(ReadOnlySpan<byte> kilobytes)
    {
        kilobytes = kilobytes.Trim(" \t"u8);
        return Utf8Parser.TryParse(kilobytes, out long value, out _) && value == 0;
    }

    /// <summary>One mapping: a header line of smaps (as in <c>/proc/self/maps</c>) and what its block said.</summary>
    internal struct Mapping
    {
        public ulong Start, End;
        public bool ReadOnlyPrivateFile;
        /// <summary>Its <c>Anonymous:</c> line said zero: not one page of it is a private copy.</summary>
        public bool NoPrivateCopies;

        /// <summary>Read-only (executable or not), private, backed by a file that still exists, and no private copy.</summary>
        public readonly bool Eligible => ReadOnlyPrivateFile && NoPrivateCopies && End > Start;

        /// <summary>"start-end perms offset dev inode [path]"; false for any other line of smaps.</summary>
        public static bool TryParseHeader(ReadOnlySpan<byte> line, out Mapping mapping)
        {
            mapping = default;
            if (line.IsEmpty || !char.IsAsciiHexDigitLower((char)line[0]) && !char.IsAsciiDigit((char)line[0])) return false;
            if (!Utf8Parser.TryParse(line, out ulong start, out int used, 'x') || used >= line.Length || line[used] != '-')
                return false;
            line = line[(used + 1)..];
            if (!Utf8Parser.TryParse(line, out ulong end, out used, 'x') || used >= line.Length || line[used] != ' ')
                return false;
            line = line[(used + 1)..];
            if (line.Length < 4) return false;
            var perms = line[..4];
            line = line[4..];
            // offset, device, inode, then the path (absent for anonymous memory)
            ReadOnlySpan<byte> offset = NextField(ref line), device = NextField(ref line), inodeText = NextField(ref line);
            if (offset.IsEmpty || device.IsEmpty || !Utf8Parser.TryParse(inodeText, out ulong inode, out _)) return false;
            var path = line.Trim(" "u8);
            mapping.Start = start;
            mapping.End = end;
            mapping.ReadOnlyPrivateFile = perms[0] == 'r' && perms[1] == '-' && perms[3] == 'p'
                && inode != 0 && path.StartsWith("/"u8) && !path.EndsWith(" (deleted)"u8);
            return true;
        }

        private static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> line)
        {
            line = line.TrimStart(" "u8);
            int space = line.IndexOf((byte)' ');
            var field = space < 0 ? line : line[..space];
            line = space < 0 ? default : line[space..];
            return field;
        }
    }
}
