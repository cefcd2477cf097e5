namespace Mux.Server.Sessions;

/// <summary>
/// Where an attached client's frames are written: its own terminal (<see cref="ClientTerminal"/>) or its socket
/// (<see cref="SocketFrameSink"/>). Either takes a frame without blocking when it can and keeps what did not fit,
/// so a window's reader can draw a keystroke's echo itself and leave the rest to the render loop.
/// </summary>
internal interface IFrameSink
{
    /// <summary>
    /// Writes without blocking. False, having written nothing, when another thread is writing, earlier bytes are
    /// still waiting or the sink is closed. <paramref name="complete"/>: false when part was kept for <see cref="Flush"/>.
    /// </summary>
    bool TryWrite(ReadOnlySpan<byte> frame, out bool complete);

    /// <summary>Writes, waiting for room, what <see cref="TryWrite"/> kept; false when the sink was closed or failed.</summary>
    bool Flush();

    /// <summary>Writes all of <paramref name="frame"/>, waiting for room; false when the sink was closed or failed.</summary>
    bool Write(ReadOnlySpan<byte> frame);
}
