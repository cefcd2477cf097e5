using Mux.Vt100.Screen;

namespace Mux.Vt100.Rendering;

/// <summary>
/// The shortest SGR that turns the client's current rendition into another: either the changes alone
/// (each attribute has its own "off" code) or a reset followed by the new rendition, whichever is shorter.
/// Colours: 30–37/90–97 (40–47/100–107) for the 16 basic ones, "38;5;n" and "38;2;r;g;b" otherwise;
/// underline styles as "4:n" and the underline colour as "58:5:n"/"58:2::r:g:b" (the colon forms are
/// the ones terminals that know them agree on).
/// </summary>
internal static class Sgr
{
    private const CellAttributes BoldDim = CellAttributes.Bold | CellAttributes.Dim;
    private const CellAttributes Blinks = CellAttributes.Blink | CellAttributes.RapidBlink;

    /// <summary>Longest parameter string either path can produce, with room to spare.</summary>
    private const int MaxParamBytes = 160;

    public static void Write(ref VtWriter w, in Style from, in Style to)
    {
        if (from == to) return;
        w.Csi();
        if (!to.IsDefault)
        {
            Span<byte> changes = stackalloc byte[MaxParamBytes];
            Span<byte> reset = stackalloc byte[MaxParamBytes];
            var a = new ParamList(changes);
            AppendChanges(ref a, from, to);
            var b = new ParamList(reset);
            b.Add(0);
            AppendChanges(ref b, default, to);
            w.Bytes(a.Length <= b.Length ? changes[..a.Length] : reset[..b.Length]);
        }
        w.Byte((byte)'m');
    }

    private static void AppendChanges(ref ParamList p, in Style from, in Style to)
    {
        CellAttributes fa = from.Attributes, ta = to.Attributes;
        if ((fa & BoldDim & ~ta) != 0)
        {
            p.Add(22);
            fa &= ~BoldDim;
        }
        if ((fa & Blinks & ~ta) != 0)
        {
            p.Add(25);
            fa &= ~Blinks;
        }
        Toggle(ref p, fa, ta, CellAttributes.Bold, 1, 0);
        Toggle(ref p, fa, ta, CellAttributes.Dim, 2, 0);
        Toggle(ref p, fa, ta, CellAttributes.Italic, 3, 23);
        Toggle(ref p, fa, ta, CellAttributes.Blink, 5, 0);
        Toggle(ref p, fa, ta, CellAttributes.RapidBlink, 6, 0);
        Toggle(ref p, fa, ta, CellAttributes.Reverse, 7, 27);
        Toggle(ref p, fa, ta, CellAttributes.Hidden, 8, 28);
        Toggle(ref p, fa, ta, CellAttributes.Strikethrough, 9, 29);
        Toggle(ref p, fa, ta, CellAttributes.Overline, 53, 55);
        if (from.Underline != to.Underline)
        {
            switch (to.Underline)
            {
                case UnderlineStyle.None: p.Add(24); break;
                case UnderlineStyle.Single: p.Add(4); break;
                default:
                    p.Add(4);
                    p.AddSub((int)to.Underline);
                    break;
            }
        }
        if (from.Foreground != to.Foreground) AddColor(ref p, to.Foreground, 30, 90, 38, 39);
        if (from.Background != to.Background) AddColor(ref p, to.Background, 40, 100, 48, 49);
        if (from.UnderlineColor != to.UnderlineColor) AddUnderlineColor(ref p, to.UnderlineColor);
    }

    /// <summary>Adds <paramref name="on"/> or <paramref name="off"/> when the flag differs (off 0: already cleared above).</summary>
    private static void Toggle(ref ParamList p, CellAttributes from, CellAttributes to, CellAttributes flag, int on, int off)
    {
        bool f = (from & flag) != 0, t = (to & flag) != 0;
        if (f == t) return;
        if (t) p.Add(on);
        else if (off != 0) p.Add(off);
    }

    private static void AddColor(ref ParamList p, Color c, int basic, int bright, int extended, int reset)
    {
        switch (c.Kind)
        {
            case ColorKind.Indexed when c.Index < 8:
                p.Add(basic + c.Index);
                break;
            case ColorKind.Indexed when c.Index < 16:
                p.Add(bright + c.Index - 8);
                break;
            case ColorKind.Indexed:
                p.Add(extended);
                p.Add(5);
                p.Add(c.Index);
                break;
            case ColorKind.Rgb:
                p.Add(extended);
                p.Add(2);
                p.Add(c.R);
                p.Add(c.G);
                p.Add(c.B);
                break;
            default:
                p.Add(reset);
                break;
        }
    }

    private static void AddUnderlineColor(ref ParamList p, Color c)
    {
        p.Add(c.Kind == ColorKind.Default ? 59 : 58);
        if (c.Kind == ColorKind.Indexed)
        {
            p.AddSub(5);
            p.AddSub(c.Index);
        }
        else if (c.Kind == ColorKind.Rgb)
        {
            p.AddSub(2);
            p.AddEmptySub();
            p.AddSub(c.R);
            p.AddSub(c.G);
            p.AddSub(c.B);
        }
    }

    /// <summary>Builds "a;b:c;d" into a span.</summary>
    private ref struct ParamList(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;
        public int Length;

        public void Add(int value)
        {
            if (Length > 0) _buffer[Length++] = (byte)';';
            Length += VtWriter.FormatNumber(value, _buffer[Length..]);
        }

        public void AddSub(int value)
        {
            _buffer[Length++] = (byte)':';
            Length += VtWriter.FormatNumber(value, _buffer[Length..]);
        }

        public void AddEmptySub() => _buffer[Length++] = (byte)':';
    }
}
