#!/usr/bin/env python3
"""End-to-end benchmark: mux against tmux, GNU screen and a bare PTY, in one run.

Workloads (see bench/README.md): detached and attached throughput (plain, SGR-coloured, CJK files),
keystroke echo latency through an attached client (also typed as people type: raw `cat`, a CR after each key, set gaps), server memory (idle, and 10 windows with full
history) and command latency (`-ls`, start a session). Adapters are interleaved within each
repetition; each adapter has a private socket directory and cleans up only what it started.

Standard library only. Run from anywhere:  python3 bench/e2e.py [--quick] [--json out.json]
"""
from __future__ import annotations

import argparse
import fcntl
import glob
import json
import os
import platform
import random
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass, field

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLS, ROWS = 120, 40
HISTORY = 10_000
CMD_TIMEOUT = 10.0


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def pid_from_socket_name(directory, session):
    """The server's pid from its socket's name, `pid.name`, as screen and mux name them."""
    for path in glob.glob(os.path.join(directory, "*." + session)):
        head = os.path.basename(path).split(".", 1)[0]
        if head.isdigit():
            return int(head)
    return None


class BenchError(Exception):
    """A failure of one cell (one adapter, one workload): reported, and the run goes on."""


# ---------------------------------------------------------------------------------------------
# Small helpers: FIFOs, PTYs, processes
# ---------------------------------------------------------------------------------------------

def now() -> float:
    return time.perf_counter()


def run(argv, env=None, timeout=CMD_TIMEOUT, check=False) -> subprocess.CompletedProcess:
    try:
        cp = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise BenchError(f"timed out after {timeout:.0f}s: {' '.join(argv)}") from e
    if check and cp.returncode != 0:
        err = (cp.stderr or cp.stdout).decode(errors="replace").strip()
        raise BenchError(f"{' '.join(argv[:4])}… exited {cp.returncode}: {err[:200]}")
    return cp


def make_fifo(directory: str, name: str) -> str:
    path = os.path.join(directory, name)
    if os.path.exists(path):
        os.unlink(path)
    os.mkfifo(path, 0o600)
    return path


class FifoWaiter:
    """The reading end of a FIFO, opened read-write so it never sees EOF and never blocks the writer's open."""

    def __init__(self, path: str):
        self.fd = os.open(path, os.O_RDWR | os.O_NONBLOCK)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def open_writer(path: str, timeout: float) -> int:
    """Opens a FIFO for writing, which returns once a reader has opened it (the event we wait for)."""
    result: dict = {}

    def target():
        try:
            result["fd"] = os.open(path, os.O_WRONLY)
        except OSError as e:
            result["error"] = e

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        # Unblock the thread by becoming a reader ourselves, then report the time-out.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        t.join(2)
        os.close(fd)
        if "fd" in result:
            os.close(result["fd"])
        raise BenchError(f"nobody opened {os.path.basename(path)} within {timeout:.0f}s (session did not start?)")
    if "error" in result:
        raise BenchError(f"open {path}: {result['error']}")
    return result["fd"]


def set_winsize(fd: int, rows: int, cols: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def _make_ctty() -> None:
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


@dataclass
class PtyProcess:
    proc: subprocess.Popen
    master: int
    eof: bool = False

    def read_some(self, timeout: float) -> bytes:
        """Whatever the process wrote within timeout (b'' if nothing); sets eof once the PTY hangs up."""
        if self.eof:
            return b""
        r, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not r:
            return b""
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:  # EIO: every slave fd closed
            data = b""
        if not data:
            self.eof = True
        return data

    def drain_for(self, seconds: float) -> int:
        end = now() + seconds
        n = 0
        while not self.eof:
            left = end - now()
            if left <= 0:
                break
            n += len(self.read_some(left))
        return n

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGHUP)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                self.proc.wait(3)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
                self.proc.wait(3)
        if self.master >= 0:
            os.close(self.master)
            self.master = -1


def spawn_in_pty(argv, env, cols=COLS, rows=ROWS) -> PtyProcess:
    """Runs argv as the session leader of a new PTY of cols x rows (its controlling terminal)."""
    master, slave = os.openpty()
    set_winsize(slave, rows, cols)
    try:
        proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                start_new_session=True, preexec_fn=_make_ctty, close_fds=True)
    finally:
        os.close(slave)
    return PtyProcess(proc, master)


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise BenchError(f"no VmRSS for pid {pid}")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie counts as gone
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_pid_gone(pid: int | None, timeout: float = 5.0) -> None:
    if not pid:
        return
    end = now() + timeout
    while pid_alive(pid) and now() < end:
        time.sleep(0.01)


# ---------------------------------------------------------------------------------------------
# Adapters
# ---------------------------------------------------------------------------------------------

