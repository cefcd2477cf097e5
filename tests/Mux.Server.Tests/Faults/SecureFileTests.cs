using Mux.Platform.Native;

namespace Mux.Server.Tests.Faults;

/// <summary>Paths another user can write to on the way to a file Mux writes.</summary>
public sealed class SecureFileTests : IDisposable
{
    private const uint Nobody = 65534;

    private readonly string _root = Directory.CreateTempSubdirectory("mux-securefile-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static bool IsRoot => Libc.geteuid() == 0;

    /// <summary>chown -h: changes the link itself, not what it points to.</summary>
    private static void Chown(string path, uint uid)
    {
        using var p = System.Diagnostics.Process.Start("chown", ["-h", uid.ToString(System.Globalization.CultureInfo.InvariantCulture), path]);
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    private string Shared()
    {
        string shared = Path.Combine(_root, "shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, (UnixFileMode)0x3FF); // 1777, like /tmp
        return shared;
    }

    private static void Append(string path, string text)
    {
        using var fd = SecureFile.OpenForAppend(path);
        SecureFile.WriteAll(fd.Fd, System.Text.Encoding.UTF8.GetBytes(text));
    }

    [Fact]
    public void APlantedLinkToADirectoryOnTheWayIsNotFollowed()
    {
        if (!IsRoot) return; // planting as another user needs chown (xunit 2 has no dynamic skip)
        string mine = Path.Combine(_root, "mine");
        Directory.CreateDirectory(mine);
        File.WriteAllText(Path.Combine(mine, "job.log"), "precious\n");
        string link = Path.Combine(Shared(), "logs");
        File.CreateSymbolicLink(link, mine);
        Chown(link, Nobody);

        var e = Assert.Throws<IOException>(() => Append(Path.Combine(link, "job.log"), "planted\n"));
        Assert.Equal($"{link} is a link that belongs to another user (uid {Nobody}); Mux does not follow it", e.Message);
        e = Assert.Throws<IOException>(() => SecureFile.Replace(Path.Combine(link, "job.log"), "planted\n"u8));
        Assert.Contains("belongs to another user", e.Message);
        Assert.Equal("precious\n", File.ReadAllText(Path.Combine(mine, "job.log")));
    }

    [Fact]
    public void ALinkOfTheDirectorysOwnerIsFollowed()
    {
        if (!IsRoot) return; // needs another uid (xunit 2 has no dynamic skip)
        string theirs = Path.Combine(_root, "theirs");
        Directory.CreateDirectory(theirs);
        File.SetUnixFileMode(theirs, (UnixFileMode)0x1FF);
        string target = Path.Combine(_root, "target.log");
        string link = Path.Combine(theirs, "job.log");
        File.CreateSymbolicLink(link, target);
        Chown(link, Nobody);
        Chown(theirs, Nobody);
        Append(link, "through their link\n");
        Assert.Equal("through their link\n", File.ReadAllText(target));
    }

    [Fact]
    public void TheUsersOwnLinksAreFollowedRelativeToWhereTheyAreAndALoopIsAnError()
    {
        string dir = Path.Combine(_root, "d");
        Directory.CreateDirectory(dir);
        File.CreateSymbolicLink(Path.Combine(dir, "a"), "../b");
        File.CreateSymbolicLink(Path.Combine(_root, "b"), "d/real.log");
        Append(Path.Combine(dir, "a"), "one\n");
        Append(Path.Combine(dir, "a"), "two\n");
        Assert.Equal("one\ntwo\n", File.ReadAllText(Path.Combine(dir, "real.log")));

        File.CreateSymbolicLink(Path.Combine(_root, "x"), "y");
        File.CreateSymbolicLink(Path.Combine(_root, "y"), "x");
        Assert.Equal("too many links to follow", Assert.Throws<IOException>(() => Append(Path.Combine(_root, "x"), "")).Message);
    }

    [Fact]
    public void ReplaceRenamesAWholeNewCopyIntoPlaceKeepingTheFilesMode()
    {
        string path = Path.Combine(_root, "copy.txt");
        File.WriteAllText(path, new string('x', 10_000));
        File.SetUnixFileMode(path, (UnixFileMode)0x180);
        long before = new FileInfo(path).Length;
        SecureFile.Replace(path, "short\n"u8);
        Assert.Equal("short\n", File.ReadAllText(path));
        Assert.Equal((UnixFileMode)0x180, File.GetUnixFileMode(path));
        Assert.Single(Directory.GetFileSystemEntries(_root));
        Assert.True(before > 6);

        // A directory on the way that does not exist is a plain error, and leaves nothing behind.
        var e = Assert.Throws<IOException>(() => SecureFile.Replace(Path.Combine(_root, "no", "copy.txt"), "x"u8));
        Assert.Equal("No such file or directory", e.Message);
    }

    [Theory]
    [InlineData("IO_PathNotFound_Path, /nonexistent/dir/x.txt", "No such file or directory")]
    [InlineData("IO_FileNotFound_FileName, /x", "No such file or directory")]
    public void ResourceKeysBecomeSentences(string key, string sentence)
    {
        Assert.Equal(sentence, ErrorText.Describe(new DirectoryNotFoundException(key)));
        Assert.Equal(sentence, ErrorText.Describe(new FileNotFoundException(key)));
    }

    [Fact]
    public void AnErrnoBehindAResourceKeyIsSaidInWords()
    {
        Assert.Equal("No space left on device", ErrorText.Describe(new IOException("IO_DiskFull_Path_AllocationSize, /x, 10", 28)));
        Assert.Equal("Permission denied", ErrorText.Describe(new UnauthorizedAccessException("UnauthorizedAccess_IODenied_Path, /x")));
        Assert.Equal("No space left on device", ErrorText.Describe(new IOException("No space left on device : '/dev/full'")));
        Assert.Equal("Input/output error", ErrorText.Describe(new IOException("IO_SomethingElse")));
    }

    [Fact]
    public void ANameTakenByAPlantedLinkIsSteppedOverAndWhatItPointsAtIsUntouched()
    {
        string dir = Shared();
        string victim = Path.Combine(_root, "victim");
        File.WriteAllText(victim, "the victim's own");
        File.CreateSymbolicLink(Path.Combine(dir, ".record.planted"), victim);
        File.WriteAllText(Path.Combine(dir, "record"), "old");
        int dirFd = Libc.open(dir, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        try
        {
            var tried = new List<int>();
            SecureFile.WriteThenRename(dirFd, "record", "new"u8, 0x180, null, attempt =>
            {
                tried.Add(attempt);
                return attempt == 0 ? ".record.planted" : ".record.free";
            });
            Assert.Equal([0, 1], tried);
        }
        finally
        {
            Libc.close(dirFd);
        }
        Assert.Equal("new", File.ReadAllText(Path.Combine(dir, "record")));
        Assert.Equal("the victim's own", File.ReadAllText(victim));
        Assert.False(File.Exists(Path.Combine(dir, ".record.free")));
    }

    [Fact]
    public void WhenEveryNameTriedIsTakenTheWriteIsRefusedInWordsAndTheFileKept()
    {
        string dir = Shared();
        File.WriteAllText(Path.Combine(dir, "record"), "old");
        File.WriteAllText(Path.Combine(dir, ".record.taken"), "someone's");
        int dirFd = Libc.open(dir, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        try
        {
            var e = Assert.Throws<IOException>(() =>
                SecureFile.WriteThenRename(dirFd, "record", "new"u8, 0x180, null, _ => ".record.taken"));
            Assert.Contains("taken", e.Message);
        }
        finally
        {
            Libc.close(dirFd);
        }
        Assert.Equal("old", File.ReadAllText(Path.Combine(dir, "record")));
        Assert.Equal("someone's", File.ReadAllText(Path.Combine(dir, ".record.taken")));
    }
}
