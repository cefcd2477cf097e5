using System.Text;
using Mux.Platform.Native;

namespace Mux.Server.Tests.Native;

/// <summary>Which mappings an idle server gives back: only read-only file pages that hold no private copy.</summary>
public sealed class CodePagesTests
{
    private static List<(ulong Start, ulong End)> Advised(string smaps)
    {
        var advised = new List<(ulong, ulong)>();
        CodePages.Release(new MemoryStream(Encoding.ASCII.GetBytes(smaps)), (s, e) => { advised.Add((s, e)); return true; });
        return advised;
    }

    private static string Block(string header, int anonymousKb) =>
        $"{header}\nSize:                152 kB\nRss:                 100 kB\nAnonymous:      {anonymousKb,6} kB\nVmFlags: rd ex mr mw me\n";

    [Fact]
    public void Code_and_read_only_data_of_files_are_released()
    {
        var advised = Advised(
            Block("55b8db77c000-55b8db9be000 r-xp 00008000 fe:00 5325020                    /usr/bin/mux", 0) +
            Block("7fc805cb1000-7fc805cd7000 r--p 00000000 fe:00 332096                     /usr/lib/x86_64-linux-gnu/libc.so.6", 0));
        Assert.Equal([(0x55b8db77c000UL, 0x55b8db9be000UL), (0x7fc805cb1000UL, 0x7fc805cd7000UL)], advised);
    }

    [Fact]
    public void Relocated_data_made_read_only_keeps_its_pages()
    {
        // RELRO: the loader wrote relocations into these pages, then made them read-only. The file holds other bytes.
        Assert.Empty(Advised(Block("7fc805e80000-7fc805e84000 r--p 001cf000 fe:00 332096 /usr/lib/x86_64-linux-gnu/libc.so.6", 16)));
    }

    [Theory]
    [InlineData("7fc805e84000-7fc805e86000 rw-p 001d3000 fe:00 332096 /usr/lib/x86_64-linux-gnu/libc.so.6")]   // writable
    [InlineData("7fc805e86000-7fc805e93000 rw-p 00000000 00:00 0 ")]                                           // anonymous
    [InlineData("7fc805e86000-7fc805e93000 r--p 00000000 00:00 0 ")]                                           // anonymous, read-only
    [InlineData("7f3000000000-7f3000010000 r--s 00000000 fe:00 99 /tmp/shared")]                                // shared
    [InlineData("7ffe684bc000-7ffe684be000 r-xp 00000000 00:00 0                          [vdso]")]
    [InlineData("55b8db77c000-55b8db9be000 r-xp 00008000 fe:00 5325020 /usr/bin/mux (deleted)")]                 // replaced on disk
    public void Anything_else_is_left_alone(string header) => Assert.Empty(Advised(Block(header, 0)));

    [Fact]
    public void A_mapping_whose_anonymous_line_is_missing_is_left_alone()
    {
        Assert.Empty(Advised("55b8db77c000-55b8db9be000 r-xp 00008000 fe:00 5325020 /usr/bin/mux\nRss: 100 kB\n"));
    }

    [Fact]
    public void Lines_that_cross_the_read_buffer_are_read_whole()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 400; i++)
            text.Append(Block($"{0x10000000UL + (ulong)i * 0x10000:x}-{0x10000000UL + (ulong)i * 0x10000 + 0x1000:x} r-xp 00000000 fe:00 {1000 + i} /usr/lib/lib{i}.so", i % 2));
        Assert.Equal(200, Advised(text.ToString()).Count);
    }

    [Fact]
    public void This_process_gives_back_its_code_pages_and_goes_on_running()
    {
        Assert.True(CodePages.Release() > 0);
        // The code runs again from the page cache.
        Assert.Equal("done", string.Join("", new[] { "do", "ne" }));
        Assert.True(CodePages.Release() > 0);
    }
}