class Adapter:
    """One multiplexer, with a private socket directory; remembers and cleans up what it started."""

    name = "?"

    def __init__(self, workdir: str):
        self.dir = tempfile.mkdtemp(prefix=f"{self.name}-", dir=workdir)
        os.chmod(self.dir, 0o700)
        self.env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        self.env.pop("TMUX", None)
        self.env.pop("STY", None)
        self.sessions: set[str] = set()
        self._serial = 0

    def new_name(self, prefix: str) -> str:
        self._serial += 1
        return f"{prefix}{self._serial}"

    # to implement
    def start_argv(self, session: str, argv: list[str]) -> list[str]: raise NotImplementedError
    def attach_argv(self, session: str) -> list[str]: raise NotImplementedError
    def list_argv(self) -> list[str]: raise NotImplementedError
    def window_argv(self, session: str, argv: list[str]) -> list[str]: raise NotImplementedError
    def quit_argv(self, session: str) -> list[str]: raise NotImplementedError
    def server_pid(self, session: str) -> int | None: raise NotImplementedError

    def split_beside(self, session: str, argv: list[str]) -> None:
        """A second region (pane) right of the first, running argv; both shown. Not every adapter offers it."""
        raise BenchError("two regions are not measured for this tool")

    def listed(self, session: str, output: str) -> bool:
        return re.search(r"\b\d+\." + re.escape(session) + r"\b", output) is not None

    def start(self, session: str, argv: list[str]) -> None:
        self.sessions.add(session)
        run(self.start_argv(session, argv), env=self.env, check=True)

    def new_window(self, session: str, argv: list[str]) -> None:
        run(self.window_argv(session, argv), env=self.env, check=True)

    def new_current_window(self, session: str, argv: list[str]) -> None:
        """A new window that the session shows (mux and screen switch to a new window; tmux -d does not)."""
        self.new_window(session, argv)

    def list_output(self) -> str:
        cp = run(self.list_argv(), env=self.env)
        return (cp.stdout + cp.stderr).decode(errors="replace")

    def attach(self, session: str) -> PtyProcess:
        self.before_attach(session)
        return spawn_in_pty(self.attach_argv(session), self.env)

    def before_attach(self, session: str) -> None:
        """Makes an attached client show what the others show (no status line)."""

    def kill(self, session: str) -> None:
        """Ends a session we started and waits (bounded) for its server to go."""
        pid = None
        try:
            pid = self.server_pid(session)
        except Exception:
            pass
        try:
            run(self.quit_argv(session), env=self.env, timeout=5)
        except BenchError:
            pass
        if pid and not (self.sessions - {session}):  # tmux: the server outlives a session while others remain
            wait_pid_gone(pid, 5)
            if pid_alive(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        self.sessions.discard(session)

    def teardown(self) -> None:
        for s in list(self.sessions):
            self.kill(s)
        shutil.rmtree(self.dir, ignore_errors=True)


class MuxAdapter(Adapter):
    name = "mux"

    def __init__(self, workdir: str, binary: str):
        super().__init__(workdir)
        self.bin = binary
        self.env["MUX_DIR"] = self.dir

    def start_argv(self, s, argv): return [self.bin, "-dmS", s, *argv]
    def attach_argv(self, s): return [self.bin, "-r", s]
    def list_argv(self): return [self.bin, "-ls"]
    def window_argv(self, s, argv): return [self.bin, "-S", s, "-X", "screen", *argv]
    def quit_argv(self, s): return [self.bin, "-S", s, "-X", "quit"]

    def server_pid(self, s): return pid_from_socket_name(self.dir, s)

    def split_beside(self, s, argv):
        for cmd in (["split", "-v"], ["focus"], ["screen", *argv]):
            run([self.bin, "-S", s, "-X", *cmd], env=self.env, check=True)

    def before_attach(self, s):
        # mux shows a status line by default; tmux runs with status off and screen has no hardstatus
        run([self.bin, "-S", s, "-X", "hardstatus", "off"], env=self.env, check=True)


class TmuxAdapter(Adapter):
    name = "tmux"

    def __init__(self, workdir: str):
        super().__init__(workdir)
        self.sock = f"bench{os.getpid()}-{random.randrange(1 << 30)}"
        self.conf = os.path.join(self.dir, "tmux.conf")
        with open(self.conf, "w") as f:
            # status off: like screen's default (no hardstatus), and keeps the latency probe's output clean
            f.write(f"set -g history-limit {HISTORY}\nset -g status off\nset -g escape-time 0\n")
        self.env["TMUX_TMPDIR"] = self.dir

    def base(self): return ["tmux", "-L", self.sock, "-f", self.conf]
    def start_argv(self, s, argv): return [*self.base(), "new-session", "-d", "-s", s, *argv]
    def attach_argv(self, s): return [*self.base(), "attach-session", "-t", s]
    def list_argv(self): return [*self.base(), "ls"]
    def window_argv(self, s, argv): return [*self.base(), "new-window", "-d", "-t", s + ":", *argv]
    def quit_argv(self, s): return [*self.base(), "kill-session", "-t", s]

    def split_beside(self, s, argv):
        run([*self.base(), "split-window", "-h", "-t", s, *argv], env=self.env, check=True)

    def new_current_window(self, s, argv):
        run([*self.base(), "new-window", "-t", s + ":", *argv], env=self.env, check=True)

    def listed(self, s, output):
        return re.search(r"^" + re.escape(s) + r":", output, re.M) is not None

    def server_pid(self, s):
        cp = run([*self.base(), "display-message", "-p", "-t", s, "#{pid}"], env=self.env, timeout=5)
        out = cp.stdout.decode().strip()
        return int(out) if out.isdigit() else None

    def teardown(self):
        for s in list(self.sessions):
            self.kill(s)
        try:  # only our private socket's server
            run([*self.base(), "kill-server"], env=self.env, timeout=5)
        except BenchError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


class ScreenAdapter(Adapter):
    name = "screen"

    def __init__(self, workdir: str):
        super().__init__(workdir)
        self.env["SCREENDIR"] = self.dir
        self.conf = os.path.join(self.dir, "screenrc")
        with open(self.conf, "w") as f:
            f.write(f"defscrollback {HISTORY}\ndefutf8 on\nstartup_message off\nvbell off\n")

    def start_argv(self, s, argv): return ["screen", "-c", self.conf, "-dmS", s, *argv]
    def attach_argv(self, s): return ["screen", "-c", self.conf, "-r", s]
    def list_argv(self): return ["screen", "-ls"]
    def window_argv(self, s, argv): return ["screen", "-S", s, "-X", "screen", *argv]
    def quit_argv(self, s): return ["screen", "-S", s, "-X", "quit"]

    def server_pid(self, s): return pid_from_socket_name(self.dir, s)


# ---------------------------------------------------------------------------------------------
# Test data
# ---------------------------------------------------------------------------------------------

WORDS = ("the quick brown fox jumps over lazy dog server client window session buffer render parse "
         "cursor scroll history region status detach attach kernel thread socket").split()
COLOURS = ["1;31", "1;32", "01;34", "01;36", "33", "35", "38;5;208", "1;38;5;39", "38;2;255;128;0", "4;33", "7"]


def _words(rnd: random.Random, n: int) -> str:
    out = []
    length = 0
    while length < n:
        w = rnd.choice(WORDS)
        out.append(w)
        length += len(w) + 1
    return " ".join(out)[:n]


def _block(kind: str, rnd: random.Random, first_line: int) -> str:
    """About 1 MB of distinct lines."""
    lines = []
    size = 0
    i = first_line
    while size < 1_000_000:
        if kind == "plain":
            line = f"{i:08d} " + _words(rnd, 91)
        elif kind == "sgr":
            parts = []
            visible = 0
            if i % 3 == 0:
                parts.append(f"src/file{i % 97}.c:{i % 500}: \x1b[1;31merror:\x1b[0m ")
                visible += 30
            while visible < 100:
                text = _words(rnd, 6 + rnd.randrange(14))
                parts.append(f"\x1b[{rnd.choice(COLOURS)}m{text}\x1b[0m  ")
                visible += len(text) + 2
            line = "".join(parts)
        else:  # cjk: Hangul and CJK ideographs in words, about 40 wide characters
            parts = []
            wide = 0
            while wide < 40:
                n = 2 + rnd.randrange(4)
                if rnd.randrange(3):
                    parts.append("".join(chr(0xAC00 + rnd.randrange(11172)) for _ in range(n)))
                else:
                    parts.append("".join(chr(0x4E00 + rnd.randrange(0x5000)) for _ in range(n)))
                wide += n
            line = " ".join(parts)
        lines.append(line)
        size += len(line.encode()) + 1
        i += 1
    return "\n".join(lines) + "\n"


def make_files(directory: str, size_mb: float) -> dict[str, tuple[str, int]]:
    """plain/sgr/cjk files of size_mb MB (10^6 bytes), from 1 MB blocks; returns kind -> (path, bytes)."""
    files = {}
    target = int(size_mb * 1_000_000)
    for kind in ("plain", "sgr", "cjk"):
        rnd = random.Random(20261123)
        blocks = [_block(kind, rnd, k * 20_000).encode() for k in range(3)]
        path = os.path.join(directory, f"{kind}.txt")
        written = 0
        with open(path, "wb") as f:
            k = 0
            while written < target:
                b = blocks[k % len(blocks)]
                if written + len(b) > target:  # cut at a line end
                    cut = b.rfind(b"\n", 0, target - written)
                    b = b[: cut + 1] if cut >= 0 else b""
                    if not b:
                        break
                f.write(b)
                written += len(b)
                k += 1
        files[kind] = (path, written)
    return files


# ---------------------------------------------------------------------------------------------
# Workloads
# ---------------------------------------------------------------------------------------------

def drain_to_eof(master: int) -> None:
    """Reads a PTY master until its program is gone: blocking reads, the cheapest drain Python can do (os.read gives
    up the GIL, so drains on two threads overlap as two readers would)."""
    while True:
        try:
            if not os.read(master, 1 << 16):
                return
        except OSError:  # EIO: the program exited and everything was read
            return


def bare_cat(path: str, nbytes: int, env, timeout: float) -> float:
    """cat in a PTY made here, drained until EOF. Returns MB/s."""
    t0 = now()
    p = spawn_in_pty(["cat", path], env)
    watchdog = threading.Timer(timeout, lambda: p.proc.kill())  # a blocking read ends with EIO once cat is gone
    watchdog.start()
    try:
        drain_to_eof(p.master)
        t1 = now()
        if not watchdog.is_alive():
            raise BenchError("bare cat timed out")
    finally:
        watchdog.cancel()
        p.close()
    return nbytes / 1e6 / (t1 - t0)


def bare_cat_pair(path: str, nbytes: int, env, timeout: float) -> float:
    """Two cats, each in a PTY made here, drained at once by two threads until both reach EOF: what two regions side
    by side ask of the kernel with nothing in between. Returns the total MB/s (both files)."""
    t0 = now()
    procs = [spawn_in_pty(["cat", path], env) for _ in range(2)]
    watchdogs = [threading.Timer(timeout, lambda p=p: p.proc.kill()) for p in procs]
    ends: list[float] = []

    def drain(p: PtyProcess) -> None:
        drain_to_eof(p.master)
        ends.append(now())

    threads = [threading.Thread(target=drain, args=(p,)) for p in procs]
    try:
        for w in watchdogs:
            w.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if not all(w.is_alive() for w in watchdogs):
            raise BenchError("bare cat pair timed out")
    finally:
        for w in watchdogs:
            w.cancel()
        for p in procs:
            p.close()
    return 2 * nbytes / 1e6 / (max(ends) - t0)


def cpu_ticks(pid: int) -> int:
    """utime + stime of a process (all its threads), in clock ticks."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def gated_cat(a: Adapter, path: str, nbytes: int, work: str, attached: bool, timeout: float,
              cpu: list[float] | None = None) -> float:
    """Starts a detached session whose shell waits on a FIFO, optionally attaches a 120x40 client, then
    releases `cat FILE` and times until the shell writes the done-FIFO. Returns MB/s; appends to cpu the
    CPU time the server (and the client, when attached) spent, in ms per MB."""
    s = a.new_name("tp")
    go = make_fifo(work, f"{a.name}-{s}.go")
    done = make_fifo(work, f"{a.name}-{s}.done")
    waiter = FifoWaiter(done)
    client = None
    gofd = -1
    try:
        a.start(s, ["sh", "-c", f"read x < '{go}'; cat '{path}'; echo > '{done}'; exec sleep 60"])
        gofd = open_writer(go, 10)  # returns once the shell is waiting on it
        if attached:
            client = attach_ready(a, s)
        pids = [wait_for_pid(a, s)] + ([client.proc.pid] if client else [])
        ticks0 = sum(cpu_ticks(p) for p in pids)
        t0 = now()
        os.write(gofd, b"go\n")
        os.close(gofd)
        gofd = -1
        end = t0 + timeout
        fds = [waiter.fd] + ([client.master] if client else [])
        while True:
            left = end - now()
            if left <= 0:
                raise BenchError(f"not done within {timeout:.0f}s")
            r, _, _ = select.select(fds, [], [], left)
            if waiter.fd in r:
                t1 = now()
                if cpu is not None:
                    cpu.append(sum(cpu_ticks(p) for p in pids) - ticks0)
                break
            if client and client.master in r:
                client.read_some(0)
                if client.eof:
                    fds = [waiter.fd]
        if cpu:
            cpu[-1] = cpu[-1] * TICK_MS / (nbytes / 1e6)
        return nbytes / 1e6 / (t1 - t0)
    finally:
        if gofd >= 0:
            os.close(gofd)
        waiter.close()
        a.kill(s)
        if client:
            client.close()
        for f in (go, done):
            try:
                os.unlink(f)
            except OSError:
                pass


def gated_cat_split(a: Adapter, path: str, nbytes: int, work: str, timeout: float,
                    cpu: list[float] | None = None) -> float:
    """Two regions side by side in a 120x40 attached client, each window waiting on its own FIFO, then both
    released at once to `cat FILE`; timed until both are done. Returns the total MB/s (both files)."""
    s = a.new_name("sp")
    gos = [make_fifo(work, f"{a.name}-{s}.go{i}") for i in range(2)]
    dones = [make_fifo(work, f"{a.name}-{s}.done{i}") for i in range(2)]
    waiters = [FifoWaiter(d) for d in dones]
    client = None
    gofds: list[int] = []
    try:
        cmds = [["sh", "-c", f"read x < '{gos[i]}'; cat '{path}'; echo > '{dones[i]}'; exec sleep 60"] for i in range(2)]
        a.start(s, cmds[0])
        a.split_beside(s, cmds[1])
        gofds = [open_writer(g, 10) for g in gos]
        client = attach_ready(a, s)
        pids = [wait_for_pid(a, s), client.proc.pid]
        ticks0 = sum(cpu_ticks(p) for p in pids)
        t0 = now()
        for fd in gofds:
            os.write(fd, b"go\n")
            os.close(fd)
        gofds = []
        end = t0 + timeout
        pending = {w.fd for w in waiters}
        while pending:
            left = end - now()
            if left <= 0:
                raise BenchError(f"not done within {timeout:.0f}s")
            fds = list(pending) + ([client.master] if not client.eof else [])
            r, _, _ = select.select(fds, [], [], left)
            pending -= set(r)
            if client.master in r:
                client.read_some(0)
        t1 = now()
        if cpu is not None:
            cpu.append((sum(cpu_ticks(p) for p in pids) - ticks0) * TICK_MS / (2 * nbytes / 1e6))
        return 2 * nbytes / 1e6 / (t1 - t0)
    finally:
        for fd in gofds:
            os.close(fd)
        for w in waiters:
            w.close()
        a.kill(s)
        if client:
            client.close()
        for f in gos + dones:
            try:
                os.unlink(f)
            except OSError:
                pass


def attach_ready(a: Adapter, session: str) -> PtyProcess:
    """Attaches a client in a 120x40 PTY and waits for its first redraw; fails if the client quits."""
    client = a.attach(session)
    first = client.read_some(5.0)
    if not first:
        client.close()
        raise BenchError("attached client printed nothing within 5s")
    seen = bytearray(first)
    end = now() + 0.3  # let the first full redraw finish
    while not client.eof and now() < end:
        seen += client.read_some(end - now())
    if client.eof or client.proc.poll() is not None:
        text = TextTracker().text(bytes(seen)).decode(errors="replace").strip()
        client.close()
        raise BenchError(f"client exited at once: {text[:160]!r}")
    return client


class TextTracker:
    """Feeds terminal output and keeps only the printed text, skipping escape sequences (CSI, OSC, DCS…)."""

    def __init__(self):
        self.state = 0  # 0 text, 1 after ESC, 2 CSI, 3 string (OSC/DCS/APC…), 4 ESC inside a string

    def text(self, data: bytes) -> bytes:
        out = bytearray()
        st = self.state
        for b in data:
            if st == 0:
                if b == 0x1B:
                    st = 1
                elif b >= 0x20:
                    out.append(b)
            elif st == 1:
                if b == 0x5B:
                    st = 2
                elif b in (0x5D, 0x50, 0x5F, 0x5E, 0x58):  # ] P _ ^ X
                    st = 3
                elif 0x20 <= b <= 0x2F:
                    pass  # intermediate, e.g. ESC ( B
                else:
                    st = 0
            elif st == 2:
                if 0x40 <= b <= 0x7E:
                    st = 0
            elif st == 3:
                if b == 0x07:
                    st = 0
                elif b == 0x1B:
                    st = 4
            else:
                st = 0 if b == 0x5C else 3
        self.state = st
        return bytes(out)


def echo_latency(p: PtyProcess, keys: int, warmup: int, gap: float, timeout: float = 2.0) -> list[float]:
    """Types one printable byte at a time into p and times until it shows in p's output (µs)."""
    tracker = TextTracker()
    alphabet = b"abefgijkopquvwxyz"  # no letters that end common CSI sequences (m, h, l, r, t, n, c, s, d)
    samples: list[float] = []
    typed = 0
    misses = 0
    for i in range(warmup + keys):
        if typed >= 60:  # canonical mode keeps a 4 KiB line: end the line now and then (not timed)
            os.write(p.master, b"\r")
            p.drain_for(0.05)
            typed = 0
        key = alphabet[i % len(alphabet)]
        t0 = now()
        os.write(p.master, bytes([key]))
        typed += 1
        end = t0 + timeout
        found = False
        while not found:
            left = end - now()
            if left <= 0 or p.eof:
                break
            data = p.read_some(left)
            if data and key in tracker.text(data):
                found = True
        t1 = now()
        if not found:
            misses += 1
            if misses > 5:
                raise BenchError("echo did not come back (more than 5 keys lost)")
            continue
        if i >= warmup:
            samples.append((t1 - t0) * 1e6)
        p.drain_for(gap)
    return samples


def latency_session(a: Adapter, keys: int, warmup: int, gap: float) -> list[float]:
    s = a.new_name("lat")
    a.start(s, ["cat"])
    client = None
    try:
        client = attach_ready(a, s)
        return echo_latency(client, keys, warmup, gap)
    finally:
        a.kill(s)
        if client:
            client.close()


def latency_bare(env, keys: int, warmup: int, gap: float) -> list[float]:
    p = spawn_in_pty(["cat"], env)
    try:
        p.drain_for(0.1)
        return echo_latency(p, keys, warmup, gap)
    finally:
        p.close()


# Typing as people type: the window's program is `cat` in raw mode without echo (so the multiplexer, not the
# line discipline, is all there is between key and echo), every key is followed by a CR whose frame moves the
# cursor back, and the next key comes a set gap after that frame arrived: the frame before the key is recent.
RAW_CAT = "stty raw -echo; exec cat"
# A line of digits every 100 ms (no letter a key could be mistaken for), CR LF since raw mode has no ONLCR.
TRICKLE = "while :; do printf '0123456789 0123456789 0123456789\\r\\n'; sleep 0.1; done"
TYPING_RUN_SECONDS = 5.0   # keys per run are cut so that a run at a long gap takes about this long
TYPING_GAPS_MS = (2, 8, 20, 100)
TYPING_TRICKLE_GAP_MS = 20
KEY_REPEAT_S = 0.030
KEY_BURST = 20


@dataclass
class Typing:
    """One typing workload: the gap after the previous frame, what else prints, and how keys come."""
    key: str
    title: str
    gap: float                      # seconds after the CR's frame before the next key
    window: str = RAW_CAT           # the current window's program
    other: str | None = None        # a program in a second window that is not shown
    burst: int = 0                  # > 0: that many keys KEY_REPEAT_S apart, then CR and a pause of `gap`


def typing_workloads() -> list[Typing]:
    w = [Typing(f"latency-gap{g}", f"typing echo, key {g} ms after the previous frame", g / 1000)
         for g in TYPING_GAPS_MS]
    g = TYPING_TRICKLE_GAP_MS
    w.append(Typing("latency-trickle", f"typing echo, {g} ms gap, a line every 100 ms in the same window", g / 1000,
                    window=f"stty raw -echo; ({TRICKLE}) & exec cat"))
    w.append(Typing("latency-other", f"typing echo, {g} ms gap, a line every 100 ms in another window", g / 1000,
                    other=TRICKLE))
    w.append(Typing("latency-repeat", f"typing echo, bursts of {KEY_BURST} keys {KEY_REPEAT_S * 1000:.0f} ms apart "
                    "(key repeat)", 0.2, burst=KEY_BURST))
    return w


def typing_keys(t: Typing, keys: int) -> int:
    if t.burst:
        per_key = KEY_REPEAT_S + t.gap / t.burst
    else:
        per_key = t.gap + 0.002
    return max(50, min(keys, int(TYPING_RUN_SECONDS / per_key)))


def await_echo(p: PtyProcess, tracker: TextTracker, key: int | None, timeout: float) -> bool:
    """Reads p until `key` shows in its text (None: until any output at all arrives)."""
    end = now() + timeout
    while True:
        left = end - now()
        if left <= 0 or p.eof:
            return False
        data = p.read_some(left)
        if data and (key is None or key in tracker.text(data)):
            return True


def typed_echo(p: PtyProcess, t: Typing, keys: int, warmup: int, timeout: float = 2.0) -> list[float]:
    """Types into a raw `cat` one key at a time and times each key's echo (µs), as described for `Typing`."""
    tracker = TextTracker()
    alphabet = b"abefgijkopquvwxyz"  # no letters that end common CSI sequences (m, h, l, r, t, n, c, s, d)
    samples: list[float] = []
    misses = 0
    for i in range(warmup + keys):
        key = alphabet[i % len(alphabet)]
        t0 = now()
        os.write(p.master, bytes([key]))
        found = await_echo(p, tracker, key, timeout)
        t1 = now()
        if not found:
            misses += 1
            if misses > 5:
                raise BenchError("echo did not come back (more than 5 keys lost)")
        elif i >= warmup:
            samples.append((t1 - t0) * 1e6)
        if t.burst and (i + 1) % t.burst:
            p.drain_for(t0 + KEY_REPEAT_S - now())   # key repeat: the next key KEY_REPEAT_S after this one
            continue
        # CR: the cursor goes back (one more frame), and the next key comes `gap` after that frame arrived
        os.write(p.master, b"\r")
        await_echo(p, tracker, None, timeout)
        p.drain_for(t.gap)
    return samples


def typing_session(a: Adapter, t: Typing, keys: int, warmup: int) -> list[float]:
    s = a.new_name("typ")
    client = None
    try:
        if t.other:
            a.start(s, ["sh", "-c", t.other])
            a.new_current_window(s, ["sh", "-c", t.window])
        else:
            a.start(s, ["sh", "-c", t.window])
        client = attach_ready(a, s)
        return typed_echo(client, t, typing_keys(t, keys), warmup)
    finally:
        a.kill(s)
        if client:
            client.close()


def typing_bare(env, t: Typing, keys: int, warmup: int) -> list[float]:
    p = spawn_in_pty(["sh", "-c", t.window], env)
    other = spawn_in_pty(["sh", "-c", t.other], env) if t.other else None
    try:
        p.drain_for(0.1)
        return typed_echo(p, t, typing_keys(t, keys), warmup)
    finally:
        p.close()
        if other:
            other.close()


def filler_argv(done_fifo: str, window: int) -> list[str]:
    """Prints 10,000 distinct lines of 100 characters, signals the FIFO, then idles."""
    awk = ("BEGIN{b=\"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\";"
           "b=b b b b; for(i=1;i<=%d;i++) printf \"%%02d %%08d %%s\\n\", %d, i, substr(b, i%%60+1, 88)}"
           % (HISTORY, window))
    return ["sh", "-c", f"awk '{awk}'; echo > '{done_fifo}'; exec sleep 100000"]


def memory_idle(a: Adapter) -> float:
    """Server RSS (MB) of a detached session with one idle window."""
    s = a.new_name("idle")
    try:
        a.start(s, ["sh", "-c", "exec sleep 100000"])
        pid = wait_for_pid(a, s)
        time.sleep(2.0)  # idle: mux gives back start-up memory once quiet (0.5 s); the same wait for every adapter
        return rss_kib(pid) / 1024
    finally:
        a.kill(s)


def wait_for_pid(a: Adapter, s: str, timeout: float = 5.0) -> int:
    end = now() + timeout
    while now() < end:
        try:
            pid = a.server_pid(s)
        except BenchError:
            pid = None
        if pid and pid_alive(pid):
            return pid
        time.sleep(0.02)
    raise BenchError(f"no server pid for session {s}")


def memory_full(a: Adapter, work: str, windows: int = 10) -> float:
    """Server RSS (MB) of one session with 10 windows that each printed 10,000 lines of 100 characters.
    A 120x40 client stays attached while the windows fill, so every window is 120 columns wide
    (screen sizes windows made while detached at 80x24, where 100-character lines would wrap)."""
    s = a.new_name("mem")
    fifos = [make_fifo(work, f"{a.name}-{s}-{w}.done") for w in range(windows)]
    go = make_fifo(work, f"{a.name}-{s}.go")
    waiters = [FifoWaiter(f) for f in fifos]
    client = None
    gofd = -1
    try:
        # window 0 waits on a gate until the client is attached; windows 1..9 are made afterwards
        first = filler_argv(fifos[0], 0)
        a.start(s, ["sh", "-c", f"read x < '{go}'; " + first[2]])
        gofd = open_writer(go, 10)
        client = attach_ready(a, s)
        os.write(gofd, b"go\n")
        for w in range(1, windows):
            a.new_window(s, filler_argv(fifos[w], w))
        pending = {wt.fd for wt in waiters}
        end = now() + 120
        while pending:
            left = end - now()
            if left <= 0:
                raise BenchError(f"{len(pending)} of {windows} windows did not finish printing within 120s")
            r, _, _ = select.select(list(pending) + [client.master], [], [], left)
            for fd in r:
                if fd == client.master:
                    client.read_some(0)
                else:
                    pending.discard(fd)
        client.drain_for(1.0)  # the last kilobytes still in the PTYs reach the emulators
        return rss_kib(wait_for_pid(a, s)) / 1024
    finally:
        if gofd >= 0:
            os.close(gofd)
        for wt in waiters:
            wt.close()
        a.kill(s)
        if client:
            client.close()
        for f in fifos + [go]:
            try:
                os.unlink(f)
            except OSError:
                pass


def command_ls(a: Adapter, runs: int) -> list[float]:
    """Milliseconds for `-ls` with one session running."""
    s = a.new_name("ls")
    try:
        a.start(s, ["sleep", "1000"])
        wait_for_pid(a, s)
        if not a.listed(s, a.list_output()):
            raise BenchError(f"-ls does not list session {s}")
        out = []
        for _ in range(runs):
            t0 = now()
            run(a.list_argv(), env=a.env)
            out.append((now() - t0) * 1e3)
        return out
    finally:
        a.kill(s)


def command_floor(floor: str, runs: int) -> list[float]:
    """Milliseconds for an empty Native AOT program with mux's runtime settings: the floor under `mux -ls`."""
    out = []
    for _ in range(runs):
        t0 = now()
        run([floor])
        out.append((now() - t0) * 1e3)
    return out


def find_floor() -> str | None:
    """bench/AotFloor published to artifacts/floor (built here on first use when dotnet is installed)."""
    path = os.path.join(REPO, "artifacts", "floor", "aot-floor")
    if not os.access(path, os.X_OK) and shutil.which("dotnet"):
        log("publishing bench/AotFloor (the empty Native AOT program -ls is compared with)")
        subprocess.run(["dotnet", "publish", os.path.join(REPO, "bench", "AotFloor"), "-c", "Release",
                        "-o", os.path.dirname(path), "-nologo", "-v", "quiet"], check=False)
    return path if os.access(path, os.X_OK) else None


def command_start(a: Adapter, runs: int) -> list[float]:
    """Milliseconds from `-dmS NAME sleep 1000` until `-ls` lists the session (no other session running)."""
    out = []
    for _ in range(runs):
        s = a.new_name("st")
        try:
            t0 = now()
            a.start(s, ["sleep", "1000"])
            end = t0 + 10
            while not a.listed(s, a.list_output()):
                if now() > end:
                    raise BenchError(f"session {s} not listed within 10s")
            out.append((now() - t0) * 1e3)
        finally:
            a.kill(s)
    return out


# ---------------------------------------------------------------------------------------------
# Soak (mux only): many sessions and windows printing mixed output for minutes; nothing may be lost
# ---------------------------------------------------------------------------------------------

SOAK_GEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "soak_gen.py")
SOAK_SIZES = ((120, 40), (100, 30), (90, 50))  # attached clients' sizes: all wider than the 79-column lines


