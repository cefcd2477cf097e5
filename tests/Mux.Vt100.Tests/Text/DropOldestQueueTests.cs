using Mux.Vt100.Text;

namespace Mux.Vt100.Tests.Text;

public class DropOldestQueueTests
{
    [Fact]
    public void PastItsCapacityTheOldestGoAndAreCountedOnce()
    {
        var q = new DropOldestQueue<int>(3);
        for (int i = 0; i < 10; i++) q.Enqueue(i);
        Assert.Equal([7, 8, 9], q.TakeAll());
        Assert.Equal(7, q.TakeDropped());
        Assert.Equal(0, q.TakeDropped());
        Assert.Empty(q.TakeAll());
        q.Enqueue(1);
        Assert.Equal(1, q.Count);
        Assert.Equal(0, q.TakeDropped());
    }
}
