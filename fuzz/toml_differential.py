#!/usr/bin/env python3
"""The TOML reader (src/toml.c, through fuzz/toml_dump) against Python's tomllib on the same
files: for each file both read, every key the conventions read must agree (absent, a table,
a string with the same bytes, a boolean with the same value, or something else); a file only
tomllib reads and toml.c refuses is a disagreement too. A file toml.c reads and tomllib
refuses is counted apart, as lenience: toml.c is known to take some invalid TOML (a table
defined by dotted keys, then again by a [header]); --strict makes that fail as well.
Prints each finding and the counts; exit 1 on a disagreement.
    toml_differential.py [--strict] TOML_DUMP FILE_OR_DIR...
"""
import os
import subprocess
import sys
import tomllib


def files(args):
    for a in args:
        if os.path.isdir(a):
            for name in sorted(os.listdir(a)):
                p = os.path.join(a, name)
                if os.path.isfile(p):
                    yield p
        elif os.path.isfile(a):
            yield a


def ours(dump, paths):
    out = subprocess.run([dump, *paths], check=True, capture_output=True).stdout
    got, cur = {}, None
    for line in out.decode().splitlines():
        w = line.split(" ")
        if w[0] == "F":
            cur = got[paths[int(w[1]) - 1]] = {"status": w[2], "keys": {}}
        else:
            kind = w[2]
            val = bytes.fromhex(w[3]) if kind == "string" else (w[3] == "1") if kind == "bool" else None
            cur["keys"][w[1]] = (kind, val)
    return got


def theirs(doc, key):
    v = doc
    for part in key.split("."):
        if not isinstance(v, dict) or part not in v:
            return ("absent", None)
        v = v[part]
    if isinstance(v, dict):
        return ("table", None)
    if isinstance(v, str):
        return ("string", v.encode("utf-8", "surrogatepass"))
    if isinstance(v, bool):
        return ("bool", v)
    return ("other", None)


def main():
    args = sys.argv[1:]
    strict = args[:1] == ["--strict"]
    if strict:
        args = args[1:]
    dump, paths = args[0], list(files(args[1:]))
    got, bad, lenient = {}, 0, 0
    for i in range(0, len(paths), 500):
        got.update(ours(dump, paths[i:i + 500]))
    for p in paths:
        mine = got[p]
        if mine["status"] == "skip":
            continue
        try:
            with open(p, "rb") as f:
                doc = tomllib.loads(f.read().decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as why:
            if mine["status"] == "ok":
                # tomllib refuses it; we read it. What we read is what nobody else would.
                print(f"{p}: lenient: tomllib refuses it ({why}), toml.c reads it")
                lenient += 1
            continue
        if mine["status"] != "ok":
            print(f"{p}: tomllib reads it, toml.c refuses it")
            bad += 1
            continue
        for key, val in mine["keys"].items():
            if theirs(doc, key) != val:
                print(f"{p}: {key}: toml.c {val}, tomllib {theirs(doc, key)}")
                bad += 1
    print(f"toml differential: {len(paths)} files, {bad} disagreements, {lenient} read only by toml.c")
    return 1 if bad or (strict and lenient) else 0


if __name__ == "__main__":
    sys.exit(main())
