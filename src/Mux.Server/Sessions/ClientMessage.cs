namespace Mux.Server.Sessions;

/// <summary>
/// The message a client shows in place of its status line for a while (screen's <c>msgwait</c>). The client
/// redraws once it has expired. Read and changed under the session lock.
/// </summary>
internal sealed class ClientMessage(Action redraw)
{
    private string? _text;
    private DateTime _expires;

    public void Show(string text, TimeSpan duration)
    {
        _text = text;
        _expires = DateTime.UtcNow + duration;
        _ = RedrawAfterAsync(duration);
    }

    /// <summary>The message still showing, or null.</summary>
    public string? Text
    {
        get
        {
            if (_text != null && DateTime.UtcNow >= _expires) _text = null;
            return _text;
        }
    }

    private async Task RedrawAfterAsync(TimeSpan after)
    {
        await Task.Delay(after + TimeSpan.FromMilliseconds(10)).ConfigureAwait(false);
        redraw();
    }
}
