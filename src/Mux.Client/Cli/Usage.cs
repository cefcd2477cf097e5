namespace Mux.Client.Cli;

internal static class Usage
{
    public const string Text = """
Use: mux [options] [command [args…]]

Sessions
  mux                      new session running $SHELL, attached
  mux cmd args…            new session running cmd
  mux -S name [cmd…]       new session called name
  mux -dmS name cmd args…  new session started detached (returns once it exists)
  mux -ls | -list          list sessions (-v: every window; --json for scripts)
  mux -wipe                remove sessions whose server died or whose jobs ended
  mux wait name [--timeout S]
                           wait until the session's programs end; exit with
                           the first one's status (128+N for signal N)
  mux -r [session]         reattach (session: name, pid or pid.name)
  mux -d -r [session]      detach it elsewhere, attach here (also -D -R)
  mux -R [session]         reattach, or create if there is none
  mux -x [session]         attach to a session already attached elsewhere
  mux -d [session]         detach a session from its display
  mux -DmS name cmd args…  the same, staying in the foreground until it ends
  mux [-S session] [-p window] -X command [args…]
                           run a command in a session: quit, stuff TEXT,
                           hardcopy [-h] FILE, screen [cmd…], select N, kill,
                           title NAME, detach, width COLS [ROWS], height ROWS,
                           windows, next, prev, other, hardstatus on|off, echo TEXT,
                           setenv NAME VALUE, unsetenv NAME, zombie on|off,
                           log [on|off], logfile NAME, deflog on|off, mouse on|off
Options
  -e xy                    prefix key x and its literal key y (default ^Aa)
  -h LINES                 scrollback lines per window (default 10000)
  -t title                 title of the first window
  -L                       log the first window to screenlog.0 (text as read)
  -Logfile file            log the first window to file
  -c file                  read file instead of ~/.muxrc
  -T term, -s shell        TERM and default shell of the windows
  -Q command [args…]       like -X, printing the answer (number, info, title…)
  -q                       quiet: -ls only sets screen's exit codes (9, 10, 10+N)
  -h, --help               this text

Keys (after the prefix Ctrl+A)
  d detach   c new window   n/p next/previous   Ctrl+A last window
  0-9 select   k kill (asks)   w window list   a send a literal Ctrl+A
  H log on/off   A title   " choose a window   ? help

Sessions live in $MUX_DIR, else $XDG_RUNTIME_DIR/mux, else /tmp/mux-$UID.
""";
}
