using System.Diagnostics;

namespace Mux.EndToEnd.Tests.Support;

/// <summary>
/// Polling waits, for conditions that raise no event (a socket file appearing, a process disappearing).
/// Polling every 15 ms is acceptable only because there is nothing to await; anything with an event
/// (PTY output, process exit) should be awaited through TerminalSession instead.
/// </summary>
public static class Wait
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(15);

    /// <summary>Returns once <paramref name="condition"/> holds; throws TimeoutException naming <paramref name="what"/> otherwise.</summary>
    public static void Until(Func<bool> condition, TimeSpan timeout, string? what = null)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what ?? "a condition"}");
            Thread.Sleep(PollInterval);
        }
    }

    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string? what = null)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what ?? "a condition"}");
            await Task.Delay(PollInterval);
        }
    }
}
