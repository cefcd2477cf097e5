using Mux.Platform.Native;
using Mux.Protocol;
using Mux.Server.Sessions;

namespace Mux.Server.Survival;

/// <summary>
/// The version-stable part of the protocol on the server's side (see <see cref="WireFormat"/>): a client of another
/// version gets a Welcome saying which version this server speaks, and may then ask it to become a given mux-server.
/// </summary>
public static class ServerUpgrade
{
    /// <summary>Test-only: the server announces this protocol version instead of its own (until it replaces itself).</summary>
    public const string TestVersionVariable = "MUX_TEST_PROTOCOL_VERSION";

    /// <summary>Test-only: the server answers another version's Hello as servers before the stable subset did.</summary>
    public const string TestBeforeUpgradeVariable = "MUX_TEST_PROTOCOL_BEFORE_UPGRADE";

    /// <summary>The version this server says it speaks in Welcome.</summary>
    public static ushort AnnouncedVersion { get; private set; } = WireFormat.Version;

    private static bool _beforeUpgrade;

    /// <summary>Reads and removes the test variables.</summary>
    public static void ReadTestVersion()
    {
        string? value = Environment.GetEnvironmentVariable(TestVersionVariable);
        Environment.SetEnvironmentVariable(TestVersionVariable, null);
        _beforeUpgrade = Environment.GetEnvironmentVariable(TestBeforeUpgradeVariable) == "1";
        Environment.SetEnvironmentVariable(TestBeforeUpgradeVariable, null);
        if (ushort.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out ushort version)) AnnouncedVersion = version;
    }

    /// <summary>
    /// A client of another version: Welcome says which version this is; then only Upgrade is understood, anything else
    /// gets a plain error.
    /// </summary>
    public static void ServeOtherVersion(Session session, Connection connection, ushort clientVersion, TimeSpan timeout)
    {
        if (_beforeUpgrade)
        {
            // Exactly what every server before the stable subset answered, and all it answered.
            connection.Send(MessageType.Error, new PayloadWriter().String(
                $"protocol version mismatch: this session speaks {AnnouncedVersion}, the client {clientVersion}; use the mux that started it").WrittenSpan);
            return;
        }
        connection.Send(MessageType.Welcome, new Welcome(AnnouncedVersion, session.Pid, session.Name).Encode());
        if (connection.Receive(timeout) is { Type: MessageType.Upgrade } request)
        {
            Upgrade(session, connection, request.Payload);
            return;
        }
        connection.Send(MessageType.Error, new PayloadWriter().String(
            $"protocol version mismatch: this session speaks {AnnouncedVersion}, the client {clientVersion}; " +
            "a mux of version 6 or later upgrades the session (mux -X upgrade)").WrittenSpan);
    }

    /// <summary>
    /// Replaces this server with the mux-server the client names. Returns only if that failed, after telling the
    /// client why; on success this process runs the new binary and the connection is gone with the old image.
    /// </summary>
    public static void Upgrade(Session session, Connection connection, ReadOnlySpan<byte> payload)
    {
        string path = new PayloadReader(payload).String();
        string problem = Check(path) ?? session.Replacement?.Replace(path,
            $"the session now runs {path} (upgraded); every window kept its program") ?? "this server cannot replace itself yet";
        connection.Send(MessageType.Error, new PayloadWriter().String($"cannot upgrade the session: {problem}").WrittenSpan);
    }

    /// <summary>Only a mux-server binary, named by its full path (the peer is the same user: it could run anything anyway).</summary>
    private static string? Check(string path)
    {
        if (!Path.IsPathFullyQualified(path) || Path.GetFileName(path) != "mux-server") return $"'{path}' is not the full path of a mux-server";
        if (!File.Exists(path) || Libc.access(path, Libc.X_OK) != 0) return $"{path} is missing or not executable";
        return null;
    }
}
