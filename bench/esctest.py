#!/usr/bin/env python3
"""xterm conformance (ThomasDickey's esctest2) inside a Mux window and inside tmux, in one run.

esctest2 is a Python program run *inside* the terminal under test: it writes control sequences and reads the
terminal's answers (the screen's contents through DECRQCRA checksums), so a multiplexer is measured by what its
emulator answers. Each multiplexer gets a private socket directory and an 80x25 window; the suites run one
after the other and the script prints passed/failed per esctest class for both, then the totals.

    python3 bench/esctest.py                       # mux (artifacts/bin/mux) and tmux
    python3 bench/esctest.py --only mux --include 'DECSTBM'  # a subset, mux only
    python3 bench/esctest.py --failures            # also list the failing tests

Exit status 0 when every suite ran to the end (whatever the counts), 1 when one could not be run,
and 2 when --min-mux is given and mux passed fewer tests.
"""
from __future__ import annotations

import argparse
import fcntl
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections import defaultdict

COLS, ROWS = 80, 25
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_ESCTEST = "/work/shared/tools/esctest2/esctest"


class CheckError(Exception):
    pass


def esctest_command(args, logfile: str, sizefile: str) -> str:
    """The shell line run in the window: record the size the program sees, run the suite, say it is done."""
    inc = f" --include={shq(args.include)}" if args.include else ""
    return (f"stty size > {shq(sizefile)}; cd {shq(args.esctest)} && "
            f"python3 esctest.py --expected-terminal=xterm --no-print-logs --timeout={args.timeout}"
            f" --logfile={shq(logfile)}{inc}")


def shq(s: str) -> str:
    return "'" + s.replace("'", "'\\''") + "'"


def wait_for_file(path: str, deadline: float, proc_alive=lambda: True) -> None:
    # The suite takes minutes; a coarse poll of a file it writes last is all that is needed here.
    while time.monotonic() < deadline:
        if os.path.exists(path):
            return
        if not proc_alive():
            raise CheckError("the session ended before the suite finished")
        time.sleep(0.5)
    raise CheckError(f"the suite did not finish within the time limit ({os.path.basename(path)} never written)")


def spawn_in_pty(argv, env, cols, rows):
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def make_ctty():
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    try:
        proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                start_new_session=True, preexec_fn=make_ctty, close_fds=True)
    finally:
        os.close(slave)
    stop = threading.Event()

    def drain():
        while not stop.is_set():
            r, _, _ = select.select([master], [], [], 0.2)
            if r:
                try:
                    if not os.read(master, 1 << 16):
                        return
                except OSError:
                    return

    t = threading.Thread(target=drain, daemon=True)
    t.start()

    def close():
        stop.set()
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGHUP)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                proc.wait(3)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(3)
        t.join(2)
        os.close(master)

    return proc, close


