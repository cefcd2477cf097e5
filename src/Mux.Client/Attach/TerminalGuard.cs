using System.Text;
using Mux.Client.Cli;
using Mux.Platform.Native;
using Mux.Vt100;

namespace Mux.Client.Attach;

/// <summary>
/// Puts the user's terminal into raw mode on the alternate screen while attached, and puts it back exactly once,
/// from whichever way out comes first (detach, signal, hang-up, error). Every restore step runs even if one fails.
/// </summary>
internal sealed class TerminalGuard : IDisposable
{
    // Every DEC mode as a shell expects it (DecModes: mouse, paste, focus and cursor keys off, autowrap and cursor
    // on), keypad normal, attributes, scroll region and cursor shape reset, and the main screen last.
    private static readonly byte[] Leave =
        [.. DecModes.DetachSequence, .. "\e>\e[0m\e[r\e[0 q\e[23;0t\e[?1049l"u8];

    // The user's title is pushed (XTWINOPS 22) before the windows' titles replace it and popped on the way out, as
    // tmux does; a terminal without a title stack ignores both and keeps the last window's title.
    private static readonly byte[] Enter = Encoding.ASCII.GetBytes("\x1b[22;0t\x1b[?1049h\x1b[H\x1b[2J");

    private RawMode? _raw;
    private int _restored;
    private readonly object _keysLock = new();
    private KeyEncoding _keys;   // what the server put the terminal in (KeyModes), as far as we know

    /// <summary>The server is setting the terminal's key encoding (it says so before the frame that does it).</summary>
    public void KeysSet(KeyEncoding keys)
    {
        lock (_keysLock) _keys = keys;
    }

    /// <summary>
    /// Takes the extended key modes off the terminal (the kitty entry popped, modifyOtherKeys reset): before it is
    /// handed to an overlay or a shell, before the server is asked to draw afresh, and when it is given back.
    /// </summary>
    public void ResetKeys()
    {
        byte[] leave;
        lock (_keysLock)
        {
            leave = KeyEncodings.Leave(_keys);
            _keys = KeyEncoding.Legacy;
        }
        if (leave.Length > 0) Write(leave);
    }

    public static TerminalGuard Take()
    {
        var guard = new TerminalGuard();
        if (Tty.IsTerminal(0)) guard._raw = RawMode.Enter(0);
        Write(Enter);
        return guard;
    }

    /// <summary>Puts raw mode back after something else (an overlay library) changed the modes.</summary>
    public void ReapplyRawMode()
    {
        if (Volatile.Read(ref _restored) == 0) _raw?.Reapply();
    }

    /// <summary>
    /// Hands the terminal back for a while (the client is being suspended): the user's screen and modes as they
    /// were, but not for good; <see cref="Resume"/> takes it again.
    /// </summary>
    public void Suspend()
    {
        if (Volatile.Read(ref _restored) != 0) return;
        try { ResetKeys(); } catch (IOException) { }
        try { Write(Leave); } catch (IOException) { }
        try { _raw?.Restore(); } catch (IOException) { }
    }

    /// <summary>
    /// Takes the terminal again after the client was continued: whoever ran meanwhile (the shell's job control
    /// puts its own cooked modes back) left it as it liked. The caller redraws.
    /// </summary>
    public void Resume()
    {
        if (Volatile.Read(ref _restored) != 0) return;
        try { _raw?.Reapply(); } catch (IOException) { }
        Write(Enter);
    }

    public void Restore()
    {
        if (Interlocked.Exchange(ref _restored, 1) != 0) return;
        try { ResetKeys(); } catch (IOException) { }
        try { Write(Leave); } catch (IOException) { }
        try { _raw?.Restore(); } catch (IOException) { }
    }

    public void Dispose() => Restore();

    private static void Write(byte[] bytes)
    {
        try
        {
            StdIo.OutStream.Write(bytes);
            StdIo.OutStream.Flush();
        }
        catch (IOException) { }
    }
}