def proc_sample(pid: int) -> tuple[int, int, int] | None:
    """(VmRSS KiB, open descriptors, threads) of a process, or None once it is gone."""
    try:
        rss = threads = 0
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("Threads:"):
                    threads = int(line.split()[1])
        return rss, len(os.listdir(f"/proc/{pid}/fd")), threads
    except OSError:
        return None


class Drainer:
    """One thread reading every attached client's PTY as fast as it can (select, 0.2 s ticks, stops on request)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.clients: dict[int, PtyProcess] = {}
        self.bytes = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def add(self, p: PtyProcess) -> None:
        with self.lock:
            self.clients[p.master] = p

    def remove(self, p: PtyProcess) -> None:
        with self.lock:
            self.clients.pop(p.master, None)

    def _run(self) -> None:
        while not self.stop.is_set():
            with self.lock:
                fds = [fd for fd, p in self.clients.items() if not p.eof]
            if not fds:
                self.stop.wait(0.2)
                continue
            try:
                r, _, _ = select.select(fds, [], [], 0.2)
            except (OSError, ValueError):  # a client closed under us: take the list again
                continue
            for fd in r:
                with self.lock:
                    p = self.clients.get(fd)
                    if p is not None:
                        try:
                            self.bytes += len(p.read_some(0))
                        except OSError:
                            p.eof = True

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)


def soak_check(tag: str, expected: list[str], text: str) -> dict:
    """Which of the expected lines `text` holds, in order. A line counts when its text is exactly the expected
    one and its number is above the last one counted; returns lost (never seen in order), corrupt (the id is
    there but not the text), out_of_order and the first few lost numbers."""
    prefix = tag + " "
    found = 0
    last = -1
    corrupt = out_of_order = 0
    seen = set()
    first_bad = None
    for line in text.split("\n"):
        if not line.startswith(prefix) or len(line) < len(prefix) + 7 or line[len(prefix) + 6] != " ":
            continue
        num = line[len(prefix):len(prefix) + 6]
        if not num.isdigit():
            continue
        seq = int(num)
        if seq >= len(expected) or line != expected[seq]:
            corrupt += 1
            if first_bad is None:
                first_bad = line[:100]
            continue
        if seq <= last:
            out_of_order += 1
            continue
        last = seq
        seen.add(seq)
        found += 1
    missing = [i for i in range(len(expected)) if i not in seen]
    return {"lost": len(missing), "corrupt": corrupt, "out_of_order": out_of_order, "first_lost": missing[:5],
            "first_corrupt": first_bad}


def soak(mux_bin: str, work: str, minutes: float, sessions: int, windows: int, rate: float, sample_every: float,
         attached: int, cycling: int) -> dict:
    """Runs `sessions` detached sessions of `windows` windows, each window a soak_gen.py printing `rate` lines a
    second of mixed output for `minutes`, logged from its first byte (-Logfile for window 0, `logfile` +
    `deflog on` for the others). `attached` sessions have a client attached all along, `cycling` more get a
    client attached and detached (alternately `mux -d` and a hang-up) every few seconds at changing sizes.
    Every `sample_every` seconds: each server's RSS, descriptors and threads. At the end every window's log and
    its scrollback (`-p N -X hardcopy -h`) must hold every line its generator wrote, in order."""
    a = MuxAdapter(work, mux_bin)
    sdir = tempfile.mkdtemp(prefix="soak-", dir=work)
    seconds = minutes * 60
    lines = max(1, int(rate * seconds))
    history = lines + 1000  # every line must stay in the scrollback (the screen's rows come on top)
    done_path = make_fifo(sdir, "done")
    done = FifoWaiter(done_path)
    drainer = Drainer()
    clients: dict[int, PtyProcess] = {}
    result: dict = {"sessions": sessions, "windows": windows, "minutes": minutes, "rate": rate,
                    "lines_per_window": lines, "scrollback": history, "errors": []}
    names = [f"soak{s}" for s in range(sessions)]
    tags = [f"s{s:02d}w{w}" for s in range(sessions) for w in range(windows)]

    def gen(tag):
        return ["python3", SOAK_GEN, tag, f"{seconds:g}", str(lines), os.path.join(sdir, tag + ".expected"), done_path]

    def logfile(s):
        return os.path.join(sdir, f"soak{s}-%n.log")

    try:
        t_setup = now()
        for s, name in enumerate(names):
            a.sessions.add(name)
            run([a.bin, "-dmS", name, "-h", str(history), "-Logfile", logfile(s), *gen(f"s{s:02d}w0")],
                env=a.env, check=True)
            run([a.bin, "-S", name, "-X", "logfile", logfile(s)], env=a.env, check=True)
            run([a.bin, "-S", name, "-X", "deflog", "on"], env=a.env, check=True)
            for w in range(1, windows):
                run([a.bin, "-S", name, "-X", "screen", *gen(f"s{s:02d}w{w}")], env=a.env, check=True)
        pids = {name: wait_for_pid(a, name) for name in names}
        log(f"  soak: {sessions} sessions x {windows} windows started in {now() - t_setup:.1f}s; {lines} lines "
            f"per window over {minutes:g} min (scrollback {history}); servers {', '.join(map(str, pids.values()))}")

        def attach(s: int, size: tuple[int, int]) -> None:
            p = spawn_in_pty([a.bin, "-r", names[s]], a.env, cols=size[0], rows=size[1])
            clients[s] = p
            drainer.add(p)

        def detach(s: int, hangup: bool) -> None:
            p = clients.pop(s)
            if not hangup:
                run([a.bin, "-d", names[s]], env=a.env, timeout=10)
                try:
                    p.proc.wait(5)
                except subprocess.TimeoutExpired:
                    result["errors"].append(f"client of {names[s]} still running 5s after mux -d")
            drainer.remove(p)
            p.close()

        always = list(range(min(attached, sessions)))
        cyc = list(range(len(always), min(len(always) + cycling, sessions)))
        for s in always:
            attach(s, SOAK_SIZES[0])
        result["roles"] = {name: "attached all along" if s in always else
                           "attach/detach cycles at changing sizes" if s in cyc else "detached"
                           for s, name in enumerate(names)}

        samples: list[dict] = result.setdefault("samples", [])

        def take_sample(t: float) -> None:
            row = {"t": round(t, 1), "servers": {}}
            for name, pid in pids.items():
                v = proc_sample(pid)
                row["servers"][name] = list(v) if v else None
            samples.append(row)

        t0 = now()
        take_sample(0)
        deadline = t0 + seconds + max(120, seconds)  # generators that fall far behind their schedule fail the run
        next_sample = t0 + sample_every
        cycle_every = 7.0
        next_cycle = t0 + cycle_every
        cycles = switches = 0
        finished: dict[str, tuple[int, int]] = {}
        pending = b""
        while len(finished) < len(tags):
            t = now()
            if t >= deadline:
                raise BenchError(f"{len(tags) - len(finished)} generators not finished {deadline - t0:.0f}s after the "
                                 f"start: {', '.join(sorted(set(tags) - set(finished))[:8])}")
            if t >= next_sample:
                take_sample(t - t0)
                next_sample += sample_every
            if t >= next_cycle:
                next_cycle += cycle_every
                for s in cyc:  # attach the detached ones, detach the attached ones (every other time by hang-up)
                    if s in clients:
                        detach(s, hangup=cycles % 2 == 1)
                    else:
                        attach(s, SOAK_SIZES[(cycles // 2 + s) % len(SOAK_SIZES)])
                cycles += 1
                for s in list(clients):  # attached clients follow another window
                    run([a.bin, "-S", names[s], "-X", "next"], env=a.env, timeout=10)
                    switches += 1
                for s, p in list(clients.items()):
                    if p.proc.poll() is not None:
                        result["errors"].append(f"client of {names[s]} exited by itself ({p.proc.returncode})")
                        drainer.remove(p)
                        p.close()
                        del clients[s]
            wait = max(0.0, min(next_sample, next_cycle, deadline) - now())
            r, _, _ = select.select([done.fd], [], [], wait)
            if r:
                try:
                    pending += os.read(done.fd, 4096)
                except BlockingIOError:
                    pass
                *complete, pending = pending.split(b"\n")
                for msg in complete:
                    tag, n, nbytes = msg.decode().split()
                    finished[tag] = (int(n), int(nbytes))
        t_gen = now() - t0
        take_sample(t_gen)
        for s in list(clients):
            detach(s, hangup=False)
        time.sleep(2)  # let the servers settle once the clients are gone
        take_sample(now() - t0)
        log(f"  soak: generators done after {t_gen:.0f}s; {cycles} attach/detach rounds, {switches} window switches, "
            f"{drainer.bytes / 1e6:.1f} MB drained from clients")

        # every line in the log and in the scrollback, in order
        per_window = {}
        for s, name in enumerate(names):
            for w in range(windows):
                tag = f"s{s:02d}w{w}"
                with open(os.path.join(sdir, tag + ".expected"), encoding="utf-8") as f:
                    expected = f.read().split("\n")[:-1]
                logpath = logfile(s).replace("%n", str(w))
                sentinel = f"\n{tag} END {lines}\n"
                end = now() + 60
                text = ""
                while True:  # the generator is done; its last bytes may still be on their way through the server
                    try:
                        with open(logpath, encoding="utf-8", errors="replace") as f:
                            text = f.read()
                    except OSError:
                        text = ""
                    if sentinel in text or now() > end:
                        break
                    time.sleep(0.2)
                entry = {"log": soak_check(tag, expected, text), "log_sentinel": sentinel in text}
                hc = os.path.join(sdir, tag + ".hardcopy")
                run([a.bin, "-S", name, "-p", str(w), "-X", "hardcopy", "-h", hc], env=a.env, check=True, timeout=30)
                with open(hc, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                entry["scrollback"] = soak_check(tag, expected, text)
                entry["scrollback_sentinel"] = sentinel in "\n" + text
                entry["lines"] = len(expected)
                per_window[tag] = entry
        result["windows_checked"] = per_window
        listing = json.loads(run([a.bin, "-ls", "--json"], env=a.env, check=True).stdout)
        running = sum(1 for ses in listing["sessions"] if ses["name"] in names
                      for win in ses["windows"] if win.get("running"))
        result.update(generator_seconds=round(t_gen, 1), attach_cycles=cycles,
                      window_switches=switches, client_mb=round(drainer.bytes / 1e6, 1),
                      lines_written=sum(n for n, _ in finished.values()),
                      bytes_written=sum(b for _, b in finished.values()),
                      windows_running_at_end=running,
                      lost_log=sum(e["log"]["lost"] for e in per_window.values()),
                      lost_scrollback=sum(e["scrollback"]["lost"] for e in per_window.values()),
                      corrupt=sum(e["log"]["corrupt"] + e["scrollback"]["corrupt"] for e in per_window.values()),
                      out_of_order=sum(e["log"]["out_of_order"] + e["scrollback"]["out_of_order"]
                                       for e in per_window.values()),
                      missing_sentinels=sum((not e["log_sentinel"]) + (not e["scrollback_sentinel"])
                                            for e in per_window.values()))
    except Exception as e:  # reported with whatever was sampled so far
        result["errors"].append(str(e) if isinstance(e, BenchError) else f"{type(e).__name__}: {e}")
    finally:
        drainer.close()
        for p in clients.values():
            p.close()
        done.close()
        a.teardown()
    return result


def soak_report(r: dict) -> tuple[list[str], bool]:
    """Text lines for the console and for the Markdown file, and whether the soak passed."""
    samples = r.get("samples") or []
    out = [f"Soak: {r['sessions']} sessions x {r['windows']} windows, {r['minutes']:g} min, {r['rate']:g} lines/s per "
           f"window ({r['lines_per_window']} lines each, scrollback {r['scrollback']})"]
    ok = not r["errors"] and "lost_log" in r
    if "lost_log" in r:
        out.append(f"  written: {r['lines_written']} lines, {r['bytes_written'] / 1e6:.1f} MB in {r['generator_seconds']:g}s; "
                   f"{r['attach_cycles']} attach/detach rounds, {r['window_switches']} window switches, "
                   f"{r['client_mb']:g} MB drawn to clients")
        out.append(f"  lost: log {r['lost_log']}, scrollback {r['lost_scrollback']}; corrupt {r['corrupt']}, out of "
                   f"order {r['out_of_order']}, missing sentinels {r['missing_sentinels']}; windows running at the end "
                   f"{r['windows_running_at_end']} of {r['sessions'] * r['windows']}")
        ok = ok and r["lost_log"] == r["lost_scrollback"] == r["corrupt"] == r["out_of_order"] == r["missing_sentinels"] == 0 \
            and r["windows_running_at_end"] == r["sessions"] * r["windows"]
        for tag, e in r["windows_checked"].items():
            for where in ("log", "scrollback"):
                c = e[where]
                if c["lost"] or c["corrupt"] or c["out_of_order"]:
                    out.append(f"    {tag} {where}: lost {c['lost']} (first {c['first_lost']}), corrupt {c['corrupt']} "
                               f"({c['first_corrupt']!r}), out of order {c['out_of_order']}")
    if samples:
        names = list(samples[0]["servers"])
        for i, (label, unit, scale) in enumerate((("RSS", "MB", 1 / 1024), ("descriptors", "", 1), ("threads", "", 1))):
            def val(row, n):
                v = row["servers"].get(n)
                return v[i] * scale if v else None
            start = [val(samples[0], n) for n in names]
            end = [val(samples[-1], n) for n in names]
            peak = [max((val(row, n) for row in samples if val(row, n) is not None), default=None) for n in names]
            if None in start or None in end:
                out.append(f"  {label}: a server disappeared during the soak")
                ok = False
                continue
            growth = [e - s for s, e in zip(start, end)]
            f = (lambda x: f"{x:.1f}") if label == "RSS" else (lambda x: f"{x:.0f}")
            out.append(f"  server {label} per server{' (' + unit + ')' if unit else ''}: start {f(min(start))}–{f(max(start))}, "
                       f"end {f(min(end))}–{f(max(end))}, max {f(max(peak))}, growth {f(min(growth))}–{f(max(growth))}"
                       + (f"; all {len(names)} servers: start {sum(start):.1f}, end {sum(end):.1f}" if label == "RSS" else ""))
            roles = r.get("roles", {})
            if label == "RSS" and roles:
                for role in dict.fromkeys(roles.values()):
                    k = [j for j, n in enumerate(names) if roles.get(n) == role]
                    out.append(f"    {role} ({len(k)}): start {f(min(start[j] for j in k))}–{f(max(start[j] for j in k))}, "
                               f"end {f(min(end[j] for j in k))}–{f(max(end[j] for j in k))}, "
                               f"max {f(max(peak[j] for j in k))}")
    for e in r["errors"]:
        out.append(f"  error: {e}")
    out.append("  PASS: every line in every log and scrollback" if ok else "  FAIL")
    return out, ok


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------

@dataclass
class Metric:
    key: str
    title: str
    unit: str
    higher_is_better: bool
    samples: dict[str, list[float]] = field(default_factory=dict)   # adapter -> one value per rep
    pooled: dict[str, list[float]] = field(default_factory=dict)    # adapter -> every sample (latency)
    # adapter -> each rep's own p99 (latency). A host stall burst that lands in one rep sets the pooled p99
    # of whichever adapter that rep belonged to; the median of per-rep p99s is not moved by one such burst.
    rep_p99: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, adapter: str, value: float) -> None:
        self.samples.setdefault(adapter, []).append(value)

    def error(self, adapter: str, msg: str) -> None:
        self.errors.setdefault(adapter, []).append(msg)

    @property
    def is_latency(self) -> bool:
        return self.key.startswith("latency")

    def median(self, adapter: str) -> float | None:
        v = self.samples.get(adapter)
        return statistics.median(v) if v else None


def pct(values: list[float], p: float) -> float:
    v = sorted(values)
    k = (len(v) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def fmt(x: float | None) -> str:
    if x is None:
        return "-"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def ratio(m: Metric, adapter: str, ref: str) -> str:
    a, b = m.median(adapter), m.median(ref)
    if a is None or b is None or b == 0 or adapter == ref:
        return ""
    return f"{a / b:.2f}x"


def print_metric(m: Metric, adapters: list[str]) -> None:
    better = "higher is better" if m.higher_is_better else "lower is better"
    print(f"\n{m.title} ({m.unit}, {better})")
    print(f"  {'adapter':<8} {'median':>9} {'min-max':>17} {'vs tmux':>8} {'vs bare':>8}")
    for a in adapters:
        v = m.samples.get(a)
        if v:
            print(f"  {a:<8} {fmt(statistics.median(v)):>9} {fmt(min(v)) + '-' + fmt(max(v)):>17} "
                  f"{ratio(m, a, 'tmux'):>8} {ratio(m, a, 'bare'):>8}"
                  + (f"  ({len(m.errors[a])} failed)" if a in m.errors else ""))
            if a in m.pooled and m.is_latency:
                pv = m.pooled[a]
                print(f"  {'':<8} all {len(pv)} keys: median {fmt(statistics.median(pv))}  p90 {fmt(pct(pv, 90))}  "
                      f"p99 {fmt(pct(pv, 99))} µs")
                rp = m.rep_p99.get(a)
                if rp:
                    print(f"  {'':<8} p99 of each rep: median {fmt(statistics.median(rp))}  "
                          f"({', '.join(fmt(x) for x in rp)}) µs")
        elif a in m.errors:
            print(f"  {a:<8} error: {m.errors[a][0]}")


def markdown_table(metrics: list[Metric], names: list[str], info: dict, args) -> str:
    """Medians (min–max) per adapter, and mux's ratios to tmux and bare, one row per metric."""
    ratios = [r for r in ("tmux", "bare") if "mux" in names and r in names]
    lines = [f"Run of {info['date']}: files of {args.size:g} MB, {args.reps} repetitions, {args.keys} keys per "
             "latency run. Median (min–max over repetitions); latency rows pool every key.", "",
             "| metric | " + " | ".join(names) + "".join(f" | mux/{r}" for r in ratios) + " |",
             "|---|" + "---:|" * (len(names) + len(ratios))]
    for m in metrics:
        arrow = "↑" if m.higher_is_better else "↓"
        row = [f"{m.title} ({m.unit} {arrow})"]
        for n in names:
            v = m.samples.get(n)
            if v:
                row.append(f"{fmt(statistics.median(v))} ({fmt(min(v))}–{fmt(max(v))})" if len(v) > 1
                           else fmt(v[0]))
            else:
                row.append("error" if n in m.errors else "–")
        row += [ratio(m, "mux", r) or "–" for r in ratios]
        lines.append("| " + " | ".join(row) + " |")
        if m.is_latency:
            for p in (90, 99):
                row = [f"keystroke echo latency p{p} (µs ↓)"]
                for n in names:
                    pv = m.pooled.get(n)
                    row.append(fmt(pct(pv, p)) if pv else "–")
                for r in ratios:
                    a, b = m.pooled.get("mux"), m.pooled.get(r)
                    row.append(f"{pct(a, p) / pct(b, p):.2f}x" if a and b else "–")
                lines.append("| " + " | ".join(row) + " |")
            row = ["keystroke echo latency p99, median of the reps' own (µs ↓)"]
            for n in names:
                rp = m.rep_p99.get(n)
                row.append(fmt(statistics.median(rp)) if rp else "–")
            for r in ratios:
                a, b = m.rep_p99.get("mux"), m.rep_p99.get(r)
                row.append(f"{statistics.median(a) / statistics.median(b):.2f}x" if a and b else "–")
            lines.append("| " + " | ".join(row) + " |")
    errors = [f"- {m.key} / {n}: {e[0]}" for m in metrics for n, e in m.errors.items()]
    if errors:
        lines += ["", "Errors:", *errors]
    return "\n".join(lines) + "\n"


