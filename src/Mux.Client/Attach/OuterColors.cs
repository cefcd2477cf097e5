using System.Text;
using Mux.Protocol;
using Mux.Vt100.Screen;

namespace Mux.Client.Attach;

/// <summary>
/// The colours of the user's terminal, asked for at attach as tmux does (foreground, background and the 16 ANSI
/// colours: OSC 10, 11 and 4 with "?") so that a program asking Mux for them learns the real ones. Nothing waits for
/// the answers: they come through the input like any reply, whenever the terminal sends them, and a terminal that
/// never answers costs nothing.
/// </summary>
internal sealed class OuterColors
{
    /// <summary>How long after asking a reply cut by a read's end is held for its rest rather than passed on as keys.</summary>
    public static readonly TimeSpan AnswerWindow = TimeSpan.FromSeconds(3);

    private const int PaletteAsked = 16;

    /// <summary>The queries, each ended by ST (the answers end as the queries did).</summary>
    public static readonly byte[] Query = BuildQuery();

    /// <summary>Whether a terminal of type <paramref name="term"/> can be asked: not the Linux console, nor a dumb one.</summary>
    public static bool CanAsk(string? term) => term is not ("linux" or "dumb" or null or "");

    private readonly LearnedColors _colors = new();
    private readonly List<(int Slot, uint Rgb)> _changed = [];

    /// <summary>Takes one answer; an answer to nothing asked, or one that does not parse, is ignored.</summary>
    public void Take(ReadOnlySpan<byte> answer)
    {
        if (!ColorReport.TryParse(answer, out int slot, out uint rgb)) return;
        bool asked = slot < PaletteAsked || slot == ColorSlot.OfDynamic(10) || slot == ColorSlot.OfDynamic(11);
        if (asked && _colors.Set(slot, rgb)) _changed.Add((slot, rgb));
    }

    /// <summary>The message telling the server what changed since the last one; null when nothing did.</summary>
    public byte[]? TakeMessage()
    {
        if (_changed.Count == 0) return null;
        var message = new TerminalColors([.. _changed]).Encode();
        _changed.Clear();
        return message;
    }

    private static byte[] BuildQuery()
    {
        var sb = new StringBuilder("\e]10;?\e\\\e]11;?\e\\");
        for (int i = 0; i < PaletteAsked; i++) sb.Append("\e]4;").Append(i).Append(";?\e\\");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }
}
