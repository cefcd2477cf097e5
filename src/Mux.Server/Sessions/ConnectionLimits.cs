namespace Mux.Server.Sessions;

/// <summary>
/// What a connection that has not attached may cost the server. Every connection has a thread and buffers of its
/// own, so without bounds a same-user peer could hold hundreds of threads (a slowloris) or a megabyte per
/// connection (oversized greetings). An attached client is bounded by its own terminal instead.
/// </summary>
public sealed record ConnectionLimits
{
    public static readonly ConnectionLimits Default = new();

    /// <summary>How long a new connection may take to greet.</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a connection that has not attached may stay silent between requests.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest greeting: a generous environment and working directory fit many times over.</summary>
    public int MaxHelloSize { get; init; } = 256 * 1024;

    /// <summary>Connections that have not attached (commands, listings, waiters) served at once.</summary>
    public int MaxUnattached { get; init; } = 64;
}

/// <summary>Counts the connections that have not attached, against <see cref="ConnectionLimits.MaxUnattached"/>.</summary>
public sealed class UnattachedCount(int limit)
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Counts one more, unless the limit is reached.</summary>
    public bool TryAdd()
    {
        while (true)
        {
            int n = Volatile.Read(ref _count);
            if (n >= limit) return false;
            if (Interlocked.CompareExchange(ref _count, n + 1, n) == n) return true;
        }
    }

    public void Remove() => Interlocked.Decrement(ref _count);
}
