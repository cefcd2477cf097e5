using System.Runtime.InteropServices;
using System.Text;
using Mux.Client.Cli;
using Mux.Client.Keys;
using Mux.Server.Ipc;
using Mux.Server.Native;

namespace Mux.Client.Attach;

/// <summary>
/// An attached client: the user's keys go to the session (prefix commands handled here), the session's frames
/// go to the user's terminal as they are. Any way out restores the terminal; the session itself never depends on us.
/// </summary>
internal sealed class AttachSession
{
    private readonly SessionConnection _session;
    private readonly PrefixKeyReader _keys;
    private readonly object _outputLock = new();
    private TerminalGuard? _guard;
    private LinePrompt? _prompt;
    private int _rows;

    private AttachSession(SessionConnection session, Options options, int rows)
    {
        _session = session;
        _keys = new PrefixKeyReader(options.PrefixKey, options.LiteralPrefixKey);
        _rows = rows;
    }

    public static async Task<int> RunAsync(string socketPath, AttachMode mode, Options options)
    {
        var (columns, rows) = TerminalSize();
        SessionConnection session;
        try { session = await SessionConnection.OpenAsync(socketPath, columns, rows).ConfigureAwait(false); }
        catch (SessionUnreachableException) { return StdIo.Fail($"the session at {socketPath} is not answering (mux -wipe removes dead sessions)"); }
        catch (SessionErrorException e) { return StdIo.Fail(e.Message); }
        using (session)
        {
            return await new AttachSession(session, options, rows).RunAsync(mode).ConfigureAwait(false);
        }
    }

    private async Task<int> RunAsync(AttachMode mode)
    {
        var signals = new List<PosixSignalRegistration>();
        try
        {
            signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, ctx => { ctx.Cancel = true; OnResize(); }));
            foreach (var s in new[] { PosixSignal.SIGHUP, PosixSignal.SIGTERM, PosixSignal.SIGQUIT, PosixSignal.SIGINT })
                signals.Add(PosixSignalRegistration.Create(s, ctx => { ctx.Cancel = true; Abandon(128 + SignalNumber(ctx.Signal)); }));

            var payload = new PayloadWriter().U8((byte)mode).WrittenSpan.ToArray();
            if (!await _session.Connection.SendAsync(MessageType.Attach, payload).ConfigureAwait(false))
                return StdIo.Fail("lost the connection to the session");
            return await ReceiveLoopAsync().ConfigureAwait(false);
        }
        finally
        {
            _guard?.Restore();
            foreach (var s in signals) s.Dispose();
        }
    }

    private async Task<int> ReceiveLoopAsync()
    {
        while (true)
        {
            Message? message;
            try { message = await _session.Connection.ReceiveAsync().ConfigureAwait(false); }
            catch (ProtocolException) { message = null; }
            if (message is null)
            {
                _guard?.Restore();
                return StdIo.Fail("lost the connection to the session");
            }
            var m = message.Value;
            switch (m.Type)
            {
                case MessageType.Output:
                    if (_guard is null) StartTerminal();
                    WriteOutput(m.Payload);
                    break;
                case MessageType.Detached:
                    var notice = DetachedNotice.Decode(m.Payload);
                    _guard?.Restore();
                    if (notice.Reason == DetachReason.Refused) return StdIo.Fail(notice.Text);
                    StdIo.Out.WriteLine(notice.Text);
                    return 0;
                case MessageType.Error:
                    _guard?.Restore();
                    return StdIo.Fail(new PayloadReader(m.Payload).String());
            }
        }
    }

    private void StartTerminal()
    {
        _guard = TerminalGuard.Take();
        var reader = new Thread(ReadKeys) { IsBackground = true, Name = "stdin" };
        reader.Start();
    }

    private void WriteOutput(ReadOnlySpan<byte> bytes)
    {
        lock (_outputLock)
        {
            if (_prompt != null) return; // the prompt owns the screen; a full redraw follows it
            try { StdIo.OutStream.Write(bytes); }
            catch (IOException) { Abandon(1); }
        }
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
            if (_prompt != null)
            {
                OnPromptInput(input);
                continue;
            }
            actions.Clear();
            _keys.Read(input, actions);
            foreach (var a in actions) Perform(a);
        }
    }

    private void Perform(KeyAction action)
    {
        switch (action.Kind)
        {
            case KeyActionKind.Input:
                Send(MessageType.Input, new PayloadWriter().Bytes(action.Bytes).WrittenSpan.ToArray());
                break;
            case KeyActionKind.Command:
                Send(MessageType.Command, new CommandRequest("", action.Command!).Encode());
                break;
            case KeyActionKind.Detach:
                Send(MessageType.Detach, []);
                break;
            case KeyActionKind.ConfirmKill:
                OpenPrompt(new LinePrompt("Really kill this window [y/n]", singleKey: true, answer =>
                {
                    if (answer is "y" or "Y") Send(MessageType.Command, new CommandRequest("", ["kill"]).Encode());
                }));
                break;
            case KeyActionKind.Rename:
                OpenPrompt(new LinePrompt("Set window's title to: ", singleKey: false, answer =>
                {
                    if (!string.IsNullOrEmpty(answer)) Send(MessageType.Command, new CommandRequest("", ["title", answer]).Encode());
                }));
                break;
            case KeyActionKind.Help:
                Send(MessageType.Command, new CommandRequest("", ["echo", HelpLine]).Encode());
                break;
            case KeyActionKind.Chooser:
                Send(MessageType.Command, new CommandRequest("", ["windows"]).Encode());
                break;
        }
    }

    private const string HelpLine = "d detach  c create  n/p next/prev  ^A last  0-9 select  k kill  w list  A title  a literal ^A";

    private void OpenPrompt(LinePrompt prompt)
    {
        lock (_outputLock)
        {
            _prompt = prompt;
            DrawPrompt();
        }
    }

    private void OnPromptInput(ReadOnlySpan<byte> input)
    {
        lock (_outputLock)
        {
            var prompt = _prompt!;
            if (!prompt.Feed(input))
            {
                DrawPrompt();
                return;
            }
            _prompt = null;
            prompt.Complete();
        }
        Send(MessageType.Redraw, []);
    }

    private void DrawPrompt()
    {
        var text = $"\x1b7\x1b[{_rows};1H\x1b[0m\x1b[7m\x1b[2K{_prompt!.Text}\x1b[0m";
        try { StdIo.OutStream.Write(Encoding.UTF8.GetBytes(text)); } catch (IOException) { }
    }

    private void OnResize()
    {
        var (columns, rows) = TerminalSize();
        _rows = rows;
        Send(MessageType.Resize, new Mux.Server.Ipc.TerminalSize(columns, rows).Encode());
    }

    private void Send(MessageType type, byte[] payload)
    {
        _ = _session.Connection.SendAsync(type, payload).AsTask();
    }

    /// <summary>Leaves at once (hang-up, signal): the terminal is restored, the session just sees us go.</summary>
    private void Abandon(int code)
    {
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
