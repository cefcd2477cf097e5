using System.Buffers.Text;

namespace Mux.Vt100;

/// <summary>A program's OSC 52 clipboard set: the selections named (e.g. "c", "p", "s0") and the decoded bytes.</summary>
public sealed record ClipboardSet(string Selections, byte[] Data);

// OSC 52: a program sets (or asks for) the clipboard. The emulator only holds what was set for the server to take.
public sealed partial class Terminal
{
    /// <summary>Largest clipboard set accepted (decoded bytes); a larger one is refused and counted.</summary>
    public const int MaxClipboardBytes = 1 << 20;

    /// <summary>
    /// What an OSC 52 query (<c>?</c>) is answered from, and whether it is; none (the default): queries get no answer.
    /// A set made here is put in it too.
    /// </summary>
    public SharedClipboard? SharedClipboard { get; set; }

    /// <summary>OSC 52 sets refused: too large, or not valid base64.</summary>
    public long RefusedClipboardSets { get; private set; }

    /// <summary>The newest clipboard set not yet taken (an untaken older one is replaced: the clipboard holds one thing).</summary>
    public ClipboardSet? TakeClipboard()
    {
        var set = _pendingClipboard;
        _pendingClipboard = null;
        return set;
    }

    private ClipboardSet? _pendingClipboard;

    /// <summary>OSC 52 ; selections ; base64 | ? (xterm). An empty selection list means "s0" (xterm's default).</summary>
    private void Clipboard(ReadOnlySpan<byte> text)
    {
        int semi = text.IndexOf((byte)';');
        if (semi < 0) return;
        ReadOnlySpan<byte> selections = text[..semi], data = text[(semi + 1)..];
        if (selections.IndexOfAnyExcept("cpqs01234567"u8) >= 0) return;
        string names = selections.IsEmpty ? "s0" : System.Text.Encoding.ASCII.GetString(selections);
        if (data.SequenceEqual("?"u8))
        {
            if (SharedClipboard is not { Readable: true } shared) return;
            Reply($"\e]52;{names};{Convert.ToBase64String(shared.Data)}\e\\");
            return;
        }
        if (Base64.GetMaxDecodedFromUtf8Length(data.Length) > MaxClipboardBytes + 2)
        {
            RefusedClipboardSets++;
            return;
        }
        var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(data.Length)];
        if (Base64.DecodeFromUtf8(data, decoded, out _, out int written) != System.Buffers.OperationStatus.Done ||
            written > MaxClipboardBytes)
        {
            RefusedClipboardSets++;
            return;
        }
        _pendingClipboard = new ClipboardSet(names, decoded.AsSpan(0, written).ToArray());
        if (SharedClipboard is { } sharedClipboard) sharedClipboard.Data = _pendingClipboard.Data;
    }

    /// <summary>The parser dropped an OSC longer than it keeps: a clipboard set that large is refused, a link ends.</summary>
    private void OscTooLong(int command)
    {
        if (command == 52) RefusedClipboardSets++;
        else if (command == 8)
        {
            RefusedHyperlinks++;
            if (_style.Link != 0) SetStyle(_style with { Link = 0 });
        }
    }
}
