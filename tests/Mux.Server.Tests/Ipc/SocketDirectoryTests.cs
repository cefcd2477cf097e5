using System.Net.Sockets;
using Mux.Platform.Native;
using Mux.Protocol;

namespace Mux.Server.Tests.Ipc;

public sealed class SocketDirectoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mux-sockdir-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void CreatesTheDirectoryWithMode0700()
    {
        string dir = Path.Combine(_root, "mux");
        Assert.False(SocketDirectory.EnsureSecure(dir, create: false));
        Assert.False(Directory.Exists(dir));
        Assert.True(SocketDirectory.EnsureSecure(dir, create: true));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
        Assert.True(SocketDirectory.EnsureSecure(dir, create: true)); // idempotent
    }

    [Fact]
    public void MissingParentIsAClearError()
    {
        var ex = Assert.Throws<IOException>(() => SocketDirectory.EnsureSecure(Path.Combine(_root, "no", "mux"), create: true));
        Assert.Contains("No such file or directory", ex.Message);
    }

    [Fact]
    public void GroupOrOtherBitsAreRefusedWithTheFix()
    {
        string dir = Path.Combine(_root, "open");
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, (UnixFileMode)0x1ED); // 0755
        var ex = Assert.Throws<MuxSecurityException>(() => SocketDirectory.EnsureSecure(dir, create: true));
        Assert.Equal($"socket directory {dir} has mode 0755; run: chmod 700 {dir}", ex.Message);
        File.SetUnixFileMode(dir, (UnixFileMode)0x1C8); // 0710
        Assert.Throws<MuxSecurityException>(() => SocketDirectory.EnsureSecure(dir, create: false));
    }

    [Fact]
    public void AnotherOwnerIsRefused()
    {
        if (Libc.geteuid() != 0) return; // chown to another uid needs root (xunit 2 has no dynamic skip)
        string dir = Path.Combine(_root, "theirs");
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, (UnixFileMode)0x1C0);
        Assert.Equal(0, Libc.chown(dir, 65534, 65534));
        var ex = Assert.Throws<MuxSecurityException>(() => SocketDirectory.EnsureSecure(dir, create: true));
        Assert.Contains("owned by uid 65534", ex.Message);
    }

    [Fact]
    public void SymlinkIsRefused()
    {
        string target = Path.Combine(_root, "real");
        Directory.CreateDirectory(target);
        File.SetUnixFileMode(target, (UnixFileMode)0x1C0);
        string link = Path.Combine(_root, "link");
        File.CreateSymbolicLink(link, target);
        var ex = Assert.Throws<MuxSecurityException>(() => SocketDirectory.EnsureSecure(link, create: true));
        Assert.Contains("symbolic link", ex.Message);
    }

    [Fact]
    public void ResolvePrefersMuxDir()
    {
        string? saved = Environment.GetEnvironmentVariable("MUX_DIR");
        string? savedXdg = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        try
        {
            Environment.SetEnvironmentVariable("MUX_DIR", "/some/where/");
            Assert.Equal("/some/where", SocketDirectory.Resolve());
            Environment.SetEnvironmentVariable("MUX_DIR", null);
            Environment.SetEnvironmentVariable("XDG_RUNTIME_DIR", _root);
            Assert.Equal(Path.Combine(_root, "mux"), SocketDirectory.Resolve());
            Environment.SetEnvironmentVariable("XDG_RUNTIME_DIR", "/does/not/exist");
            Assert.Equal("/tmp/mux-" + Libc.getuid(), SocketDirectory.Resolve());
        }
        finally
        {
            Environment.SetEnvironmentVariable("MUX_DIR", saved);
            Environment.SetEnvironmentVariable("XDG_RUNTIME_DIR", savedXdg);
        }
    }

    [Fact]
    public async Task PeerCredentialsOfAUnixSocketAreOurs()
    {
        string path = Path.Combine(_root, "s");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        var accept = listener.AcceptAsync();
        using var client = UnixSocket.Connect(path, out int errno);
        Assert.True(client is not null, Libc.ErrorText(errno));
        using var accepted = await accept.WaitAsync(TimeSpan.FromSeconds(10));
        using var server = UnixSocket.Duplicate(accepted.SafeHandle);
        var (pid, uid, gid) = PeerCredentials.Get(server);
        Assert.Equal(Environment.ProcessId, pid);
        Assert.Equal(Libc.getuid(), uid);
        Assert.Equal(Libc.getgid(), gid);
        Assert.Equal(Environment.ProcessId, PeerCredentials.Get(client).Pid);
    }
}
