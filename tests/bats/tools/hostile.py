#!/usr/bin/env python3
"""Builds projects with hostile directory and venv names for tests/bats/hardening.bats.

Usage: hostile.py ROOT BASE-PATH

Under ROOT/<i>/ makes one project per case: a marker naming the venv, and a minimal venv
(pyvenv.cfg and bin/, all the hook looks at, with a program that reports where it was found). Writes ROOT/dirs/<i> (the project directories,
one a file, for the test to export and allow) and ROOT/expected (what the scenario's
probes must record, byte for byte: probe i inside, probe o<i> after leaving).
"""
import json
import os
import sys

root, base = sys.argv[1].encode(), sys.argv[2].encode()

every = bytes(b for b in range(1, 256) if b != ord("/"))
names = [
    every,                                    # every byte but '/', in one name (refused: ':')
    every.replace(b":", b""),                 # every byte but '/' and ':' (activated)
    b"$(touch ran1)", b"`touch ran2`", b"(touch ran3)", b"; touch ran4 #",
    b"it's", b"''", b'"q"', b"\\", b"a\nb", b"\n", b"trail\n", b" lead and trail ",
    b"-rf", b"--help", b"-", b"*", b"?", b"[a]", b"~", b"$HOME", b"%~%#%F{red}", b"!!",
    b"\x1b]0;title\x07", b"\xff\xfe", b"\xc3\x28", b"\xe2\x82", b"\t", b"\x7f", b"\xc2\x9b",
    "ünïcödé ✓".encode(), b"{a,b}", b".venv", b"..x", b"x;y&z|w", b"a\\'b",
]
# Hostile venv names in the marker, with a plain directory.
venvs = [b"$(touch ran5)", b"`touch ran6`", b"it's venv", b"v\nv", b"\xff", b"-v", b"%F{red}x",
         every.replace(b":", b"")[:200], every[-200:]]

cases = []  # (relative dir, venv name as in the marker)
for n in names:
    cases.append(([n], b".venv"))
for v in venvs:
    cases.append(([b"plain"], v))
# Near PATH_MAX (4096 with its NUL): components of 250 bytes, then one to make the venv's
# bin/ path 4090 bytes long.
deep, length = [], len(root) + 8
while length + 251 < 4090 - len(b"/.venv/bin") - 8:
    deep.append(b"d" * 250)
    length += 251
deep.append(b"e" * (4090 - len(b"/.venv/bin") - length - 1))
cases.append((deep, b".venv"))
# ':' cannot go on PATH; such venvs are refused, not activated.
for n in [b"a:b", b"x:.", b":"]:
    cases.append(([n], b".venv"))


def marker_json(venv):
    # JSON strings carry any byte: escape what JSON needs, keep the rest raw.
    out = b""
    for b in venv:
        c = bytes([b])
        if c in b'"\\':
            out += b"\\" + c
        elif b < 0x20:
            out += b"\\u%04x" % b
        else:
            out += c
    return b'{"venv": "' + out + b'"}'


def shown(name):
    # What messages and derived prompts show of a name (src/display.c): a byte that is not
    # part of valid UTF-8, and the bytes of C0, DEL, C1 and the bidi controls, as \xNN;
    # newline and tab as \n and \t.
    out, i = b"", 0
    while i < len(name):
        ch = None
        for k in (1, 2, 3, 4):
            try:
                c = name[i:i + k].decode("utf-8")
            except UnicodeDecodeError:
                continue
            if len(c) == 1:
                ch, n = c, k
                break
        if ch is None:
            out += b"\\x%02x" % name[i]
            i += 1
            continue
        cp = ord(ch)
        if cp == 0x0A:
            out += b"\\n"
        elif cp == 0x09:
            out += b"\\t"
        elif cp < 0x20 or 0x7F <= cp <= 0x9F or 0x202A <= cp <= 0x202E or 0x2066 <= cp <= 0x2069 \
                or cp in (0x200E, 0x200F, 0x061C):
            out += b"".join(b"\\x%02x" % x for x in name[i:i + n])
        else:
            out += name[i:i + n]
        i += n
    return out


def prompt_for(v):
    """VIRTUAL_ENV_PROMPT for venv path v: its directory's name, or for .venv the project's,
    with control characters made visible."""
    head, base = os.path.split(v)
    if base == b".venv" and os.path.basename(head):
        return shown(os.path.basename(head))
    return shown(base)


dirs, expected = [], b""
refused = 0
for i, (parts, venv) in enumerate(cases):
    d = os.path.join(root, str(i).encode(), *parts)
    os.makedirs(os.path.join(d, venv, b"bin"))
    with open(os.path.join(d, b".pyenvhook.json"), "wb") as f:
        f.write(marker_json(venv))
    with open(os.path.join(d, venv, b"pyvenv.cfg"), "wb") as f:
        f.write(b"home = /usr/bin\n")
    # A program in bin/ that says where it was found: a child process's PATH lookup proves
    # the exported PATH, not just the shell's variable.
    where = os.path.join(d, venv, b"bin", b"pyh-where")
    with open(where, "wb") as f:
        f.write(b"#!/bin/sh\nprintf 'where %s\\n' \"$0\" >>\"$PYH_OUT\"\n")
    os.chmod(where, 0o755)
    dirs.append(d)
    v = os.path.join(d, venv)
    refused += b":" in v
    if b":" not in v:
        expected += b"%d VIRTUAL_ENV=%s PROMPT=%s PYTHONHOME=<unset> PATH=%s/bin:%s\n" % (
            i, v, prompt_for(v), v, base)
        expected += b"where %s/bin/pyh-where\n" % v
    else:
        expected += b"%d VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=%s\n" % (
            i, base)
    expected += b"o%d VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=%s\n" % (i, base)

os.mkdir(os.path.join(root, b"dirs"))
for i, d in enumerate(dirs):
    with open(os.path.join(root, b"dirs", b"%d" % i), "wb") as f:
        f.write(d)
with open(os.path.join(root, b"expected"), "wb") as f:
    f.write(expected)
with open(os.path.join(root, b"refused"), "wb") as f:
    f.write(b"%d\n" % refused)
print(len(cases))
