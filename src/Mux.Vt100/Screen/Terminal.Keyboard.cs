namespace Mux.Vt100;

/// <summary>Kitty keyboard protocol flags (sw.kovidgoyal.net/kitty/keyboard-protocol).</summary>
[Flags]
public enum KittyKeyFlags : byte
{
    None = 0,
    DisambiguateEscapeCodes = 1,
    ReportEventTypes = 2,
    ReportAlternateKeys = 4,
    ReportAllKeysAsEscapeCodes = 8,
    ReportAssociatedText = 16,
    All = 31,
}

// Which extended key encodings the program asked for: xterm's modifyOtherKeys and kitty's keyboard protocol.
// Only recorded here; the server reads them to set up the client's terminal.
public sealed partial class Terminal
{
    /// <summary>Deepest kitty flag stack; a push onto a full stack drops the oldest entry (as the protocol says).</summary>
    public const int MaxKittyKeyStack = 16;

    private const int XTMODKEYS = '>' << 24 | 'm', XTMODKEYS_RESET = '>' << 24 | 'n', XTQMODKEYS = '?' << 24 | 'm';
    private const int KITTY_PUSH = '>' << 24 | 'u', KITTY_POP = '<' << 24 | 'u', KITTY_SET = '=' << 24 | 'u';
    private const int KITTY_QUERY = '?' << 24 | 'u';

    // One stack per screen (kitty): a full-screen program's flags go away with its alternate screen.
    private KittyKeyStack _kittyMain = new(), _kittyAlt = new();

    /// <summary>xterm modifyOtherKeys level the program set (CSI &gt; 4 ; Pv m): 0 off, 1 or 2.</summary>
    public int ModifyOtherKeys { get; private set; }

    /// <summary>The kitty keyboard flags the program asked for on the current screen.</summary>
    public KittyKeyFlags KittyKeyFlags => KittyStack.Current;

    /// <summary>
    /// The kitty flags Mux can really deliver (what the attached terminals provide); a query (CSI ? u) answers with
    /// the requested flags limited to these. None by default: the program then knows to fall back.
    /// </summary>
    public KittyKeyFlags KittyKeySupport { get; set; }

    private KittyKeyStack KittyStack => IsAlternateScreen ? _kittyAlt : _kittyMain;

    /// <summary>The keyboard sequences; false when <paramref name="id"/> is not one of them.</summary>
    private bool KeyboardControl(int id, Parsing.Params p)
    {
        switch (id)
        {
            case XTMODKEYS:
                // Resource 4 is modifyOtherKeys; no value resets it (xterm).
                if (p.GetRaw(0) == 4) ModifyOtherKeys = p.Count > 1 ? Math.Clamp(p.GetRaw(1), 0, 2) : 0;
                return true;
            case XTMODKEYS_RESET:
                if (p.GetRaw(0) == 4) ModifyOtherKeys = 0;
                return true;
            case XTQMODKEYS:
                if (p.GetRaw(0) == 4) Reply($"\e[>4;{ModifyOtherKeys}m");
                return true;
            case KITTY_PUSH: KittyStack.Push(ToFlags(p.GetRaw(0))); return true;
            case KITTY_POP: KittyStack.Pop(Math.Max(1, p.GetRaw(0))); return true;
            case KITTY_SET: KittyStack.Set(ToFlags(p.GetRaw(0)), p.Count > 1 ? p.GetRaw(1) : 1); return true;
            case KITTY_QUERY: Reply($"\e[?{(int)(KittyKeyFlags & KittyKeySupport)}u"); return true;
            default: return false;
        }
    }

    private static KittyKeyFlags ToFlags(int value) => (KittyKeyFlags)(value & (int)KittyKeyFlags.All);

    private void ResetKeyboardModes()
    {
        ModifyOtherKeys = 0;
        _kittyMain = new();
        _kittyAlt = new();
    }

    private sealed class KittyKeyStack
    {
        private readonly KittyKeyFlags[] _entries = new KittyKeyFlags[MaxKittyKeyStack];
        private int _count;

        // The current flags are the top entry; with an empty stack they are "none" and a set changes nothing kept.
        private KittyKeyFlags _current;

        public KittyKeyFlags Current => _current;

        public void Push(KittyKeyFlags flags)
        {
            if (_count == _entries.Length)
            {
                Array.Copy(_entries, 1, _entries, 0, _count - 1);
                _count--;
            }
            _entries[_count++] = _current;
            _current = flags;
        }

        public void Pop(int n)
        {
            // Popping more than were pushed empties the stack and resets the flags (kitty).
            n = Math.Min(n, _count);
            if (n == 0) { _current = KittyKeyFlags.None; return; }
            _count -= n;
            _current = _entries[_count];
        }

        public void Set(KittyKeyFlags flags, int mode)
        {
            _current = mode switch
            {
                2 => _current | flags,
                3 => _current & ~flags,
                _ => flags,
            };
        }
    }
}
