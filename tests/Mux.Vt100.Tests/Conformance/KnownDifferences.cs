namespace Mux.Vt100.Tests.Conformance;

/// <summary>
/// The reviewed list of places where we deliberately differ from a reference emulator. Each entry records OUR
/// expected output, and the conformance tests assert exactly that (and that the reference still expects something
/// else), so any change of behaviour in either direction fails a test and sends the reviewer back here.
/// Adding an entry needs a reason citing the document (VT100/VT510 manuals, ECMA-48, xterm ctlseqs) or the
/// emulator (tmux, the multiplexer users compare us with) that our behaviour follows.
/// </summary>
internal static class KnownDifferences
{
    /// <summary>alacritty reference tests: replacement rows (0-based) of the expected screen, and the reason.</summary>
    public static readonly Dictionary<string, (string Reason, (int Row, string Text)[] Rows)> Alacritty = new()
    {
        ["decaln_reset"] = (
            "DECALN homes the cursor (VT510 manual, DECALN: \"the cursor moves to the home position\"; xterm and tmux " +
            "do the same), so the prompt printed afterwards lands on row 1; alacritty leaves the cursor where it was.",
            [
                (1, "[kchibisov@NightLord alacritty]$ EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE"),
                (4, new string('E', 106)),
            ]),
        ["selective_erasure"] = (
            "We implement DECSCA protection with DECSED/DECSEL (VT510 manual; xterm ctlseqs \"CSI ? Ps J\", " +
            "\"CSI Ps \\\" q\"; libvterm 65screen_protect agrees): the protected B survives, A and C are erased. " +
            "alacritty (and tmux) ignore the selective erase and keep \"ABC\".",
            [(0, " B"), (1, " B")]),
        ["saved_cursor_alt"] = (
            RestoreKeepsNoPendingWrap + " The first x overwrites the last column of row 9; alacritty wraps it to row 10.",
            [(9, new string(' ', 138) + "│"), (10, "││")]),
        ["wrapline_alt_toggle"] = (
            RestoreKeepsNoPendingWrap + " The a after 1049l overwrites the last column, so the shell's prompt " +
            "marker (\"%\", then spaces and CR) lands on that row's successor and the prompt overwrites it.",
            [(3, " UL  /…/tests/ref/wrapline_alt_t…  fix_newline_flag  exit"), (4, "")]),
    };

    private const string RestoreKeepsNoPendingWrap =
        "DECRC (and 1049's restore) puts the cursor back without the pending wrap, as xterm does (its CursorRestore " +
        "moves the cursor with CursorSet, which clears do_wrap); alacritty restores the pending wrap.";

