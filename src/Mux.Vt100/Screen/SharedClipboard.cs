namespace Mux.Vt100;

/// <summary>
/// The clipboard a program's OSC 52 query may read: one per session, shared by its windows' emulators. Reading is
/// off unless the user allows it, since whatever runs in any window would otherwise learn what was copied anywhere.
/// Windows' emulators may be fed at the same time: a set swaps in a whole new array, never changes one in place.
/// </summary>
public sealed class SharedClipboard
{
    /// <summary>Whether queries are answered; off, they get no answer.</summary>
    public bool Readable { get; set; }

    /// <summary>The newest text copied, by copy mode or by a program's OSC 52 set.</summary>
    public byte[] Data { get; set; } = [];
}
