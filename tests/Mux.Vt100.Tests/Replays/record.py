#!/usr/bin/env python3
"""Records what real programs write to an 80x24 pseudo-terminal, for the replay tests.

Usage: python3 record.py [scenario ...]   (default: all). Writes Data/<scenario>.bin.
Needs vim, less, htop, man-db, dialog, bash, python3. Recordings stop while the program still
shows its screen (it is then killed), so the final screen is the program's, not the shell's.
"""
import fcntl, os, pty, select, shutil, signal, struct, sys, tempfile, termios, time

COLUMNS, ROWS = 80, 24
HERE = os.path.dirname(os.path.abspath(__file__))
WORK = tempfile.mkdtemp(prefix="mux-replay-")

ESC = "\x1b"


def setup_files():
    with open(os.path.join(WORK, "notes.txt"), "w") as f:
        f.write("Mux replay sample\n\n" + "".join(f"line {i:02d}: the quick brown fox jumps over the lazy dog\n" for i in range(1, 31)))
    with open(os.path.join(WORK, "long.txt"), "w") as f:
        for i in range(1, 121):
            f.write(f"{i:3d} " + ("lorem ipsum dolor sit amet " * 4)[: 20 + (i * 7) % 60] + "\n")
    with open(os.path.join(WORK, "unicode.txt"), "w", encoding="utf-8") as f:
        f.write("Wide: 中文字符 and fullwidth ＡＢＣ\n")
        f.write("Combining: e\u0301 a\u0300 n\u0303 o\u0308\n")
        f.write("Emoji: \U0001F600 \U0001F680 done\n")
        f.write("Box: ┌──┐ │ok│ └──┘\n")
        f.write("Long wide line: " + "漢字" * 40 + "\n")
    d = os.path.join(WORK, "dir")
    os.makedirs(os.path.join(d, "subdir"), exist_ok=True)
    for name in ("readme.md", "data.csv", "archive.tar.gz"):
        open(os.path.join(d, name), "w").close()
    script = os.path.join(d, "run.sh")
    open(script, "w").write("#!/bin/sh\n")
    os.chmod(script, 0o755)
    if not os.path.exists(os.path.join(d, "link")):
        os.symlink("readme.md", os.path.join(d, "link"))


# Each scenario: argv, working directory, then (delay seconds, keys) pairs; the final delay lets output settle.
SCENARIOS = {
    "vim": (["vim", "-N", "-u", "NONE", "-i", "NONE", "notes.txt"], WORK,
            [(1.0, "5j"), (0.3, "w"), (0.3, "iinserted by mux "), (0.3, ESC), (0.3, "Gonew last line" + ESC), (0.3, ":set number\r"), (0.3, "gg"), (0.8, "")]),
    "vim_unicode": (["vim", "-N", "-u", "NONE", "-i", "NONE", "-c", "set encoding=utf-8 wrap", "unicode.txt"], WORK,
                    [(1.0, "j"), (0.3, "w"), (0.3, "a\u00e9\u4e2d" + ESC), (0.8, "")]),
    "seq": (["sh", "-c", "for i in $(seq 1 60); do printf 'row %02d %s\\n' $i \"$(printf '%*s' $((i % 50)) '' | tr ' ' '=')\"; done; printf 'end\\n'; sleep 300"], WORK,
            [(1.0, "")]),
    "less": (["less", "long.txt"], WORK, [(1.0, " "), (0.4, "/ipsum 5\r"), (0.4, "j"), (0.8, "")]),
    "htop": (["sh", "-c", "sleep 300 & exec htop -p $!"], WORK, [(2.0, "")]),
    "man": (["man", "ls"], WORK, [(2.0, " "), (0.8, "")]),
    "dialog": (["dialog", "--title", "Mux", "--menu", "Pick a fruit", "15", "50", "5",
                "1", "Apple", "2", "Banana", "3", "Cherry", "4", "Date", "5", "Elderberry"], WORK,
               [(1.0, ESC + "[B"), (0.3, ESC + "[B"), (0.8, "")]),
    "bash": (["bash", "--norc", "--noprofile", "-i"], os.path.join(WORK, "dir"),
             [(0.8, "ls --color=auto\r"), (0.5, "ls -l --color=always | tail -n 3 | cut -c1-10,30-\r"), (0.5, "echo done\r"), (0.8, "")]),
    "progress": (["python3", "-c",
                  "import sys,time\n"
                  "for i in range(0,101,5):\n"
                  "    bar='#'*(i//5)+'.'*(20-i//5)\n"
                  "    sys.stdout.write(f'\\rdownloading [{bar}] {i:3d}%'); sys.stdout.flush(); time.sleep(0.02)\n"
                  "print('\\ndone')\n"
                  "for i in range(3):\n"
                  "    sys.stdout.write(f'\\r\\x1b[Kstep {i+1}/3 ' + '-\\\\|/'[i % 4]); sys.stdout.flush(); time.sleep(0.02)\n"
                  "print()\n"
                  "time.sleep(5)\n"], WORK, [(1.5, "")]),
}


def record(name):
    argv, cwd, steps = SCENARIOS[name]
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8", COLUMNS=str(COLUMNS), LINES=str(ROWS),
               PS1="mux$ ", HOME=WORK, MANPAGER="less", PAGER="less", LESSHISTFILE="-", HISTFILE="/dev/null")
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(cwd)
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    out = bytearray()

    def drain(seconds):
        end = time.time() + seconds
        while True:
            left = end - time.time()
            if left <= 0:
                return
            r, _, _ = select.select([fd], [], [], left)
            if r:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    return
                if not data:
                    return
                out.extend(data)

    for delay, keys in steps:
        drain(delay)
        if keys:
            os.write(fd, keys.encode())
    drain(0.2)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    path = os.path.join(HERE, "Data", name + ".bin")
    with open(path, "wb") as f:
        f.write(out)
    print(f"{name}: {len(out)} bytes -> {path}")


if __name__ == "__main__":
    setup_files()
    try:
        for n in sys.argv[1:] or SCENARIOS:
            record(n)
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
