namespace Mux.Client.Keys;

/// <summary>What a key typed after the prefix asks the client to do.</summary>
internal enum KeyActionKind
{
    None,
    /// <summary>Bytes for the window's program.</summary>
    Input,
    /// <summary>A screen command for the server (<see cref="KeyAction.Command"/>).</summary>
    Command,
    Detach,
    /// <summary>Ask "Really kill this window [y/n]" first.</summary>
    ConfirmKill,
    Help,
    Chooser,
    Rename,
    /// <summary>screen's colon prompt: a command line for any command.</summary>
    CommandLine,
    /// <summary>Ask for a window number or title and select it.</summary>
    SelectPrompt,
    /// <summary>Stop the client as SIGTSTP would (screen's suspend).</summary>
    Suspend,
    /// <summary>Lock this display with the user's lock program (screen's lockscreen).</summary>
    Lock,
    /// <summary>The first D of screen's D D: detach and hang up once a second D comes.</summary>
    PowerDetach,
    /// <summary>Not a key: the user's terminal answered the client's colour or kitty keyboard query (<see cref="KeyAction.Bytes"/>: the answer).</summary>
    TerminalAnswer,
}

/// <param name="ViaServer">Input that holds a mouse report (or a piece of a sequence): the server decides where it goes.</param>
internal readonly record struct KeyAction(KeyActionKind Kind, byte[]? Bytes = null, string[]? Command = null, bool ViaServer = false)
{
    public static KeyAction Send(byte[] bytes, bool viaServer = false) => new(KeyActionKind.Input, bytes, ViaServer: viaServer);

    public static KeyAction Run(params string[] command) => new(KeyActionKind.Command, Command: command);

    /// <summary>Written out: a record's generated ToString formats its enum by reflection, which Native AOT would link into mux.</summary>
    public override string ToString() => $"KeyAction {(int)Kind}";
}
