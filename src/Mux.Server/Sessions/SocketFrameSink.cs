using Mux.Protocol;

namespace Mux.Server.Sessions;

/// <summary>Frames as Output messages over the client's socket: the way when the server cannot open the client's terminal.</summary>
internal sealed class SocketFrameSink(Connection connection) : IFrameSink
{
    public bool TryWrite(ReadOnlySpan<byte> frame, out bool complete) => connection.TrySendOutput(frame, out complete);

    public bool Flush() => connection.SendBacklog();

    public bool Write(ReadOnlySpan<byte> frame) => connection.SendOutput(frame);
}
