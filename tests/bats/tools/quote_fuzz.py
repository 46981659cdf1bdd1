#!/usr/bin/env python3
"""Fixed-seed fuzz of pyenvhook's quoting in the real shells.

Usage: quote_fuzz.py PYENVHOOK SHELL WORKDIR COUNT [SEED]

Makes COUNT byte strings (bytes 1-255, plus every single byte and a few known-hostile
words), has `pyenvhook quote SHELL` quote them as the hook's export does, runs the result in
SHELL with `q` defined to write its one argument to a file, and compares each file with the
string, byte for byte. Also checks that nothing the strings say was run. Prints one summary
line; exits 1 on any difference.

nushell has no eval: what export prints for it is NUON data, one list a line, which its hook
reads with `from nuon`. So each line is read back twice, as the hook reads it and as nushell's
own parser reads the same text as code. A nushell string holds UTF-8 only: a string that is
not UTF-8 must come back as the one refusal line (`_pyenvhook_cannot`), counted apart.
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
if shell == "nu":
    # Most random bytes are not UTF-8, which nushell refuses whole: as many strings again that
    # are, of the characters its strings and NUON care about, controls and other planes.
    chars = [chr(c) for c in range(1, 0x80)] + list("é€\u2028\u200b\ufeff\U0001f600\U0010ffff")
    hot = list("\"'\\$`(){}[]#;|\n\r\t\x1b\x7f:,^@")
    while len(strings) < 2 * count:
        n = rng.choice([1, 2, 3, 5, 8, 16, 40])
        pool = rng.choice([chars, hot])
        strings.append("".join(rng.choice(pool) for _ in range(n)).encode())

os.makedirs(os.path.join(work, "out"), exist_ok=True)
code = subprocess.run([pyenvhook, "quote", shell, *strings], check=True,
                      stdout=subprocess.PIPE).stdout
script = os.path.join(work, "script." + shell)
out = os.path.join(work, "out")
with open(script, "wb") as f:
    if shell == "fish":
        f.write(b"set -g n 0\nfunction q\n  printf '%s' $argv[1] >" + out.encode() +
                b"/$n\n  set -g n (math $n + 1)\nend\n")
    elif shell == "nu":
        # Each line once as code (a list literal piped to q) and once as the hook reads it.
        f.write(b"def q [n: int, how: string] { let c = $in; if $c.0 == 'q' { $c.1 | save --raw -f $'" +
                out.encode() + b"/($how)($n)' } else { $'($c.0) ($c.2)' | save --raw -f $'" +
                out.encode() + b"/($how)($n)' } }\n")
        for i, line in enumerate(code.splitlines()):
            f.write(line + b" | q %d code\n" % i)
        f.write(b"open --raw '" + os.path.join(work, "code.nuon").encode() +
                b"' | lines | enumerate | each {|l| $l.item | from nuon | q $l.index data } | ignore\n")
        with open(os.path.join(work, "code.nuon"), "wb") as g:
            g.write(code)
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
    if shell != "nu":
        f.write(code)
cmd = {"bash": ["bash", "--norc", "--noprofile", script],
       "zsh": ["zsh", "-f", script],
       "nu": ["nu", "-n", "--no-std-lib", script],
       "fish": ["fish", "--no-config", script],
       # Interactive, so that history's ! is live, as at the prompt where the hook runs.
       "tcsh": ["script", "-qfec", "tcsh -f -i -c 'source " + script + "'", "/dev/null"]}[shell]
r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
bad = refused = 0
for i, s in enumerate(strings):
    for how in ["code", "data"] if shell == "nu" else [""]:
        p = os.path.join(out, how + str(i))
        got = open(p, "rb").read() if os.path.exists(p) else None
        want = s
        if shell == "nu":
            try:
                s.decode("utf-8")
            except UnicodeDecodeError:
                want = None if got is None else got
                if got is None or not got.startswith(b"_pyenvhook_cannot "):
                    want = b"_pyenvhook_cannot ..."
                elif how == "data":
                    refused += 1
        if got != want:
            bad += 1
            if bad <= 5:
                print(f"{shell}: string {i} {s!r} came back {how} as {got!r}", file=sys.stderr)
if os.path.exists(canary):
    bad += 1
    print(f"{shell}: a string was executed", file=sys.stderr)
if r.returncode != 0 or r.stderr:
    print(f"{shell}: exit {r.returncode}: {r.stderr[-500:]!r}", file=sys.stderr)
    bad += 1
print(f"{shell}: {len(strings)} strings, {bad} wrong" + (f", {refused} refused" if shell == "nu" else "") +
      f" (seed {seed})")
sys.exit(1 if bad else 0)
