using System.Text;
using Microsoft.Win32.SafeHandles;
using Mux.Platform.Native;
using Mux.Platform.Pty;

namespace Mux.Server.Jobs;

/// <summary>
/// A helper program run in the background (a hook, nvidia-smi): posix_spawn'd in a session of its own, its standard
/// input fed from a pipe by a writer thread (so a program that never reads blocks nobody), its output and errors
/// collected from another pipe up to a limit, reaped by <see cref="ChildReaper"/>.
/// </summary>
internal sealed class ChildProcess
{
    private const int OutputLimit = 16 * 1024;

    private readonly TaskCompletionSource<ExitStatus> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(int pid) => Pid = pid;

    public int Pid { get; }

    /// <summary>Completes when the program has ended and been reaped.</summary>
    public Task<ExitStatus> Exited => _exited.Task;

    /// <summary>What it wrote to stdout and stderr (the first 16 KiB), complete once every holder of the pipe closed it.</summary>
    public Task<string> Output { get; private set; } = Task.FromResult("");

    /// <summary>Starts <paramref name="program"/>; throws <see cref="PtyException"/> when it cannot be run.</summary>
    public static unsafe ChildProcess Start(string program, string[] argv, IReadOnlyList<string> envp, string cwd, byte[]? input)
    {
        int* inPipe = stackalloc int[2];
        int* outPipe = stackalloc int[2];
        if (Libc.pipe2(outPipe, Libc.O_CLOEXEC) != 0) throw new PtyException($"cannot run '{program}': no pipe ({Libc.ErrorText(System.Runtime.InteropServices.Marshal.GetLastPInvokeError())})");
        if (input is not null && Libc.pipe2(inPipe, Libc.O_CLOEXEC) != 0)
        {
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            Libc.close(outPipe[0]); Libc.close(outPipe[1]);
            throw new PtyException($"cannot run '{program}': no pipe ({Libc.ErrorText(errno)})");
        }
        int inRead = input is null ? -1 : inPipe[0], inWrite = input is null ? -1 : inPipe[1];
        int outRead = outPipe[0], outWrite = outPipe[1];
        int pid;
        try
        {
            pid = Spawner.Spawn(program, argv, envp, actions =>
            {
                Libc.posix_spawn_file_actions_addchdir_np(actions, cwd);
                // Pipes are close-on-exec in here; dup2 gives the child inheritable copies of its own ends only.
                if (inRead >= 0) Libc.posix_spawn_file_actions_adddup2(actions, inRead, 0);
                else Libc.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", Libc.O_RDONLY | Libc.O_NOCTTY, 0);
                Libc.posix_spawn_file_actions_adddup2(actions, outWrite, 1);
                Libc.posix_spawn_file_actions_adddup2(actions, outWrite, 2);
            }, cwd);
        }
        catch
        {
            if (inWrite >= 0) Libc.close(inWrite);
            Libc.close(outRead);
            throw;
        }
        finally
        {
            if (inRead >= 0) Libc.close(inRead);
            Libc.close(outWrite);
        }
        var child = new ChildProcess(pid);
        ChildReaper.Register(pid, status => child._exited.TrySetResult(status));
        var output = new SafeFileHandle(outRead, ownsHandle: true);
        child.Output = Task.Factory.StartNew(() => ReadAll(output), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (input is not null)
        {
            var stdin = new SafeFileHandle(inWrite, ownsHandle: true);
            _ = Task.Factory.StartNew(() => Feed(stdin, input), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        return child;
    }

    /// <summary>SIGKILL to the program and everything it started in its session (its process group).</summary>
    public void KillGroup()
    {
        if (Exited.IsCompleted && Output.IsCompleted) return;
        Libc.kill(-Pid, Libc.SIGKILL);
    }

    private static void Feed(SafeFileHandle handle, byte[] input)
    {
        // A program that exits without reading makes this fail with EPIPE (SIGPIPE is ignored in .NET): that is fine.
        try
        {
            using var stream = new FileStream(handle, FileAccess.Write, 1);
            stream.Write(input);
        }
        catch (IOException) { }
    }

    private static string ReadAll(SafeFileHandle handle)
    {
        var kept = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            using var stream = new FileStream(handle, FileAccess.Read, 1);
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                if (kept.Length < OutputLimit) kept.Write(buffer, 0, (int)Math.Min(n, OutputLimit - kept.Length));
        }
        catch (IOException) { }
        return Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length);
    }
}
