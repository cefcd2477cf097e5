using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Mux.Client.Cli;
using Mux.Client.Keys;
using Mux.Client.Overlays;
using Mux.Platform.Native;
using Mux.Protocol;
using Mux.Vt100;

namespace Mux.Client.Attach;

/// <summary>
/// An attached client: the user's keys go to the session (prefix commands handled here), the session's frames
/// go to the user's terminal as they are. Any way out restores the terminal; the session itself never depends on us.
/// </summary>
internal sealed class AttachSession
{
    private readonly SessionConnection _session;
    private PrefixKeyReader _keys;     // replaced by `escape` from the colon prompt, on the stdin thread
    private readonly CommandLineHistory _commandLines = new();
    private bool _powerDetachArmed;     // stdin thread: the first D of D D was typed
    private volatile bool _hangUpParent;
    private readonly object _outputLock = new();
    private readonly Options _options;
    private TerminalGuard? _guard;
    private volatile bool _overlayOpen;
    private volatile bool _ending;
    private readonly ManualResetEventSlim _overlayDone = new(true);

    // Frames are written to our terminal by the server itself when it can open it (TtyOpen): it saves every frame a
    // hop through this process. Socket frames are dropped while that is so, and while the answer is awaited.
    private readonly TerminalDevice? _terminal = TerminalDevice.Of(1);
    private bool _direct;      // under _outputLock
    private bool _switching;   // under _outputLock: TtyOpen sent, not answered yet
    private bool _suspended;   // under _outputLock: stopped on SIGTSTP, the terminal handed back to the user
    private readonly ManualResetEventSlim _terminalReleased = new(true);
    private readonly DirectInput _directInput = new();
    private TaskCompletionSource<SessionInfo>? _query;
    private ReplyDrain? _drain;
    private readonly OuterTerminal _colors = new();   // stdin thread
    private long _answersDue;                       // until when (TickCount64) answers to the colour queries are awaited
    private string? _overlayError;

    private AttachSession(SessionConnection session, Options options, int rows)
    {
        _session = session;
        _keys = NewKeyReader(options);
        _options = options;
    }

    /// <summary>Attaches on the calling thread, which then serves the socket until the client leaves.</summary>
    public static int Run(string socketPath, AttachMode mode, Options options)
    {
        var (columns, rows) = TerminalSize();
        SessionConnection session;
        try { session = SessionConnection.Open(socketPath, columns, rows); }
        catch (SessionUnreachableException) { return StdIo.Fail($"the session at {socketPath} is not answering (mux -wipe removes dead sessions)"); }
        catch (SessionErrorException e) { return StdIo.Fail(e.Message); }
        using (session)
        {
            var attach = new AttachSession(session, options, rows);
            int code = attach.Run(mode);
            if (attach._lost) return StdIo.Fail(LostConnection(socketPath, session.Welcome.FullName));
            return code;
        }
    }

    private bool _lost;

    /// <summary>The key encoding the server has put our terminal in for the shown window (KeyModes).</summary>
    private KeyEncoding _windowKeys;
    private readonly object _windowKeysLock = new();

    private PrefixKeyReader NewKeyReader(Options options) =>
        new(options.PrefixKey, options.LiteralPrefixKey, options.Bindings) { WindowKeys = WindowKeys };

    private KeyEncoding WindowKeys()
    {
        lock (_windowKeysLock) return _windowKeys;
    }

    /// <summary>
    /// The connection ended without a word from the server: if the session answers again, its server replaced itself
    /// (after an internal error, or an upgrade) and the session is one attach away.
    /// </summary>
    private static string LostConnection(string socketPath, string name)
    {
        try
        {
            using var again = SessionConnection.OpenAnyVersion(socketPath, TimeSpan.FromSeconds(3));
            return $"lost the connection to {name}, which still runs (its server restarted): mux -r {name} attaches again";
        }
        catch (Exception e) when (e is SessionUnreachableException or SessionErrorException or ProtocolException or IOException)
        {
            return "lost the connection to the session";
        }
    }

