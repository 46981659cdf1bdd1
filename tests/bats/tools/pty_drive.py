#!/usr/bin/env python3
"""Types lines into an interactive shell on a pseudo-terminal, as a user at a terminal would.

Usage: pty_drive.py MARK INPUT OUTPUT [RAN] -- CMD [ARG...]

Runs CMD on a new pty and sends INPUT's lines one at a time, each once the shell has drawn a
prompt ending in MARK (so that the shell's prompt hooks ran before the line, as at a real
terminal), then waits for CMD to exit. Line editors that ask the terminal where the cursor is
(ESC [ 6 n: nushell's reedline, xonsh's prompt_toolkit) get an answer, as from a terminal, or
they would wait for it forever. RAN, when given, is what the shell writes once it has
taken a line to run (nushell's OSC 133;C): after a line is sent, prompts count again only
once RAN came, as a line editor that draws its prompt twice (reedline does) would otherwise
get the next line while it still runs the last one, and lose it. Everything CMD wrote goes to OUTPUT. Exits with CMD's status,
or 124 when it is not done in 60 seconds (a hang, never a measure of speed).
"""
import os
import pty
import select
import signal
import sys
import time

mark, infile, outfile = sys.argv[1].encode(), sys.argv[2], sys.argv[3]
dash = sys.argv.index("--")
ran = sys.argv[4].encode().decode("unicode_escape").encode() if dash == 5 else None
cmd = sys.argv[dash + 1:]
lines = open(infile, "rb").read().split(b"\n")
if lines and lines[-1] == b"":
    lines.pop()

pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)

deadline = time.monotonic() + 60
seen = b""
sent = 0
waiting = False
with open(outfile, "wb") as out:
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            sys.exit(124)
        r, _, _ = select.select([fd], [], [], min(left, 1))
        if not r:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        out.write(data)
        seen += data
        # A cursor position request: the cursor is said to be at the start of line 1.
        while b"\x1b[6n" in seen:
            seen = seen.replace(b"\x1b[6n", b"", 1)
            os.write(fd, b"\x1b[1;1R")
        if waiting and ran in seen:
            seen = seen[seen.index(ran) + len(ran):]
            waiting = False
        # A prompt drawn: the next line. The mark is looked for in what came since the last
        # line was sent, so an echo of that line cannot count as a prompt.
        if not waiting and mark in seen and sent < len(lines):
            seen = seen[seen.rindex(mark) + len(mark):]
            os.write(fd, lines[sent] + b"\r")
            sent += 1
            waiting = ran is not None
        elif len(seen) > 1 << 16:
            seen = seen[-4096:]
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8)
