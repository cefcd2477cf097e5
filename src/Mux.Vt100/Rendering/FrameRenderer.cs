using System.Buffers;
using Mux.Vt100.Screen;

namespace Mux.Vt100.Rendering;

/// <summary>
/// One client's screen: each frame the <see cref="FrameCompositor"/> lays the regions and the status line out in
/// rows, and the <see cref="TerminalWriter"/> (the only writer of the client's terminal) sends what differs from
/// what it shows. The focused region (the first) gives the client its cursor, modes and title.
/// </summary>
public sealed class FrameRenderer
{
    internal const int UnusedChar = FrameCompositor.UnusedChar;
    internal static readonly Style UnusedStyle = FrameCompositor.UnusedStyle;
    internal static readonly Style StatusStyle = FrameCompositor.StatusStyle;
    internal static readonly TerminalModes MirroredModes = DecModes.Mirrored;

    private readonly FrameCompositor _compositor;
    private readonly TerminalWriter _writer;

    /// <summary>
    /// Gives the user's terminal back in the state a shell expects: autowrap on, attributes reset,
    /// cursor visible and default shaped, and every mirrored mode off.
    /// </summary>
    public static ReadOnlySpan<byte> RestoreSequence => s_restore;

    private static readonly byte[] s_restore = [.. "\e[m"u8, .. DecModes.DetachSequence, .. "\e>\e[0 q"u8];

    public FrameRenderer(int columns, int rows)
    {
        _compositor = new FrameCompositor(columns, rows);
        _writer = new TerminalWriter(columns, rows);
    }

    public int Columns => _writer.Columns;
    public int Rows => _writer.Rows;

    /// <summary>
    /// The client's terminal reports the mouse whatever the window asked for (tmux's <c>mouse on</c>): button-event
    /// tracking, or any-event when the focused window asked for that, always in the SGR encoding. Whoever
    /// reads the client's input then decides where each report goes. Off: the window's mouse modes are mirrored.
    /// </summary>
    public bool CaptureMouse { get; set; }

    /// <summary>
    /// Draw the windows' hyperlinks (OSC 8) on the client's terminal (on by default); off for a terminal that shows
    /// OSC 8 as text. Changing it redraws the client.
    /// </summary>
    public bool Hyperlinks
    {
        get => _compositor.Hyperlinks;
        set
        {
            if (value == _compositor.Hyperlinks) return;
            _compositor.Hyperlinks = value;
            _writer.Invalidate();
        }
    }

    /// <summary>Links this client's frames number now (bounded: see <see cref="ClientLinks"/>).</summary>
    internal int LinkCount => _compositor.Links.Count;

    /// <summary>Also send the focused window's title (OSC 2) when it changes.</summary>
    public bool MirrorTitle { get; set; }

    /// <summary>With <see cref="MirrorTitle"/>: the title to send instead of the focused view's own (the host's name for it).</summary>
    public string? Title { get; set; }

    /// <summary>
    /// Puts <paramref name="data"/> on the client terminal's clipboard: OSC 52 with the data in base64, ended by ST.
    /// Written between frames, never inside another sequence. <paramref name="selections"/> are xterm's names
    /// (already checked to be among <c>cpqs0-7</c>); a set naming neither the clipboard nor the primary selection
    /// (xterm's default "s0") goes to the clipboard, which is what most terminals act on.
    /// </summary>
    public static void WriteClipboard(IBufferWriter<byte> output, string selections, ReadOnlySpan<byte> data)
    {
        if (selections.AsSpan().IndexOfAnyExcept("cpqs01234567") >= 0 || selections.AsSpan().IndexOfAny('c', 'p') < 0) selections = "c";
        var w = new VtWriter(output);
        w.Bytes("\e]52;"u8);
        foreach (char c in selections) w.Byte((byte)c);
        w.Byte((byte)';');
        w.Flush();
        int length = System.Buffers.Text.Base64.GetMaxEncodedToUtf8Length(data.Length);
        System.Buffers.Text.Base64.EncodeToUtf8(data, output.GetSpan(length), out _, out int written);
        output.Advance(written);
        output.Write("\e\\"u8);
    }

    /// <summary>The client's terminal changed size: the next frame is a full redraw.</summary>
    public void Resize(int columns, int rows)
    {
        _writer.Resize(columns, rows);
        if (_writer.Columns != _compositor.Columns || _writer.Rows != _compositor.Rows)
            _compositor.Resize(_writer.Columns, _writer.Rows);
    }

    /// <summary>The client's screen is unknown (attach, after an overlay): the next frame is a full redraw.</summary>
    public void Invalidate() => _writer.Invalidate();

    /// <summary>
    /// Writes the bytes that make the client's terminal show <paramref name="regions"/> and, when not null,
    /// <paramref name="statusLine"/> in reverse video on the last row. The cursor ends where the first region's
    /// view has it. Writes nothing when the client already shows all that.
    /// </summary>
    public void Render(IBufferWriter<byte> output, ReadOnlySpan<Region> regions, string? statusLine) =>
        Render(output, regions, ReadOnlySpan<Decoration>.Empty, statusLine);

    /// <summary>The same, with <paramref name="decorations"/> (captions, borders) drawn over the regions.</summary>
    public void Render(IBufferWriter<byte> output, ReadOnlySpan<Region> regions, ReadOnlySpan<Decoration> decorations, string? statusLine)
    {
        if (_compositor.Links.NeedsReset)
        {
            // The client's link numbers start again: what it shows under the old ones is drawn anew.
            _compositor.Links.Clear();
            _writer.Invalidate();
        }
        _compositor.Begin(regions, decorations, statusLine, all: _writer.NeedsFullRedraw);
        IScreenView? focus = _compositor.Focus;
        TerminalModes modes = focus != null ? focus.Modes & MirroredModes : TerminalModes.None;
        if (CaptureMouse)
            modes = (modes & ~(DecModes.MouseTracking | DecModes.MouseEncoding)) | TerminalModes.MouseSgr |
                ((modes & TerminalModes.MouseAnyEvent) != 0 ? TerminalModes.MouseAnyEvent : TerminalModes.MouseButtonEvent);
        bool showCursor = _compositor.CursorTarget(out int x, out int y);
        _writer.Write(output, _compositor,
            new TerminalWriter.FrameState(modes, focus?.CursorStyle ?? CursorStyle.Default, showCursor, x, y, MirrorTitle, Title ?? focus?.Title));
    }
}