    private int Run(AttachMode mode)
    {
        var signals = new List<PosixSignalRegistration>();
        try
        {
            signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, ctx => { ctx.Cancel = true; OnResize(); }));
            foreach (var s in new[] { PosixSignal.SIGHUP, PosixSignal.SIGTERM, PosixSignal.SIGQUIT, PosixSignal.SIGINT })
                signals.Add(PosixSignalRegistration.Create(s, ctx =>
                {
                    ctx.Cancel = true;
                    // The terminal is still there: the server stops drawing on it before it is restored.
                    if (ctx.Signal != PosixSignal.SIGHUP) TakeTerminalBack(TimeSpan.FromMilliseconds(200));
                    Abandon(128 + SignalNumber(ctx.Signal));
                }));
            // Job control: a shell puts its own cooked modes on the terminal while we are stopped, whichever way we
            // were stopped (SIGSTOP cannot be caught), so raw mode and the screen are taken back on every SIGCONT.
            signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGTSTP, ctx => { ctx.Cancel = true; Suspend(); }));
            signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGCONT, ctx => { ctx.Cancel = true; Resume(); }));

            var payload = new PayloadWriter().U8((byte)mode).U8(_options.ReadOnly ? AttachFlags.ReadOnly : (byte)0).WrittenSpan.ToArray();
            if (!_session.Connection.Send(MessageType.Attach, payload))
                return StdIo.Fail("lost the connection to the session");
            TellPrefix();
            if (_options.ConfigWarnings.Count > 0) Say("config: " + string.Join("; ", _options.ConfigWarnings));
            int code = ReceiveLoop();
            if (_hangUpParent) HangUpParent();
            return code;
        }
        finally
        {
            _guard?.Restore();
            foreach (var s in signals) s.Dispose();
        }
    }

    private int ReceiveLoop()
    {
        while (true)
        {
            Message? message;
            try { message = _session.Connection.Receive(); }
            catch (ProtocolException) { message = null; }
            if (message is null)
            {
                EndTerminal();
                _lost = true;
                return 1;
            }
            var m = message.Value;
            switch (m.Type)
            {
                case MessageType.Output:
                    if (_guard is null)
                    {
                        StartTerminal();
                        // The key encoding this first frame sets was told before the terminal was ours.
                        _guard!.KeysSet(WindowKeys());
                        WriteOutput(m.Payload);
                        HandTerminalToServer();
                    }
                    else WriteOutput(m.Payload);
                    break;
                case MessageType.TtyOpened:
                    lock (_outputLock)
                    {
                        _switching = false;
                        _direct = m.Payload.Length > 0 && m.Payload[0] == 1;
                    }
                    break;
                case MessageType.InputRoute:
                    var route = new PayloadReader(m.Payload);
                    int window = route.I32(), handled = route.I32();
                    _directInput.OnRoute(window, handled, window >= 0 ? _session.Connection.TakeDescriptor() : -1);
                    // The server shows nothing new until it knows keys no longer go where they went before.
                    _session.Connection.Send(MessageType.InputRouteTaken, []);
                    break;
                case MessageType.KeyModes:
                    var keys = KeyEncoding.Unpack(m.Payload);
                    lock (_windowKeysLock) _windowKeys = keys;
                    // The frame that sets it follows; one dropped meanwhile (an overlay or the user's shell has the
                    // terminal) sets nothing, and the server sets it afresh when it is handed back.
                    lock (_outputLock)
                        if (!_overlayOpen && !_suspended) _guard?.KeysSet(keys);
                    break;
                case MessageType.TtyClosed:
                    lock (_outputLock) _direct = false;
                    _terminalReleased.Set();
                    break;
                case MessageType.Detached:
                    var notice = DetachedNotice.Decode(m.Payload);
                    EndTerminal();
                    if (notice.Reason == DetachReason.Refused) return StdIo.Fail(notice.Text);
                    StdIo.Out.WriteLine(notice.Text);
                    return 0;
                case MessageType.Error:
                    EndTerminal();
                    return StdIo.Fail(new PayloadReader(m.Payload).String());
                case MessageType.SessionInfo:
                    var query = Interlocked.Exchange(ref _query, null);
                    try { query?.TrySetResult(SessionInfo.Decode(m.Payload)); }
                    catch (ProtocolException e) { query?.TrySetException(e); }
                    break;
            }
        }
    }

    /// <summary>
    /// The session is over for us (detached, ended, gone): an open overlay is stopped first, so that Terminal.Gui
    /// has given the terminal back before it is restored, and nothing is drawn after.
    /// </summary>
    private void EndTerminal()
    {
        _ending = true;
        _directInput.Dispose();
        if (_overlayOpen)
        {
            OverlayProcess.HangUp();
            _overlayDone.Wait(TimeSpan.FromSeconds(2));
        }
        _guard?.Restore();
    }

    private void StartTerminal()
    {
        _guard = TerminalGuard.Take();
        AskColors();
        var reader = new Thread(ReadKeys) { IsBackground = true, Name = "stdin" };
        reader.Start();
    }

    /// <summary>Asks the terminal for its colours; the answers are read with the keys, whenever they come.</summary>
    private void AskColors()
    {
        // The Linux console knows no OSC queries and would print them until the first frame clears the screen.
        if (!OuterTerminal.CanAsk(Environment.GetEnvironmentVariable("TERM"))) return;
        Volatile.Write(ref _answersDue, Environment.TickCount64 + (long)OuterTerminal.AnswerWindow.TotalMilliseconds);
        lock (_outputLock)
        {
            try { StdIo.OutStream.Write(OuterTerminal.Query); }
            catch (IOException) { }
        }
    }

    private void WriteOutput(ReadOnlySpan<byte> bytes)
    {
        lock (_outputLock)
        {
            if (_overlayOpen || _direct || _switching || _suspended) return; // the overlay, the server or the user's shell owns the screen
            try { StdIo.OutStream.Write(bytes); }
            catch (IOException) { Abandon(1); }
        }
    }

    /// <summary>Asks the server to write frames to our terminal itself (it answers TtyOpened, and redraws).</summary>
    private void HandTerminalToServer()
    {
        if (_terminal is not { } terminal) return;
        lock (_outputLock)
        {
            _switching = true;
            // The server sets the window's key encoding afresh on a terminal it takes.
            _guard?.ResetKeys();
        }
        Send(MessageType.TtyOpen, TerminalDeviceRequest.Encode(terminal));
    }

    /// <summary>
    /// Takes the terminal back from the server: once TtyClosed arrives (or the wait gives up) nothing more of the
    /// server's reaches it. Not on the receive loop's thread, which delivers that answer.
    /// </summary>
    private void TakeTerminalBack(TimeSpan wait)
    {
        lock (_outputLock)
        {
            if (!_direct && !_switching) return;
        }
        _terminalReleased.Reset();
        Send(MessageType.TtyClose, []);
        _terminalReleased.Wait(wait);
    }

    private void ReadKeys()
    {
        var stdin = StdIo.InStream;
        var buffer = new byte[4096];
        var actions = new List<KeyAction>();
        while (true)
        {
            int n;
            try { n = stdin.Read(buffer, 0, buffer.Length); }
            catch (IOException) { n = 0; }
            if (n <= 0)
            {
                // The terminal hung up: detach by going away.
                Abandon(1);
                return;
            }
            var input = buffer.AsSpan(0, n);
            if (_drain != null)
            {
                // Just after an overlay: its terminal's late answers must not reach the program.
                input = input[.._drain.Filter(input)];
                if (_drain.Done) _drain = null;
            }
            actions.Clear();
            _keys.AwaitingAnswers = Environment.TickCount64 < Volatile.Read(ref _answersDue);
            _keys.Read(input, actions, RestOfSequenceComing);
            foreach (var a in actions)
            {
                // The terminal's answers are told before any key that came after them can reach the program.
                if (a.Kind != KeyActionKind.TerminalAnswer) SendTerminalColors();
                Perform(a);
            }
            SendTerminalColors();
        }
    }

    /// <summary>
    /// What the terminal answered (its colours, whether it speaks the kitty key protocol) goes to the server, which
    /// answers the programs' questions from it: through the server like a key, so no key written straight to the
    /// window overtakes it and a program asking right after hears the new answer.
    /// </summary>
    private void SendTerminalColors()
    {
        if (_colors.TakeMessage() is { } colors) SendThroughServer(MessageType.TerminalColors, colors);
    }

    /// <summary>
    /// A terminal writes a key in one go, so the rest of one cut by the end of a read (under a flood) is there at
    /// once; this long is plenty, and nothing a person types alone waits for it.
    /// </summary>
    private const int CutSequenceWaitMs = 50;

    private static bool RestOfSequenceComing() => Tty.WaitReadable(0, CutSequenceWaitMs);

    private void Perform(KeyAction action)
    {
        if (action.Kind == KeyActionKind.TerminalAnswer)
        {
            _colors.Take(action.Bytes); // not a key: a power detach armed stays armed
            return;
        }
        if (_powerDetachArmed)
        {
            // screen's D D: the key after the first D decides, and is not passed on.
            _powerDetachArmed = false;
            if (action.Kind == KeyActionKind.Input && action.Bytes!.Length > 0 && action.Bytes[0] == (byte)'D') PowerDetach();
            else Say("Power detach cancelled.");
            return;
        }
        switch (action.Kind)
        {
            case KeyActionKind.Input:
                var keys = action.Bytes!;
                int written = _directInput.TryWrite(keys, action.ViaServer);
                if (written < keys.Length)
                    SendThroughServer(MessageType.Input, new PayloadWriter().Bytes(keys.AsSpan(written)).WrittenSpan.ToArray());
                break;
            case KeyActionKind.Command:
                SendThroughServer(MessageType.Command, new CommandRequest("", action.Command!).Encode());
                break;
            case KeyActionKind.Detach:
                Send(MessageType.Detach, []);
                break;
            case KeyActionKind.ConfirmKill:
                if (RunOverlay(() => OverlayProcess.Confirm("Really kill this window [y/n]", out _overlayError)))
                    SendThroughServer(MessageType.Command, new CommandRequest("", ["kill"]).Encode());
                break;
            case KeyActionKind.Rename:
                string? title = RunOverlay(() => OverlayProcess.AskText("Set window's title to:", out _overlayError));
                if (!string.IsNullOrEmpty(title)) SendThroughServer(MessageType.Command, new CommandRequest("", ["title", title]).Encode());
                break;
            case KeyActionKind.Help:
                var lines = KeyBindings.HelpLines(_options.PrefixKey, _options.LiteralPrefixKey);
                RunOverlay(() => { OverlayProcess.ShowHelp(lines, out _overlayError); return true; });
                break;
            case KeyActionKind.CommandLine:
                string? line = RunOverlay(() => OverlayProcess.AskCommand(CommandNames, _commandLines.Lines, out _overlayError));
                if (!string.IsNullOrWhiteSpace(line)) RunCommandLine(line);
                break;
            case KeyActionKind.SelectPrompt:
                string? which = RunOverlay(() => OverlayProcess.AskText("Switch to window:", out _overlayError));
                if (!string.IsNullOrWhiteSpace(which)) SendThroughServer(MessageType.Command, new CommandRequest("", ["select", which.Trim()]).Encode());
                break;
            case KeyActionKind.Suspend:
                Libc.kill(Libc.getpid(), Libc.SIGTSTP);
                break;
            case KeyActionKind.Lock:
                LockDisplay();
                break;
            case KeyActionKind.PowerDetach:
                _powerDetachArmed = true;
                Say("Press D again to detach and hang up, any other key to stay.");
                break;
            case KeyActionKind.Chooser:
                var info = QuerySession();
                if (info is null) break;
                int? number = RunOverlay(() => OverlayProcess.Choose(info.Windows, info.CurrentWindow, out _overlayError));
                if (number is int w) SendThroughServer(MessageType.Command, new CommandRequest("", ["select", w.ToString(CultureInfo.InvariantCulture)]).Encode());
                break;
        }
    }

    /// <summary>Every name the colon prompt completes: the session's commands and the client's own.</summary>
    private static readonly string[] CommandNames = SortedCommandNames();

    private static string[] SortedCommandNames()
    {
        var names = new List<string>(CommandSyntaxes.ClientCommands);
        foreach (var c in CommandSyntaxes.All)
            if (c.Name != CommandSyntaxes.Keyhint.Name) names.Add(c.Name);
        names.Sort(StringComparer.Ordinal);
        return [.. names];
    }

    /// <summary>
    /// A line typed at the colon prompt: the client's own commands here, everything else to the session, whose
    /// answer or refusal comes back on the message line.
    /// </summary>
    private void RunCommandLine(string line)
    {
        _commandLines.Add(line);
        var words = ConfigFile.Split(line, out string? error);
        if (error != null) { Say($"{line.Trim()}: {error}"); return; }
        if (words.Count == 0) return;
        switch (words[0])
        {
            case "escape" or "bind":
                if (ClientConfig.Apply(_options, [.. words]) is { } problem) { Say(problem); return; }
                if (words[0] == "escape")
                {
                    _keys = NewKeyReader(_options);
                    TellPrefix();
                }
                return;
            case "lockscreen": LockDisplay(); return;
            case "suspend": Perform(new KeyAction(KeyActionKind.Suspend)); return;
            case "pow_detach": PowerDetach(); return;
            case "colon": Perform(new KeyAction(KeyActionKind.CommandLine)); return;
            case "help": Perform(new KeyAction(KeyActionKind.Help)); return;
        }
        SendThroughServer(MessageType.Command, new CommandRequest("", [.. words]).Encode());
    }

    /// <summary>A note on this session's message line.</summary>
    private void Say(string text) => SendThroughServer(MessageType.Command, new CommandRequest("", ["echo", text]).Encode());

    /// <summary>The session draws the help hint with our command key (<c>Ctrl+T ? help</c> after <c>escape ^Tt</c>).</summary>
    private void TellPrefix()
    {
        if (_options.PrefixKey == 0x01 && _options.LiteralPrefixKey == (byte)'a') return;
        string keys = KeyBindings.KeyName(_options.PrefixKey) + KeyBindings.KeyName(_options.LiteralPrefixKey);
        Send(MessageType.Command, new CommandRequest("", ["keyhint", keys]).Encode());
    }

    /// <summary>
    /// screen's lockscreen: runs <c>$LOCKPRG</c>, else vlock or lock, on the user's own terminal and comes back when
    /// it exits. Mux asks for no password and keeps none: the lock program authenticates.
    /// </summary>
    private void LockDisplay()
    {
        if (LockProgram.Find() is not { } locker)
        {
            Say(Environment.GetEnvironmentVariable("LOCKPRG") is { Length: > 0 } wanted
                ? $"lockscreen: $LOCKPRG ({wanted}) is not a program that can run (nothing was locked)"
                : "lockscreen: no lock program: set $LOCKPRG or install vlock (nothing was locked)");
            return;
        }
        var status = RunOverlay(() =>
        {
            _guard?.Suspend();
            try { return OverlayProcess.RunOnTerminal(locker, [locker], out _overlayError); }
            finally { _guard?.Resume(); }
        });
        if (status is { ShellCode: not 0 } s) Say($"lockscreen: {locker} ended with status {s.ShellCode}");
    }

    /// <summary>screen's pow_detach: detach, and once the terminal is ours again hang up the shell that started us.</summary>
    private void PowerDetach()
    {
        _hangUpParent = true;
        Send(MessageType.Detach, []);
    }

    private static void HangUpParent()
    {
        int parent = Libc.getppid();
        if (parent > 1) Libc.kill(parent, Libc.SIGHUP);
    }

    /// <summary>The session's state, asked over the attached connection (null if it does not answer).</summary>
    private SessionInfo? QuerySession()
    {
        var query = new TaskCompletionSource<SessionInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _query, query);
        Send(MessageType.Query, []);
        try { return query.Task.Wait(TimeSpan.FromSeconds(5)) ? query.Task.Result : null; }
        catch (AggregateException) { return null; }
    }

    /// <summary>
    /// Hands the terminal to an overlay (on this, the stdin thread: our reader pauses while it runs) and takes it
    /// back exactly as it was: raw mode, keypad and cursor keys off, our alternate screen, the user's title, the
    /// overlay's late terminal replies dropped, and the window repainted in full by the server.
    /// </summary>
    private T RunOverlay<T>(Func<T> overlay)
    {
        bool handBack;
        lock (_outputLock)
        {
            _overlayDone.Reset();
            _overlayOpen = true;
            handBack = _direct || _switching;
        }
        TakeTerminalBack(TimeSpan.FromSeconds(1));
        lock (_outputLock)
        {
            _guard?.ResetKeys();   // the overlay reads legacy keys
            WriteTerminal(PushTitle);
        }
        try { return overlay(); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            StdIo.Err.WriteLine($"mux: overlay failed: {ErrorText.Describe(e)}");
            return default!;
        }
        finally
        {
            if (!_ending)
            {
                try { _guard?.ReapplyRawMode(); } catch (IOException) { }
                lock (_outputLock)
                {
                    _drain = new ReplyDrain();
                    WriteTerminal(AfterOverlay);
                    _overlayOpen = false;
                }
                if (handBack) HandTerminalToServer();
                else RedrawAfresh();
                if (Interlocked.Exchange(ref _overlayError, null) is { } error)
                    SendThroughServer(MessageType.Command, new CommandRequest("", ["echo", error]).Encode());
            }
            _overlayDone.Set();
        }
    }

    // XTWINOPS push/pop of the title: the overlay sets its own.
    private static readonly byte[] PushTitle = "\e[22;0t"u8.ToArray();

    // Terminal.Gui leaves keypad/cursor-key application modes on and switches back to the main screen; we go back
    // to ours (the redraw fills it), restore the title, and ask DSR 5 so the drain knows where its replies end.
    private static readonly byte[] AfterOverlay = "\e[?1l\e>\e[?1049h\e[23;0t\e[5n"u8.ToArray();

    private static void WriteTerminal(byte[] bytes)
    {
        try
        {
            StdIo.OutStream.Write(bytes);
            StdIo.OutStream.Flush();
        }
        catch (IOException) { }
    }

    /// <summary>
    /// SIGTSTP: leaves the terminal as the user had it (the server stops drawing on it first), then stops for real,
    /// as the default action would have.
    /// </summary>
    private void Suspend()
    {
        if (_guard is not null && !_ending && !_overlayOpen)
        {
            TakeTerminalBack(TimeSpan.FromMilliseconds(200));
            lock (_outputLock) _suspended = true;
            _guard.Suspend();
        }
        Libc.kill(Libc.getpid(), Libc.SIGSTOP);
    }

    /// <summary>SIGCONT: raw mode and our screen again, and the server redraws the window in full.</summary>
    private void Resume()
    {
        if (_guard is null || _ending || _overlayOpen) return;
        bool handBack;
        lock (_outputLock)
        {
            handBack = _suspended;
            _suspended = false;
            _guard.Resume();
        }
        // The server was drawing on the terminal itself unless we took it back; either way it repaints everything.
        if (handBack) HandTerminalToServer();
        if (!handBack || _terminal is null) RedrawAfresh();
    }

    /// <summary>
    /// Asks for a full redraw of a terminal we took back: its key modes are off (the server hears so from Redraw and
    /// sets the shown window's again).
    /// </summary>
    private void RedrawAfresh()
    {
        lock (_outputLock) _guard?.ResetKeys();
        Send(MessageType.Redraw, []);
    }

    private void OnResize()
    {
        var (columns, rows) = TerminalSize();
        Send(MessageType.Resize, new Mux.Protocol.TerminalSize(columns, rows).Encode());
    }

    /// <summary>Input, commands and the terminal's answers: our own direct writes of keys stop until the server has handled this.</summary>
    private void SendThroughServer(MessageType type, byte[] payload)
    {
        _directInput.SendingThroughServer();
        Send(type, payload);
    }

    private void Send(MessageType type, byte[] payload)
    {
        // Sent at once from the calling thread (stdin, signal handler): order is kept and no thread hop is added.
        _session.Connection.Send(type, payload);
    }

    /// <summary>Leaves at once (hang-up, signal): the terminal is restored, the session just sees us go.</summary>
    private void Abandon(int code)
    {
        // Terminal.Gui keeps spinning on EIO after a hang-up: stop it (only if one ever ran).
        _ending = true;
        _directInput.Dispose();
        if (_overlayOpen) OverlayProcess.HangUp();
        _guard?.Restore();
        _session.Connection.Close();
        Environment.Exit(code);
    }

    private static (int Columns, int Rows) TerminalSize()
    {
        if (Tty.TryGetSize(1, out int c, out int r) || Tty.TryGetSize(0, out c, out r)) return (c, r);
        return (80, 24);
    }

    private static int SignalNumber(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        PosixSignal.SIGTERM => 15,
        _ => 0,
    };
}
