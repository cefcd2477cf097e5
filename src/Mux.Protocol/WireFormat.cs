namespace Mux.Protocol;

/// <summary>
/// The wire format between a client and a session server over the Unix socket.
/// Every message is framed as: int32 little-endian length (of what follows), one type byte, the payload.
/// The first message each way is Hello / Welcome, which carry <see cref="Version"/>.
/// <para>
/// <b>Stable forever</b>, so that any mux can upgrade a session whatever version its server speaks (since version 6):
/// the framing above; Hello starting with its U16 version; Welcome (U16 version, I32 server pid, string name), sent in
/// answer to a Hello of <i>any</i> version; Error (one string); and Upgrade (one string: the mux-server to become).
/// On a version mismatch the server answers nothing else: Upgrade makes it replace itself with the given binary,
/// keeping every window and its program; any other message gets an Error and the connection is closed. Change
/// anything else freely, bumping <see cref="Version"/>; never change these.
/// </para>
/// </summary>
public static class WireFormat
{
    /// <summary>
    /// 2: SessionInfo carries the current window. 3: the direct paths (TtyOpen/TtyClose, InputRoute). 4: WindowInfo
    /// carries the log's state, and the client acknowledges each InputRoute (InputRouteTaken). 5: WindowInfo carries
    /// what each job costs, its end record, hook problems and the input it could not be given. 6: the stable subset
    /// above (Welcome to any Hello, Upgrade). 7: the client tells the colours of its terminal (TerminalColors); KeyModes
    /// (the input modes of the shown window); SessionInfo counts read-only clients; the event stream (Subscribe, Event,
    /// EventsReplayed).
    /// </summary>
    public const ushort Version = 7;

    /// <summary>The first version with the stable subset: an older server answers another version's Hello only with an Error.</summary>
    public const ushort FirstStableVersion = 6;

    /// <summary>Largest frame accepted; anything bigger is garbage and closes that connection only.</summary>
    public const int MaxMessageSize = 1 << 20;

    /// <summary>Output is split into messages no larger than this.</summary>
    public const int MaxOutputChunk = 256 * 1024;

    public const int HeaderSize = 5;
}

public enum MessageType : byte
{
    // client → server
    Hello = 0x01,
    Attach = 0x02,
    Input = 0x03,
    Resize = 0x04,
    Detach = 0x05,
    Command = 0x06,
    Query = 0x07,
    Redraw = 0x08,
    /// <summary>Answered with SessionInfo once every program in the session has ended.</summary>
    Wait = 0x09,
    /// <summary>The client's terminal (TerminalDeviceRequest): write frames to it directly. Answered with TtyOpened.</summary>
    TtyOpen = 0x0A,
    /// <summary>Stop writing to the client's terminal (an overlay takes it). Answered with TtyClosed.</summary>
    TtyClose = 0x0B,
    /// <summary>The client has acted on an InputRoute (no payload; one per InputRoute, in order).</summary>
    InputRouteTaken = 0x0C,
    /// <summary>Stable (see <see cref="WireFormat"/>): one string, the mux-server binary the server replaces itself with.</summary>
    Upgrade = 0x0D,
    /// <summary>The colours the client's terminal said it has (<see cref="TerminalColors"/>); sent again when it learns more.</summary>
    TerminalColors = 0x0E,
    /// <summary>EventSubscription: replay the session's recent events, then (if asked) stream them as they happen.</summary>
    Subscribe = 0x0F,

    // server → client
    Welcome = 0x81,
    Output = 0x82,
    Detached = 0x83,
    CommandResult = 0x84,
    SessionInfo = 0x85,
    Error = 0x86,
    /// <summary>One byte: 1 when frames now go to the client's terminal, 0 when they stay on the socket.</summary>
    TtyOpened = 0x87,
    /// <summary>Nothing more is written to the client's terminal; frames come over the socket again.</summary>
    TtyClosed = 0x88,
    /// <summary>
    /// I32 window (-1: none), I32 the client's Input and Command messages handled so far; with a window, that
    /// window's terminal descriptor is attached: the client may write keys to it directly.
    /// </summary>
    InputRoute = 0x89,
    /// <summary>
    /// U8 kitty keyboard flags, U8 modifyOtherKeys level, U8 1 when the window reads focus reports: the key encoding
    /// the server is putting the client's terminal in for the shown window, sent before the frame that does it. The client re-encodes keys for it and
    /// takes the modes off whenever it takes the terminal back (and then sends Redraw or TtyOpen, after which the
    /// server takes the terminal to be without them).
    /// </summary>
    KeyModes = 0x8A,
    /// <summary>One StreamedEvent, in answer to Subscribe.</summary>
    Event = 0x8B,
    /// <summary>Every kept event asked for has been sent (no payload); live ones follow if the subscription asked.</summary>
    EventsReplayed = 0x8C,
}

/// <summary>How a client attaches when others may already be attached.</summary>
public enum AttachMode : byte
{
    /// <summary>Refused if someone is attached (screen's -r).</summary>
    Exclusive = 0,
    /// <summary>Detach the others first (-d -r, -D -R).</summary>
    DetachOthers = 1,
    /// <summary>Share the session with the others (-x).</summary>
    Shared = 2,
}

/// <summary>The Attach message's optional second byte.</summary>
public static class AttachFlags
{
    /// <summary>The display only watches: the server drops its input and refuses commands that would change a window.</summary>
    public const byte ReadOnly = 1;
}

/// <summary>Why a client was detached; the client prints a line saying so.</summary>
public enum DetachReason : byte
{
    Requested = 0,
    DetachedElsewhere = 1,
    SessionEnded = 2,
    Refused = 3,
}

/// <summary>A framed message as it came off the wire.</summary>
public readonly record struct Message(MessageType Type, byte[] Payload)
{
    /// <summary>Written out: a record's generated ToString formats its enum by reflection, which Native AOT would link into mux.</summary>
    public override string ToString() => $"message {(byte)Type} ({Payload.Length} bytes)";
}
