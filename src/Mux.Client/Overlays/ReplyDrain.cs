using Mux.Vt100.Input;
using Mux.Vt100.Parsing;

namespace Mux.Client.Overlays;

/// <summary>
/// Drops the answers to an overlay's terminal queries (device attributes, cursor position, mode reports,
/// colours) that arrive after it stopped reading, so they never reach the window's program. The client ends
/// each overlay by asking DSR 5 itself; its answer <c>ESC[0n</c> marks the end of the late replies. Keys
/// typed meanwhile pass through. If the terminal never answers, the drain gives up after a second.
/// </summary>
internal sealed class ReplyDrain : IInputSink
{
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(1);
    private readonly long _deadline = Environment.TickCount64 + (long)GiveUp.TotalMilliseconds;
    private readonly InputTokenizer _tokenizer = new();
    private readonly List<byte> _kept = [];

    /// <summary>True once the end marker came (or the drain gave up): later input is the user's.</summary>
    public bool Done { get; private set; }

    /// <summary>Removes replies from <paramref name="input"/> in place; returns the length left.</summary>
    public int Filter(Span<byte> input)
    {
        if (Done || Environment.TickCount64 > _deadline)
        {
            Done = true;
            return input.Length;
        }
        _kept.Clear();
        _tokenizer.Feed(input, this);
        // What is still open when the read ends is not a reply (a terminal writes one whole): it is the user's.
        _tokenizer.Flush(this);
        _kept.CopyTo(input);
        return _kept.Count;
    }

    void IInputSink.Token(InputToken token)
    {
        if (!Done && token.Kind == InputKind.Reply)
        {
            // DSR 5's answer, "ESC [ 0 n", is the last of them.
            if (token.Id == SequenceId.Make('n') && token.ParameterCount == 1 && token.Parameter(0) == 0) Done = true;
            return;
        }
        _kept.AddRange(token.Raw);
    }
}