def run_mux(args, work: str) -> str:
    """A private mux session whose one window runs the suite once an 80x25 client is attached; returns the log."""
    d = os.path.join(work, "mux")
    os.mkdir(d, 0o700)
    env = dict(os.environ, MUX_DIR=os.path.join(d, "sock"), TERM="xterm-256color", LC_ALL="C.UTF-8")
    os.mkdir(env["MUX_DIR"], 0o700)
    log, size, done, go = (os.path.join(d, n) for n in ("esctest.log", "size", "done", "go"))
    os.mkfifo(go)
    # The window waits on a FIFO so the suite starts only once the client has sized it 80x25.
    line = f"read x < {shq(go)}; {esctest_command(args, log, size)}; echo > {shq(done)}"
    subprocess.run([args.mux, "-dmS", "esctest", "sh", "-c", line], env=env, check=True, timeout=20)
    subprocess.run([args.mux, "-S", "esctest", "-X", "hardstatus", "off"], env=env, check=True, timeout=20)
    proc, close = spawn_in_pty([args.mux, "-r", "esctest"], env, COLS, ROWS)
    try:
        time.sleep(1.0)  # let the attach resize the window before the program reads its size
        with open(go, "w") as f:
            f.write("go\n")
        wait_for_file(done, time.monotonic() + args.limit, lambda: proc.poll() is None)
    finally:
        close()
        subprocess.run([args.mux, "-S", "esctest", "-X", "quit"], env=env, timeout=20,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    check_size(size)
    return log


def run_tmux(args, work: str) -> str:
    d = os.path.join(work, "tmux")
    os.mkdir(d, 0o700)
    conf = os.path.join(d, "tmux.conf")
    with open(conf, "w") as f:
        f.write("set -g status off\nset -g escape-time 0\n")
    env = dict(os.environ, TMUX_TMPDIR=d, TERM="xterm-256color", LC_ALL="C.UTF-8")
    env.pop("TMUX", None)
    sock = f"esctest{os.getpid()}"
    log, size, done = (os.path.join(d, n) for n in ("esctest.log", "size", "done"))
    line = f"{esctest_command(args, log, size)}; echo > {shq(done)}"
    base = ["tmux", "-L", sock, "-f", conf]
    subprocess.run([*base, "new-session", "-d", "-x", str(COLS), "-y", str(ROWS), "sh", "-c", line],
                   env=env, check=True, timeout=20)
    try:
        wait_for_file(done, time.monotonic() + args.limit)
    finally:
        subprocess.run([*base, "kill-server"], env=env, timeout=20,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    check_size(size)
    return log


def check_size(path: str) -> None:
    with open(path) as f:
        got = f.read().split()
    if got != [str(ROWS), str(COLS)]:
        raise CheckError(f"the window was {' x '.join(reversed(got))}, not {COLS} x {ROWS}")


def parse_log(path: str):
    """{test name: True passed / False failed}; known bugs and skipped tests are left out, as esctest counts."""
    results = {}
    current = None
    with open(path, errors="replace") as f:
        for line in f:
            m = re.match(r"Run test: (\S+)", line)
            if m:
                current = m.group(1)
                continue
            if current is None:
                continue
            if line.startswith("Passed."):
                results[current] = True
                current = None
            elif line.startswith("*** TEST ") and "FAILED" in line:
                results[current] = False
                current = None
            elif line.startswith("Fails as expected") or line.startswith("Skipped"):
                current = None
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mux", default=os.path.join(REPO, "artifacts", "bin", "mux"))
    ap.add_argument("--esctest", default=DEFAULT_ESCTEST, help="esctest2's esctest/ folder")
    ap.add_argument("--only", choices=("mux", "tmux"), help="run one multiplexer")
    ap.add_argument("--include", help="regex of test names (esctest's --include)")
    ap.add_argument("--timeout", type=float, default=0.5, help="seconds esctest waits for each answer")
    ap.add_argument("--limit", type=float, default=900, help="seconds a whole suite may take")
    ap.add_argument("--failures", action="store_true", help="list the tests that failed")
    ap.add_argument("--min-mux", type=int, help="exit 2 when mux passes fewer tests")
    ap.add_argument("--keep-logs", metavar="DIR", help="copy esctest's logs (NAME-esctest.log) to DIR")
    args = ap.parse_args()
    if not os.path.isfile(os.path.join(args.esctest, "esctest.py")):
        print(f"esctest2 not found in {args.esctest} (use --esctest)", file=sys.stderr)
        return 1

    runners = {"mux": run_mux, "tmux": run_tmux}
    if args.only:
        runners = {args.only: runners[args.only]}
    if "mux" in runners and not os.access(args.mux, os.X_OK):
        print(f"no mux binary at {args.mux} (build with ./test.sh or use --mux)", file=sys.stderr)
        return 1
    if "tmux" in runners and shutil.which("tmux") is None:
        print("tmux not installed: skipped", file=sys.stderr)
        del runners["tmux"]

    results, status = {}, 0
    work = tempfile.mkdtemp(prefix="esctest-")
    try:
        for name, run in runners.items():
            t0 = time.monotonic()
            try:
                log = run(args, work)
                results[name] = parse_log(log)
                if args.keep_logs:
                    os.makedirs(args.keep_logs, exist_ok=True)
                    shutil.copy(log, os.path.join(args.keep_logs, f"{name}-esctest.log"))
                print(f"{name}: ran in {time.monotonic() - t0:.0f}s", file=sys.stderr)
            except (CheckError, subprocess.SubprocessError, OSError) as e:
                print(f"{name}: could not run the suite: {e}", file=sys.stderr)
                status = 1
    finally:
        shutil.rmtree(work, ignore_errors=True)

    names = list(results)
    classes = sorted({t.split(".")[0] for r in results.values() for t in r})
    print(f"{'class':<28}" + "".join(f"{n + ' pass/fail':>18}" for n in names))
    for c in classes:
        cells = []
        for n in names:
            tests = [ok for t, ok in results[n].items() if t.split(".")[0] == c]
            cells.append(f"{sum(tests):>5} / {len(tests) - sum(tests):<4}" if tests else "-")
        print(f"{c:<28}" + "".join(f"{x:>18}" for x in cells))
    for n in names:
        passed = sum(results[n].values())
        print(f"{n}: {passed} passed, {len(results[n]) - passed} failed of {len(results[n])}")
        if args.failures:
            for t, ok in results[n].items():
                if not ok:
                    print(f"  FAILED {t}")
    if args.min_mux is not None and "mux" in results and sum(results["mux"].values()) < args.min_mux:
        return 2
    return status


if __name__ == "__main__":
    sys.exit(main())
