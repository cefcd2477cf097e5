using Mux.Platform.Native;

namespace Mux.Server.Sessions;

/// <summary>
/// Gives a detached, quiet session's code pages back to the page cache: after the quiet trim, and again after each
/// background chore (the cost sample, the record's refresh), since whatever a chore runs is mapped back 64 KiB at a
/// time (the kernel's fault-around) and would stay. From a thread of its own that first waits a moment, so the
/// chore's thread is asleep again and nothing runs right after the release to map the pages straight back.
/// A client that attaches gets them back by minor faults, once.
/// </summary>
internal sealed class IdlePages(Func<bool> idle)
{
    /// <summary>How long the requester has to finish and go back to sleep.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(50);

    private readonly AutoResetEvent _wake = new(false);
    private readonly Lock _gate = new();
    private Thread? _thread;

    /// <summary>Releases the pages soon, if the session is still idle then. Cheap; any thread.</summary>
    public void Request()
    {
        lock (_gate)
        {
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "idle-pages" };
                _thread.Start();
            }
        }
        _wake.Set();
    }

    private void Run()
    {
        while (true)
        {
            _wake.WaitOne();
            Thread.Sleep(Settle);
            if (idle()) CodePages.Release();
        }
    }
}
