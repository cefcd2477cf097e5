#!/usr/bin/env python3
"""Output generator for the soak test of bench/e2e.py (one runs in each window).

    soak_gen.py TAG SECONDS LINES EXPECTED DONE_FIFO

Prints LINES lines spread over about SECONDS, in a seeded (reproducible) mix of plain numbered lines,
SGR-coloured lines, CJK lines and carriage-return progress bars, written in bursts (one big write),
trickles (line by line, a few ms apart, progress updates arriving in separate reads) and pauses. Every
line starts with "TAG SEQ " (SEQ six digits, from 0) and is at most 79 columns wide, so each is one row of
an 80-column window and one line of the log. The text each line finally shows (escape sequences resolved,
a progress bar as it ended) goes to EXPECTED, one a line. Then it prints the sentinel "TAG END LINES",
writes "TAG LINES BYTES" to DONE_FIFO (opened by the benchmark beforehand) and sleeps until killed, so
the window stays open for its scrollback to be read.
"""
from __future__ import annotations

import os
import random
import sys
import time
import zlib

WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa "
         "quebec romeo sierra tango uniform victor whiskey xray yankee zulu").split()
COLOURS = ["1;31", "1;32", "01;34", "01;36", "33", "35", "38;5;208", "1;38;5;39", "38;2;255;128;0", "4;33", "7"]


def words(rnd: random.Random, n: int) -> str:
    out, length = [], 0
    while True:
        w = rnd.choice(WORDS)
        if length + len(w) + (1 if out else 0) > n:
            break
        out.append(w)
        length += len(w) + (1 if len(out) > 1 else 0)
    return " ".join(out) or "x"


def cjk(rnd: random.Random, wide: int) -> str:
    parts, n = [], 0
    while n < wide:
        k = min(2 + rnd.randrange(4), wide - n)
        if rnd.randrange(3):
            parts.append("".join(chr(0xAC00 + rnd.randrange(11172)) for _ in range(k)))   # Hangul
        else:
            parts.append("".join(chr(0x4E00 + rnd.randrange(0x5000)) for _ in range(k)))  # CJK ideographs
        n += k
    return " ".join(parts)


class Gen:
    def __init__(self, tag: str, seconds: float, lines: int):
        self.tag, self.seconds, self.total = tag, seconds, lines
        self.rnd = random.Random(zlib.crc32(tag.encode()))
        self.seq = 0
        self.expected: list[str] = []
        self.bytes = 0
        self.t0 = time.monotonic()

    def out(self, data: str) -> None:
        b = data.encode()
        self.bytes += len(b)
        view = memoryview(b)
        while view:
            n = os.write(1, view)
            view = view[n:]

    def line(self, trickle: bool) -> str:
        """The bytes of the next line (ending in \\n); records its final text. A progress bar, when trickling,
        is written here piece by piece with short sleeps."""
        rnd = self.rnd
        head = f"{self.tag} {self.seq:06d} "
        self.seq += 1
        kind = rnd.randrange(10)
        if kind < 4:  # plain
            text = head + "plain " + words(rnd, 79 - len(head) - 6)
            self.expected.append(text)
            return text + "\n"
        if kind < 7:  # SGR: the id itself coloured, then coloured words
            parts, visible = [f"\x1b[{rnd.choice(COLOURS)}m{head}\x1b[0m"], len(head)
            plain = [head]
            while visible < 60:
                w = words(rnd, 4 + rnd.randrange(10))
                parts.append(f"\x1b[{rnd.choice(COLOURS)}m{w}\x1b[0m ")
                plain.append(w + " ")
                visible += len(w) + 1
            self.expected.append("".join(plain).rstrip())
            return "".join(parts).rstrip() + "\x1b[0m\n"
        if kind < 9:  # CJK: 24 wide characters, at most 76 columns in all
            text = head + "cjk " + cjk(rnd, 24)
            self.expected.append(text)
            return text + "\n"
        # a progress bar redrawn with \r, ending shorter than it was (so EL must clear the rest)
        steps = 3 + rnd.randrange(8)
        width = 30
        final = f"{head}progress done in {steps} steps"
        self.expected.append(final)
        pieces = []
        for i in range(steps + 1):
            filled = width * i // steps
            pieces.append(f"\r{head}progress [{'#' * filled}{'.' * (width - filled)}] {100 * i // steps:3d}%")
        pieces.append(f"\r{final}\x1b[K\n")
        if not trickle:
            return "".join(pieces)
        for p in pieces[:-1]:
            self.out(p)
            time.sleep(0.005 + rnd.random() * 0.03)
        return pieces[-1]

    def run(self) -> None:
        rnd = self.rnd
        rate = self.total / max(self.seconds, 0.001)
        while self.seq < self.total:
            left = self.total - self.seq
            step = rnd.randrange(10)
            if step < 4:  # burst: up to 8 seconds' worth of lines in one write
                n = min(left, 1 + rnd.randrange(max(1, int(8 * rate))))
                self.out("".join(self.line(False) for _ in range(n)))
            elif step < 8:  # trickle: line by line, a few ms apart
                for _ in range(min(left, 1 + rnd.randrange(40))):
                    self.out(self.line(True))
                    time.sleep(rnd.random() * 0.01)
            else:  # pause, up to 3 s, when ahead of schedule
                ahead = self.seq / rate - (time.monotonic() - self.t0)
                if ahead > 0:
                    time.sleep(min(ahead, rnd.random() * 3))
            ahead = self.seq / rate - (time.monotonic() - self.t0)
            if ahead > 0:  # never more than the schedule: bursts make up for the pauses
                time.sleep(ahead)
        self.out(f"{self.tag} END {self.total}\n")


def main() -> int:
    tag, seconds, lines, expected, done = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    g = Gen(tag, seconds, lines)
    g.run()
    with open(expected, "w", encoding="utf-8") as f:
        f.write("\n".join(g.expected) + "\n")
    fd = os.open(done, os.O_WRONLY | os.O_NONBLOCK)  # the benchmark holds the reading end open
    os.write(fd, f"{tag} {g.seq} {g.bytes}\n".encode())  # < PIPE_BUF: one atomic write
    os.close(fd)
    os.execvp("sleep", ["sleep", "1000000"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