def machine_info(mux_bin: str | None) -> dict:
    def ver(argv):
        try:
            cp = run(argv, timeout=5)
            return (cp.stdout or cp.stderr).decode(errors="replace").strip().splitlines()[0]
        except Exception:
            return "missing"
    mem_kb = 0
    try:
        with open("/proc/meminfo") as f:
            mem_kb = int(f.readline().split()[1])
    except OSError:
        pass
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
    except OSError:
        pass
    osname = "?"
    try:
        with open("/etc/os-release") as f:
            osname = next((line.split("=", 1)[1].strip().strip('"') for line in f if line.startswith("PRETTY_NAME=")), "?")
    except OSError:
        pass
    return {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "cpu": cpu,
        "os": osname,
        "nproc": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "tmux": ver(["tmux", "-V"]) if shutil.which("tmux") else "missing",
        "screen": ver(["screen", "--version"]) if shutil.which("screen") else "missing",
        "dotnet": ver(["dotnet", "--version"]) if shutil.which("dotnet") else "missing",
        "mux": mux_bin or "missing",
    }


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------

TESTS = ("detached", "attached", "split", "latency", "memory", "commands")  # the default run
EXTRA_TESTS = ("soak",)  # only when asked for (--tests soak): minutes long, mux only


def find_mux(arg: str | None) -> str | None:
    if arg:
        return arg if os.access(arg, os.X_OK) else None
    default = os.path.join(REPO, "artifacts", "bin", "mux")
    if os.access(default, os.X_OK):
        return default
    return shutil.which("mux")


