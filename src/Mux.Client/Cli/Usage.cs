namespace Mux.Client.Cli;

/// <summary>
/// <c>--help</c> and <c>-v</c>. The options come in screen's layout, one per line starting with the option at the
/// left margin, because tools build their option lists from it (bash-completion reads the lines that start with a
/// dash); nothing else in the text starts a line with one.
/// </summary>
internal static class Usage
{
    /// <summary>screen's shape (<c>Screen version 4.09.00 (GNU) 30-Jan-22</c>): a script's third field is the version.</summary>
    public const string VersionLine = "Mux version 0.1 (Mux)";

    public static string Text(string name) => $$"""
Use: {{name}} [-opts] [cmd [args]]
 or: {{name}} -r [host.tty]

Options:
-a            Accepted for screen's scripts; no effect.
-A -[r|R]     Accepted for screen's scripts; windows always fit the display.
-c file       Read configuration file instead of '~/.muxrc'.
-d (-r)       Detach the elsewhere running session (and reattach here).
-dmS name     Start as daemon: session in detached mode.
-D (-r)       Detach the elsewhere running session (and reattach here).
-D -RR        Do whatever is needed to get a session.
-DmS name     Start a session in detached mode and stay in the foreground until it ends.
-e xy         Change command characters (default ^Aa).
-f            Accepted for screen's scripts; no effect (also -fn, -fa).
-h lines      Set the size of the scrollback history buffer (default 10000).
-i            Accepted for screen's scripts; no effect.
-l            Accepted for screen's scripts; no effect (also -ln).
-ls [match]   or
-list         Do nothing, just list the sessions [on possible matches].
-ls -v        Also list each window, and how the jobs that ended ended.
-ls --json    The listing as JSON, every session and window with its state.
-L            Turn on output logging (to screenlog.0).
-Logfile file Set logfile name.
-m            Start the new session detached (as -dm).
-O            Accepted for screen's scripts; no effect.
-p window     Preselect the named window for -X and -Q.
-q            Quiet: print nothing; -ls and -r set screen's exit codes (9, 10, 10+N).
-Q            Like -X, and print the command's answer on stdout.
-r [session]  Reattach to a detached session (name, pid or pid.name).
-R            Reattach if possible, otherwise start a new session.
-s shell      Shell to execute rather than $SHELL.
-S sockname   Name this session <pid>.sockname instead of <pid>.<tty>.<host>.
-t title      Set title. (window's name).
-T term       Use term as $TERM for windows.
-U            Accepted for screen's scripts; no effect (always UTF-8).
-v            Print "{{VersionLine}}".
-wipe [match] Do nothing, just clean up: remove dead sessions and ended jobs,
              and the records of lost and ended sessions (--all: every record
              of a session that does not run).
-x            Attach to a not detached session. (Multi display mode).
-X            Execute <cmd> as a command in the specified session.
--notify cmd  Run cmd when the job ends, with how it ended as JSON on its stdin.
--read-only   With -r or -x: watch only. Keys, pastes and the mouse never reach a
              window; copy mode, scrollback and Ctrl+A d still work.
--help        Print this text.

Commands for -X and -Q
  quit, stuff TEXT, hardcopy [-h] FILE, screen [cmd…], select N, kill,
  title NAME, detach, width COLS [ROWS], height ROWS, windows, next, prev,
  other, hardstatus on|off, echo TEXT, setenv NAME VALUE, unsetenv NAME,
  zombie on|off, log [on|off], logfile NAME, deflog on|off, mouse on|off,
  readonly on|off (the display that runs it; a read-only one stays read-only),
  clipboard on|off, settitle on|off, hyperlinks on|off, eval CMD…,
  at WINDOW CMD…, register, readreg, paste REGS, info, number, sessionname,
  on EVENT COMMAND…,
  hooklimit SECONDS, rerun (an ended window),
  record (how the session's record is kept), upgrade (the session's server
  becomes the mux-server beside this mux; every window keeps its program)

Waiting for a job
  {{name}} wait name [--timeout S]
                wait until the session's programs end; exit with the first
                one's status (128+N for signal N), 124 on timeout

What happens in the sessions
  {{name}} events [name] [--json] [--since 10m] [--no-follow]
                one line per event as it happens (windows opened and closed,
                jobs exited, commands done or failed, match, bell, activity,
                silence, hooks that failed, sessions started and ended), from
                sessions started later too; --since replays what each session
                kept (its last 1000 events) first; --json one object per line

What jobs cost
  {{name}} top [--once]
                every window of every session: CPU %, CPU time, memory (peak),
                GPU memory, run time; refreshed each second; c m g n sort by
                CPU, memory, GPU, name; q quits. --once (or a pipe): one table

Records (in $XDG_STATE_HOME/mux, else ~/.local/state/mux)
  Every session keeps a record: its command, directory, environment, windows
  and last screens. A session whose server was killed or whose machine
  restarted is listed as Lost; '{{name}} -r name' shows its last screen,
  '{{name}} rerun name' starts its command again (detached) in its directory
  with its environment, and its record is replaced by the new session's.

An ended job (all its programs exited) keeps its last screen: '{{name}} -r name'
shows it, and -X hardcopy saves it. It takes no other command and is left out
of '{{name}} -ls' read through a pipe, as if gone; on a terminal, and with
-ls -v or -ls --json, the listing shows how it ended.

Keys (after the prefix Ctrl+A)
  d detach   c new window   n/p next/previous   Ctrl+A last window
  0-9 select   k kill (asks)   w window list   a send a literal Ctrl+A
  H log on/off   A title   " choose a window   ? help
  In copy mode ([): arrows/hjkl move, / ? search, { } previous/next shell
  prompt (OSC 133 marks), Space marks and copies, q leaves

Sessions live in $MUX_DIR, else $XDG_RUNTIME_DIR/mux, else /tmp/mux-$UID.

""";
}
