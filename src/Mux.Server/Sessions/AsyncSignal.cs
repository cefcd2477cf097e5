namespace Mux.Server.Sessions;

/// <summary>
/// An auto-reset signal that coalesces: any number of <see cref="Set"/> calls before the waiter runs wake it once.
/// This is what turns a flood of window output into a handful of frames.
/// </summary>
public sealed class AsyncSignal
{
    private readonly object _gate = new();
    private TaskCompletionSource? _waiter;
    private bool _set;

    public void Set()
    {
        TaskCompletionSource? toWake;
        lock (_gate)
        {
            if (_waiter == null) { _set = true; return; }
            toWake = _waiter;
            _waiter = null;
        }
        toWake.TrySetResult();
    }

    /// <summary>Completes when set (at once if already set since the last wait), consuming the signal.</summary>
    public Task WaitAsync()
    {
        lock (_gate)
        {
            if (_set) { _set = false; return Task.CompletedTask; }
            _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _waiter.Task;
        }
    }
}
