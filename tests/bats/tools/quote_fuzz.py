#!/usr/bin/env python3
"""Fixed-seed fuzz of pyenvhook's quoting in the real shells.

Usage: quote_fuzz.py PYENVHOOK SHELL WORKDIR COUNT [SEED]

Makes COUNT byte strings (bytes 1-255, plus every single byte and a few known-hostile
words), has `pyenvhook quote SHELL` quote them as the hook's export does, runs the result in
SHELL with `q` defined to write its one argument to a file, and compares each file with the
string, byte for byte. Also checks that nothing the strings say was run. Prints one summary
line; exits 1 on any difference.
"""
import os
import random
import subprocess
import sys

pyenvhook, shell, work, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
seed = int(sys.argv[5]) if len(sys.argv) > 5 else 4
rng = random.Random(seed)
canary = os.path.join(work, "ran")

known = [
    b"", b"'", b"''", b"\\", b"\\'", b"\n", b"a\nb", b"-n", b"-e", b"--", b"-",
    b"$(touch " + canary.encode() + b")", b"`touch " + canary.encode() + b"`",
    b"(touch " + canary.encode() + b")", b"$HOME", b"${HOME}", b"%~%#", b"!!", b"*", b"~",
    b"{a,b}", b"\"", b";touch " + canary.encode(), b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80", b"\x1b[31mred", b"\x7f", b"\xc2\x9b", b"x''y'",
    # Runs of backslashes before a newline, which tcsh reads short (src/shell_tcsh.c).
    b"\\\n", b"a\\\nb", b"a\\\\\nb", b"\\\\\\\n\\\n", b"'\\\n", b"!\\\n", b"\\!\n",
    b"\n\\", b"\\\n\n\\\\\\\\\n",
    bytes(range(1, 256)), bytes(range(255, 0, -1)),
]
strings = known + [bytes([b]) for b in range(1, 256)]
while len(strings) < count:
    n = rng.choice([1, 2, 3, 5, 8, 16, 40, 100])
    # Bias towards the bytes quoting cares about, and runs of them.
    pool = rng.choice([range(1, 256), b"'\\\"$`\n (){};&|*?~!%#-", range(0x80, 0x100)])
    strings.append(bytes(rng.choice(pool) for _ in range(n)))
strings = strings[:max(count, len(known))]

os.makedirs(os.path.join(work, "out"), exist_ok=True)
code = subprocess.run([pyenvhook, "quote", shell, *strings], check=True,
                      stdout=subprocess.PIPE).stdout
script = os.path.join(work, "script." + shell)
out = os.path.join(work, "out")
with open(script, "wb") as f:
    if shell == "fish":
        f.write(b"set -g n 0\nfunction q\n  printf '%s' $argv[1] >" + out.encode() +
                b"/$n\n  set -g n (math $n + 1)\nend\n")
    elif shell == "tcsh":
        # As the hook's aliases take export's words: ( \!* ), then one word out with :q.
        f.write(b"set n = 0\nset echo_style = bsd\nalias q 'set _q = ( \\!* ) ; echo -n \"$_q[1]:q\" >! \"" +
                out.encode() + b"/$n\" ; @ n++'\n")
    else:
        f.write(b"n=0\nq() { printf '%s' \"$1\" >\"" + out.encode() +
                b"/$n\"; n=$((n + 1)); }\n")
    if shell == "zsh":
        # The hook evals export's output with the user's options, so the worst of them on.
        f.write(b"setopt rcquotes\n")
    f.write(code)
cmd = {"bash": ["bash", "--norc", "--noprofile", script],
       "zsh": ["zsh", "-f", script],
       "fish": ["fish", "--no-config", script],
       # Interactive, so that history's ! is live, as at the prompt where the hook runs.
       "tcsh": ["script", "-qfec", "tcsh -f -i -c 'source " + script + "'", "/dev/null"]}[shell]
r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
bad = 0
for i, s in enumerate(strings):
    p = os.path.join(out, str(i))
    got = open(p, "rb").read() if os.path.exists(p) else None
    if got != s:
        bad += 1
        if bad <= 5:
            print(f"{shell}: string {i} {s!r} came back as {got!r}", file=sys.stderr)
if os.path.exists(canary):
    bad += 1
    print(f"{shell}: a string was executed", file=sys.stderr)
if r.returncode != 0 or r.stderr:
    print(f"{shell}: exit {r.returncode}: {r.stderr[-500:]!r}", file=sys.stderr)
    bad += 1
print(f"{shell}: {len(strings)} strings, {bad} wrong (seed {seed})")
sys.exit(1 if bad else 0)
