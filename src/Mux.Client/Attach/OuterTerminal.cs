using System.Text;
using Mux.Protocol;
using Mux.Vt100.Screen;

namespace Mux.Client.Attach;

/// <summary>
/// What the user's terminal provides, asked for at attach as tmux does: its colours (foreground, background and the 16
/// ANSI colours: OSC 10, 11 and 4 with "?") so that a program asking Mux for them learns the real ones, and whether it
/// speaks the kitty keyboard protocol (CSI ? u), so that a window can offer it to its program. Nothing waits for
/// the answers: they come through the input like any reply, whenever the terminal sends them, and a terminal that
/// never answers costs nothing.
/// </summary>
internal sealed class OuterTerminal
{
    /// <summary>How long after asking a reply cut by a read's end is held for its rest rather than passed on as keys.</summary>
    public static readonly TimeSpan AnswerWindow = TimeSpan.FromSeconds(3);

    private const int PaletteAsked = 16;

    /// <summary>The queries: the colours', each ended by ST (the answers end as the queries did), then the kitty keyboard flags'.</summary>
    public static readonly byte[] Query = BuildQuery();

    /// <summary>Whether a terminal of type <paramref name="term"/> can be asked: not the Linux console, nor a dumb one.</summary>
    public static bool CanAsk(string? term) => term is not ("linux" or "dumb" or null or "");

    private readonly LearnedColors _colors = new();
    private readonly List<(int Slot, uint Rgb)> _changed = [];
    private bool _kittyKeys;
    private bool _kittyKeysNews;

    /// <summary>Whether <paramref name="answer"/> is the terminal's kitty keyboard flags (CSI ? flags u): a reply, never a key.</summary>
    public static bool IsKittyKeysAnswer(ReadOnlySpan<byte> answer) =>
        answer.Length >= 4 && answer[0] == 0x1b && answer[1] == (byte)'[' && answer[2] == (byte)'?' && answer[^1] == (byte)'u'
        && !answer[3..^1].ContainsAnyExceptInRange((byte)'0', (byte)'9');

    /// <summary>Takes one answer; an answer to nothing asked, or one that does not parse, is ignored.</summary>
    public void Take(ReadOnlySpan<byte> answer)
    {
        if (IsKittyKeysAnswer(answer))
        {
            // Any flags answer means the terminal knows the protocol (the flags are those pushed on it: none yet).
            _kittyKeysNews |= !_kittyKeys;
            _kittyKeys = true;
            return;
        }
        if (!ColorReport.TryParse(answer, out int slot, out uint rgb)) return;
        bool asked = slot < PaletteAsked || slot == ColorSlot.OfDynamic(10) || slot == ColorSlot.OfDynamic(11);
        if (asked && _colors.Set(slot, rgb)) _changed.Add((slot, rgb));
    }

    /// <summary>The message telling the server what changed since the last one; null when nothing did.</summary>
    public byte[]? TakeMessage()
    {
        if (_changed.Count == 0 && !_kittyKeysNews) return null;
        var message = new TerminalColors([.. _changed], _kittyKeys).Encode();
        _changed.Clear();
        _kittyKeysNews = false;
        return message;
    }

    private static byte[] BuildQuery()
    {
        var sb = new StringBuilder("\e]10;?\e\\\e]11;?\e\\");
        for (int i = 0; i < PaletteAsked; i++) sb.Append("\e]4;").Append(i).Append(";?\e\\");
        sb.Append("\e[?u");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }
}
