namespace Mux.Vt100.Text;

/// <summary>
/// A queue of at most <c>capacity</c> items: one more pushes the oldest out and counts it, so whoever takes the
/// items can also say how many were lost. What programs raise faster than anyone takes (notifications, finished
/// commands) costs a fixed amount of memory.
/// </summary>
public sealed class DropOldestQueue<T>(int capacity)
{
    private readonly Queue<T> _items = new();
    private int _dropped;

    public int Count => _items.Count;

    public void Enqueue(T item)
    {
        if (_items.Count >= capacity)
        {
            _items.Dequeue();
            _dropped++;
        }
        _items.Enqueue(item);
    }

    /// <summary>Everything held, oldest first; the queue is empty after.</summary>
    public T[] TakeAll()
    {
        if (_items.Count == 0) return [];
        var taken = _items.ToArray();
        _items.Clear();
        return taken;
    }

    /// <summary>How many were pushed out since the last call.</summary>
    public int TakeDropped()
    {
        int n = _dropped;
        _dropped = 0;
        return n;
    }
}