def main() -> int:
    ap = argparse.ArgumentParser(description="mux vs tmux vs screen vs a bare PTY, end to end")
    ap.add_argument("--mux", help="mux binary (default: artifacts/bin/mux in the repo, else mux on PATH)")
    ap.add_argument("--size", type=float, help="MB per throughput file (default 30)")
    ap.add_argument("--reps", type=int, help="repetitions (default 5)")
    ap.add_argument("--keys", type=int, help="timed keystrokes per latency run (default 300)")
    ap.add_argument("--ls-runs", type=int, help="-ls runs per repetition (default 50)")
    ap.add_argument("--start-runs", type=int, help="session starts per repetition (default 20)")
    ap.add_argument("--adapters", default="mux,tmux,screen,bare", help="comma-separated subset")
    ap.add_argument("--tests", default=",".join(TESTS),
                    help="comma-separated subset of " + ",".join(TESTS + EXTRA_TESTS) + " (default: all but soak)")
    ap.add_argument("--soak-minutes", type=float, help="soak: how long the generators print (default 5; --quick 0.5)")
    ap.add_argument("--soak-sessions", type=int, default=10, help="soak: sessions (default 10)")
    ap.add_argument("--soak-windows", type=int, default=4, help="soak: windows per session (default 4)")
    ap.add_argument("--soak-rate", type=float, default=50, help="soak: lines per second per window, on average (default 50)")
    ap.add_argument("--soak-sample", type=float, default=5, help="soak: seconds between RSS/descriptor samples (default 5)")
    ap.add_argument("--soak-attached", type=int, default=2, help="soak: sessions with a client attached all along (default 2)")
    ap.add_argument("--soak-cycling", type=int, default=2,
                    help="soak: sessions whose client is attached and detached every 7 s (default 2)")
    ap.add_argument("--quick", action="store_true", help="smoke run defaults: --size 2 --reps 1 --keys 60, 5 ls/start runs")
    ap.add_argument("--json", help="write every sample and the machine description to this file")
    ap.add_argument("--markdown", help="write the results as a Markdown table (for docs/benchmarks.md) to this file")
    args = ap.parse_args()
    defaults = dict(size=2, reps=1, keys=60, ls_runs=5, start_runs=5, soak_minutes=0.5) if args.quick else \
        dict(size=30, reps=5, keys=300, ls_runs=50, start_runs=20, soak_minutes=5)
    for k, v in defaults.items():  # --quick changes the defaults; explicit options still win
        if getattr(args, k) is None:
            setattr(args, k, v)
    tests = [t.strip() for t in args.tests.split(",") if t.strip()]
    for t in tests:
        if t not in TESTS + EXTRA_TESTS:
            ap.error(f"unknown test {t}")
    wanted = [a.strip() for a in args.adapters.split(",") if a.strip()]

    mux_bin = find_mux(args.mux) if "mux" in wanted else None
    info = machine_info(mux_bin)
    work = tempfile.mkdtemp(prefix="mux-bench-")
    os.chmod(work, 0o700)
    adapters: dict[str, Adapter | None] = {}
    base_env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    try:
        for name in wanted:
            if name == "mux":
                if mux_bin:
                    adapters[name] = MuxAdapter(work, os.path.abspath(mux_bin))
                else:
                    log("skipping mux: no binary (build with ./test.sh, or dotnet publish src/Mux.Client and src/Mux.Server "
                        "-c Release -o artifacts/bin, or pass --mux PATH)")
            elif name in ("tmux", "screen"):
                if shutil.which(name):
                    adapters[name] = TmuxAdapter(work) if name == "tmux" else ScreenAdapter(work)
                else:
                    log(f"skipping {name}: not installed (apt-get update && apt-get install -y tmux screen)")
            elif name == "bare":
                adapters[name] = None
            else:
                ap.error(f"unknown adapter {name}")
        names = list(adapters)
        log(f"adapters: {', '.join(names)}; tests: {', '.join(tests)}"
            + (f"; {args.reps} reps; files {args.size:g} MB" if set(tests) & set(TESTS) else ""))

        files = {}
        if "detached" in tests or "attached" in tests or "split" in tests:
            t0 = now()
            files = make_files(work, args.size)
            log(f"generated test files in {now() - t0:.1f}s")

        metrics: list[Metric] = []

        def metric(key, title, unit, hib):
            m = Metric(key, title, unit, hib)
            metrics.append(m)
            return m

        mt: dict[str, Metric] = {}
        for mode in ("detached", "attached"):
            if mode in tests:
                for kind in ("plain", "sgr", "cjk"):
                    mt[f"{mode}-{kind}"] = metric(f"{mode}-{kind}", f"{mode} throughput, {kind}", "MB/s", True)
                for kind in ("plain", "sgr", "cjk"):
                    who = "server" if mode == "detached" else "server + client"
                    mt[f"{mode}-{kind}-cpu"] = metric(f"{mode}-{kind}-cpu", f"{mode} CPU time, {kind} ({who})",
                                                      "ms/MB", False)
        if "split" in tests:
            for kind in ("plain", "sgr", "cjk"):
                mt[f"split-{kind}"] = metric(f"split-{kind}", f"two-region attached throughput, {kind} (both windows; bare: one cat)",
                                             "MB/s", True)
                mt[f"split-{kind}-cpu"] = metric(f"split-{kind}-cpu", f"two-region CPU time, {kind} (server + client)", "ms/MB", False)
            for kind in ("plain", "sgr", "cjk"):
                # The same runs against the kernel's own cost of two PTYs at once: bare is two cats drained together.
                mt[f"split2-{kind}"] = metric(f"split2-{kind}", f"two-region attached throughput, {kind} (both windows; bare: two cats in two PTYs)",
                                              "MB/s", True)
        typing = typing_workloads() if "latency" in tests else []
        if "latency" in tests:
            mt["latency"] = metric("latency", "keystroke echo latency, median per run", "µs", False)
            for t in typing:
                mt[t.key] = metric(t.key, t.title + ", median per run", "µs", False)
        if "memory" in tests:
            mt["mem-idle"] = metric("mem-idle", "server RSS, idle one-window session", "MB", False)
            mt["mem-full"] = metric("mem-full", "server RSS, 10 windows x 10,000 lines of history", "MB", False)
        floor = find_floor() if "commands" in tests and "bare" in adapters else None
        if "commands" in tests:
            mt["ls"] = metric("ls", "-ls with one session, median of runs (bare: empty Native AOT program)", "ms", False)
            mt["start"] = metric("start", "-dmS until listed by -ls, median of runs", "ms", False)

        timeout = 60 + args.size * 4

        def cell(m: Metric, adapter: str, fn):
            if len(m.errors.get(adapter, [])) >= 2:  # failed twice already: don't spend more time-outs on it
                return None
            try:
                v = fn()
                if isinstance(v, list):
                    if not v:
                        raise BenchError("no samples")
                    m.pooled.setdefault(adapter, []).extend(v)
                    m.rep_p99.setdefault(adapter, []).append(pct(v, 99))
                    v = statistics.median(v)
                m.add(adapter, v)
                log(f"    {m.key:<16} {adapter:<7} {fmt(v)} {m.unit}")
                return v
            except Exception as e:  # one failed cell must not stop the run
                msg = f"{type(e).__name__}: {e}" if not isinstance(e, BenchError) else str(e)
                m.error(adapter, msg)
                log(f"    {m.key:<16} {adapter:<7} ERROR {msg}")
            return None

        for rep in range(args.reps if set(tests) & set(TESTS) else 0):
            order = names[rep % len(names):] + names[: rep % len(names)] if names else []
            log(f"rep {rep + 1}/{args.reps} (order {', '.join(order)})")
            for mode in ("detached", "attached"):
                if mode not in tests:
                    continue
                for kind, (path, nbytes) in files.items():
                    m = mt[f"{mode}-{kind}"]
                    for an in order:
                        a = adapters[an]
                        if a is None:
                            cell(m, an, lambda: bare_cat(path, nbytes, base_env, timeout))
                        else:
                            cpu: list[float] = []
                            cell(m, an, lambda: gated_cat(a, path, nbytes, work, mode == "attached", timeout, cpu))
                            if cpu:
                                mt[f"{mode}-{kind}-cpu"].add(an, cpu[0])
            if "split" in tests:
                for kind, (path, nbytes) in files.items():
                    m = mt[f"split-{kind}"]
                    for an in order:
                        a = adapters[an]
                        if a is None:
                            cell(m, an, lambda: bare_cat(path, nbytes, base_env, timeout))
                            cell(mt[f"split2-{kind}"], an, lambda: bare_cat_pair(path, nbytes, base_env, timeout))
                        elif type(a).split_beside is not Adapter.split_beside:
                            cpu = []
                            v = cell(m, an, lambda: gated_cat_split(a, path, nbytes, work, timeout, cpu))
                            if cpu:
                                mt[f"split-{kind}-cpu"].add(an, cpu[0])
                            if v is not None:
                                mt[f"split2-{kind}"].add(an, v)   # the same run, beside the other baseline
            if "latency" in tests:
                for an in order:
                    a = adapters[an]
                    warm = 30
                    if a is None:
                        cell(mt["latency"], an, lambda: latency_bare(base_env, args.keys, warm, 0.01))
                    else:
                        cell(mt["latency"], an, lambda: latency_session(a, args.keys, warm, 0.01))
                for t in typing:
                    for an in order:
                        a = adapters[an]
                        if a is None:
                            cell(mt[t.key], an, lambda: typing_bare(base_env, t, args.keys, 20))
                        else:
                            cell(mt[t.key], an, lambda: typing_session(a, t, args.keys, 20))
            if "memory" in tests:
                for an in order:
                    a = adapters[an]
                    if a is None:
                        continue
                    cell(mt["mem-idle"], an, lambda: memory_idle(a))
                    cell(mt["mem-full"], an, lambda: memory_full(a, work))
            if "commands" in tests:
                for an in order:
                    a = adapters[an]
                    if a is None:
                        # bare, for -ls: an empty Native AOT program, the start-up no .NET program can go under
                        if floor:
                            cell(mt["ls"], an, lambda: command_floor(floor, args.ls_runs))
                        continue
                    cell(mt["ls"], an, lambda: command_ls(a, args.ls_runs))
                    cell(mt["start"], an, lambda: command_start(a, args.start_runs))

        soak_result = None
        soak_lines: list[str] = []
        failed = False
        if "soak" in tests:
            if "mux" in adapters:
                log(f"soak: mux only (tmux and screen have no comparable per-window log + scrollback check); "
                    f"{args.soak_minutes:g} min")
                soak_result = soak(os.path.abspath(mux_bin), work, args.soak_minutes, args.soak_sessions,
                                   args.soak_windows, args.soak_rate, args.soak_sample, args.soak_attached,
                                   args.soak_cycling)
                soak_lines, passed = soak_report(soak_result)
                failed = not passed
            else:
                log("soak: skipped, it needs mux")

        print(f"\nmachine: {info['cpu']}, {info['nproc']} cores, {info['memory_gib']} GiB, {info['os']}, kernel {info['kernel']}; "
              f"{info['tmux']}; {info['screen']}; .NET {info['dotnet']}; mux {info['mux']}")
        if metrics:
            print(f"files {args.size:g} MB each, {args.reps} reps, {args.keys} keys per latency run; "
                  "ratios are medians divided by tmux's / bare's")
        for m in metrics:
            print_metric(m, names)

        # the compact table: medians, one row per metric
        print("\nSummary (medians)" if metrics else "")
        head = f"{'metric':<26}" + "".join(f"{n:>10}" for n in names)
        if "mux" in names and "tmux" in names:
            head += f"{'mux/tmux':>10}"
        if "mux" in names and "bare" in names:
            head += f"{'mux/bare':>10}"
        if metrics:
            print(head)
        for m in metrics:
            row = f"{m.key + ' (' + m.unit + ')':<26}"
            for n in names:
                med = m.median(n)
                row += f"{fmt(med) if med is not None else ('ERR' if n in m.errors else '-'):>10}"
            if "mux" in names and "tmux" in names:
                row += f"{ratio(m, 'mux', 'tmux'):>10}"
            if "mux" in names and "bare" in names:
                row += f"{ratio(m, 'mux', 'bare'):>10}"
            print(row)
            if m.is_latency:
                for p in (90, 99):
                    row = f"{'  latency p' + str(p) + ' (µs)':<26}"
                    for n in names:
                        pv = m.pooled.get(n)
                        row += f"{fmt(pct(pv, p)) if pv else '-':>10}"
                    print(row)
                row = f"{'  p99 median of reps (µs)':<26}"
                for n in names:
                    rp = m.rep_p99.get(n)
                    row += f"{fmt(statistics.median(rp)) if rp else '-':>10}"
                print(row)

        if soak_lines:
            print()
            print("\n".join(soak_lines))

        if args.markdown:
            with open(args.markdown, "w") as f:
                if metrics:
                    f.write(markdown_table(metrics, names, info, args))
                if soak_lines:
                    f.write("\n```\n" + "\n".join(soak_lines) + "\n```\n")
            log(f"wrote {args.markdown}")

        if args.json:
            out = {"machine": info,
                   "params": {"size_mb": args.size, "reps": args.reps, "keys": args.keys,
                              "ls_runs": args.ls_runs, "start_runs": args.start_runs},
                   "metrics": {}}
            for m in metrics:
                d = {"title": m.title, "unit": m.unit, "higher_is_better": m.higher_is_better, "adapters": {}}
                for n in names:
                    v = m.samples.get(n, [])
                    e = {"samples": v, "errors": m.errors.get(n, [])}
                    if v:
                        e.update(median=statistics.median(v), min=min(v), max=max(v))
                    pv = m.pooled.get(n)
                    if pv and m.is_latency:
                        e.update(keys=len(pv), p50=statistics.median(pv), p90=pct(pv, 90), p99=pct(pv, 99),
                                 rep_p99=m.rep_p99.get(n, []))
                    d["adapters"][n] = e
                out["metrics"][m.key] = d
            if soak_result is not None:
                out["soak"] = soak_result
            with open(args.json, "w") as f:
                json.dump(out, f, indent=1)
            log(f"wrote {args.json}")
        return 1 if failed else 0
    finally:
        for a in adapters.values():
            if a is not None:
                try:
                    a.teardown()
                except Exception as e:
                    log(f"cleanup of {a.name}: {e}")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