    /// <summary>A libvterm assertion (file, line): OUR value for its right-hand side, and the reason.</summary>
    public static readonly Dictionary<(string File, int Line), (string Ours, string Reason)> Libvterm = new()
    {
        // Double-width / double-height lines (DECDWL, DECDHL: ESC # 3/4/6) are not part of our cell model (tmux
        // has none either): the line prints at normal width and carries no dwl/dhl flag.
        [("28state_dbl_wh.test", 27)] = ("0,41", DoubleWidthLines),
        [("67screen_dbl_wh.test", 16)] = ("{0x61} width=1 attrs={} fg=rgb(240,240,240) bg=rgb(0,0,0)", DoubleWidthLines),
        [("67screen_dbl_wh.test", 24)] = ("{0x61} width=1 attrs={} fg=rgb(240,240,240) bg=rgb(0,0,0)", DoubleWidthLines),
        [("67screen_dbl_wh.test", 25)] = ("{0x61} width=1 attrs={} fg=rgb(240,240,240) bg=rgb(0,0,0)", DoubleWidthLines),
        [("67screen_dbl_wh.test", 32)] = ("{0x61} width=1 attrs={} fg=rgb(240,240,240) bg=rgb(0,0,0)", DoubleWidthLines),
        [("67screen_dbl_wh.test", 37)] = ("{0x46} width=1 attrs={} fg=rgb(240,240,240) bg=rgb(0,0,0)", DoubleWidthLines),

        // SGR 10-19 (alternative fonts) and 73/74 (superscript/subscript, mintty) are not modelled; xterm ctlseqs
        // lists neither as supported, tmux drops them.
        [("64screen_pen.test", 28)] = ("{0x46} width=1 attrs={} fg=rgb(240,240,240) bg=rgb(0,0,0)", FontsAndScripts),
        [("64screen_pen.test", 41)] = ("{0x30} width=1 attrs={} fg=rgb(240,240,240) bg=rgb(0,0,0)", FontsAndScripts),
        [("64screen_pen.test", 42)] = ("{0x32} width=1 attrs={} fg=rgb(240,240,240) bg=rgb(0,0,0)", FontsAndScripts),

        // Erased cells take only the current background (background colour erase, xterm ctlseqs "bce"; tmux does
        // the same); libvterm also keeps the foreground, which a blank cell cannot show.
        [("64screen_pen.test", 46)] = ("{} width=1 attrs={} fg=rgb(240,240,240) bg=rgb(0,0,224)", EraseBackgroundOnly),
        [("64screen_pen.test", 47)] = ("{} width=1 attrs={} fg=rgb(240,240,240) bg=rgb(0,0,224)", EraseBackgroundOnly),

        // A cell keeps up to 32 UTF-16 chars of combining marks (hostile-input cap); libvterm keeps 5 marks.
        [("61screen_unicode.test", 35)] = ("{0x65,0x301,0x302,0x303,0x304,0x305,0x306,0x307,0x308,0x309,0x30a} width=1 attrs={} fg=rgb(240,240,240) bg=rgb(0,0,0)", CombiningCap),
        [("61screen_unicode.test", 41)] = ("{0x65" + string.Concat(Enumerable.Repeat(",0x301", 31)) + "} width=1 attrs={} fg=rgb(240,240,240) bg=rgb(0,0,0)", CombiningCap),

        // IL moves the cursor to the left margin (VT510 manual, IL: "the cursor is reset to the first column"; current
        // xterm and tmux do so); libvterm keeps the column.
        [("13state_edit.test", 81)] = ("1,0", "IL homes the column like the VT510 manual, xterm and tmux; libvterm keeps it."),

        // VPB (CSI Ps k) is not an xterm control: xterm leaves the cursor where it is (ctlseqs lists no CSI k); libvterm
        // moves it up like CUU.
        [("11state_movecursor.test", 194)] = ("6,2", "CSI k (VPB) moves nothing, as in xterm; libvterm moves the cursor up."),

        // Width changes reflow soft-wrapped lines (as tmux does); libvterm's state layer truncates rows and keeps the
        // cursor column, so after 90 -> 80 columns "EFGHI" continues on row 1 for us.
        [("16state_resize.test", 36)] = ("1,5", Reflow),

        // The reflowed shell prompt: like tmux we keep the screen full, pulling the oldest line back from history
        // and leaving the cursor on the bottom prompt; libvterm leaves that line in history and a blank row below.
        [("69screen_reflow.test", 74)] = ("\"PROMPT GOES HERE\"", Reflow),
        [("69screen_reflow.test", 75)] = ("\">\"", Reflow),
        [("69screen_reflow.test", 76)] = ("\"\"", Reflow),
        [("69screen_reflow.test", 78)] = ("\"PROMPT GOES HERE\"", Reflow),
        [("69screen_reflow.test", 79)] = ("4,2", Reflow),
    };

    private const string DoubleWidthLines = "DECDWL/DECDHL double-width and double-height lines are not in our model (nor tmux's).";
    private const string FontsAndScripts = "Alternative fonts (SGR 10-19) and super/subscript (SGR 73/74) are not in our model.";
    private const string EraseBackgroundOnly = "Erase fills with the current background only (bce), as xterm and tmux.";
    private const string CombiningCap = "Combining marks are capped at 32 chars per cell, not libvterm's 5 marks.";
    private const string Reflow = "We reflow soft-wrapped lines on resize like tmux; libvterm keeps rows as they are.";
}
