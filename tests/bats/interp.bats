#!/usr/bin/env bats
# Interpreter discovery under stress: pythons that hang, that are interrupted while asked,
# that are Python 2; requests that say where they came from; completion that runs nothing.

load test_helper

# Read before setup swaps HOME for a throwaway one.
PYH_PYENV_VERSIONS=${PYENV_ROOT:-$HOME/.pyenv}/versions

setup() {
    common_setup
    # Only PATH's interpreters, so that the tests know which come first.
    export PYENV_ROOT=$T/no-pyenv
}

# hanging NAME: a "python" that never answers, first on PATH under NAME. Each run adds a line
# to $T/ran, so that a test can tell whether it ran without timing anything.
hanging() {
    mkdir -p "$T/hang"
    printf '#!/bin/sh\necho "$0" >>"%s/ran"\nexec sleep 60\n' "$T" >"$T/hang/$1"
    chmod +x "$T/hang/$1"
    export PATH="$T/hang:$PATH"
}

# slow NAME SECONDS: a real python3 that takes SECONDS to start, first on PATH under NAME.
slow() {
    mkdir -p "$T/slow"
    printf '#!/bin/sh\nsleep %s\nexec /usr/bin/python3 "$@"\n' "$2" >"$T/slow/$1"
    chmod +x "$T/slow/$1"
    export PATH="$T/slow:$PATH"
}

@test "a hanging python3.11 first on PATH: --python 3.11 skips it after the time limit, naming it" {
    hanging python3.11
    PYENVHOOK_PROBE_TIMEOUT=1 run "$PYENVHOOK" create --python 3.11 --without-pip
    [[ $status == 0 ]]
    [[ $output == *"$T/hang/python3.11: gave no answer within 1.0 s, so it was stopped"* ]]
    [[ $output == *"created $T/.venv (Python 3.11."*", /usr/bin/python3"* ]]
    # asked once, and stopped (the line above says so): no clock decides this test
    [[ $(wc -l <"$T/ran") == 1 ]]
    # Nothing cached for it: it is asked again next time (and still named).
    PYENVHOOK_PROBE_TIMEOUT=1 run "$PYENVHOOK" python list
    [[ $status == 0 && $output == *"$T/hang/python3.11: gave no answer within 1.0 s"* ]]
    [[ $output == *"/usr/bin/python3 (PATH)"* ]]
}

@test "a version request stops at the first match: a hanging python3.12 never runs for 3.11" {
    hanging python3.12
    run "$PYENVHOOK" python find 3.11
    [[ $status == 0 && $output == "3.11."*" cpython /usr/bin/python3"* ]]
    [[ ! -e $T/ran ]]
}

@test "a hanging python3 that create would use: one line naming it, exit 1, nothing made" {
    hanging python3
    PYENVHOOK_PROBE_TIMEOUT=0.5 run "$PYENVHOOK" create --without-pip
    [[ $status == 1 ]]
    [[ ${#lines[@]} == 1 ]]
    [[ $output == "pyenvhook: create: $T/hang/python3: gave no answer within 0.5 s, so it was stopped (PYENVHOOK_PROBE_TIMEOUT=SECONDS sets the limit)" ]]
    [[ ! -e .venv && ! -e .pyenvhook.json ]]
}

@test "python list --cached runs no interpreter: instant with a hanging python, lists what is cached" {
    "$PYENVHOOK" python find /usr/bin/python3 >/dev/null
    hanging python3.13
    run "$PYENVHOOK" python list --cached
    [[ $status == 0 && $output == *"/usr/bin/python3 (PATH)"* && $output != *hang* ]]
    [[ ! -e $T/ran ]]
}

@test "Ctrl-C while a python is asked: nothing is cached, and the next create uses it" {
    slow python3.11 2
    run timeout --preserve-status -s INT 0.5 "$PYENVHOOK" create --python 3.11 --without-pip
    [[ $status == 130 ]]
    [[ ! -e .venv ]]
    run "$PYENVHOOK" create --python 3.11 --without-pip
    [[ $status == 0 && $output == *"created $T/.venv (Python 3.11."*", $T/slow/python3.11)"* ]]
    # No process of the probe is left behind.
    [[ -z $(pgrep -f "$T/slow") ]]
}

@test "Python 2 is named as unsupported, from PATH and as a request; never a bare exit status" {
    local py2
    py2=$(compgen -G "$PYH_PYENV_VERSIONS/2.7.*/bin/python2.7" | tail -1) || skip "needs a pyenv 2.7"
    run "$PYENVHOOK" create --python "$py2" --without-pip
    [[ $status == 1 ]]
    [[ $output == "pyenvhook: create: --python $py2: $py2 is Python 2.7."*", which is not supported (a venv needs Python 3)" ]]
    mkdir p2 && ln -s "$py2" p2/python
    run env PATH="$T/p2:$PATH" "$PYENVHOOK" python find python
    [[ $status == 1 && $output == *"$T/p2/python is Python 2.7."*"not supported"* ]]
    [[ $output != *"(exit "* ]]
}

@test "a python that fails to answer: its last words, not an exit status" {
    mkdir bad
    printf '#!/bin/sh\necho "Fatal Python error: init_fs_encoding" >&2\nexit 2\n' >bad/python3.11
    chmod +x bad/python3.11
    run "$PYENVHOOK" python find "$T/bad/python3.11"
    [[ $status == 1 ]]
    [[ $output == "pyenvhook: python find: $T/bad/python3.11: cannot be asked about itself: it failed: Fatal Python error: init_fs_encoding" ]]
}

@test "requests name where they came from: the marker's python, .python-version, --python" {
    mkdir m && printf '{"python": "3.99"}' >m/.pyenvhook.json
    run "$PYENVHOOK" create m --without-pip
    [[ $status == 1 ]]
    [[ $output == "pyenvhook: create: $T/m/.pyenvhook.json: \"python\": \"3.99\": no Python interpreter matches '3.99'"* ]]
    mkdir v && echo 3.98 >v/.python-version
    run "$PYENVHOOK" create v --without-pip
    [[ $output == "pyenvhook: create: $T/v/.python-version: no Python interpreter matches '3.98'"* ]]
    run "$PYENVHOOK" create v --without-pip --python 3.97
    [[ $output == "pyenvhook: create: --python 3.97: no Python interpreter matches '3.97'"* ]]
}

@test ".python-version naming a pyenv-virtualenv environment: said so, not 'no match'" {
    # pyenv-virtualenv's layout: versions/X/envs/NAME, and versions/NAME linking to it.
    local root=$T/pyenv
    mkdir -p "$root/versions/3.11.2/bin" "$root/versions/3.11.2/envs"
    ln -s /usr/bin/python3 "$root/versions/3.11.2/bin/python3"
    /usr/bin/python3 -m venv --without-pip "$root/versions/3.11.2/envs/shopenv"
    ln -s "$root/versions/3.11.2/envs/shopenv" "$root/versions/shopenv"
    mkdir shop && echo shopenv >shop/.python-version
    PYENV_ROOT=$root run "$PYENVHOOK" create shop --without-pip
    [[ $status == 1 ]]
    [[ $output == "pyenvhook: create: $T/shop/.python-version: 'shopenv' is a pyenv-virtualenv environment ($root/versions/shopenv), not an interpreter" ]]
}

@test "python find REL: relative to the current directory" {
    mkdir -p sub/bin && ln -s /usr/bin/python3 sub/bin/python3
    cd sub
    run "$PYENVHOOK" python find bin/python3
    [[ $status == 0 && $output == *" cpython bin/python3" || $output == *" $T/sub/bin/python3" ]]
    run "$PYENVHOOK" python find ./nope/python3
    [[ $status == 1 && $output == *"$T/sub/nope/python3"* ]]
}

# newer_python: a real interpreter newer than /usr/bin/python3 (from the suite's pyenv), or
# nothing.
newer_python() {
    local mine p
    mine=$(/usr/bin/python3 -c 'import sys; print(sys.version_info[1])')
    for p in "$PYH_PYENV_VERSIONS"/3.*/bin/python3; do
        [[ -x $p ]] || continue
        (($("$p" -c 'import sys; print(sys.version_info[1])' 2>/dev/null || echo 0) > mine)) || continue
        echo "$p"
        return
    done
}

@test "a name is the first on PATH, as the shell runs it, even with a newer one of that name later" {
    local newer
    newer=$(newer_python)
    [[ -n $newer ]] || skip "no Python newer than $(/usr/bin/python3 -V) in $PYH_PYENV_VERSIONS"
    mkdir -p "$T/first" "$T/later"
    ln -s /usr/bin/python3 "$T/first/python3"
    ln -s "$newer" "$T/later/python3"
    export PATH="$T/first:$T/later:$PATH"
    [[ $(command -v python3) == "$T/first/python3" ]]
    run "$PYENVHOOK" python find python3
    [[ $status == 0 && $output == "$(/usr/bin/python3 -c 'import platform; print(platform.python_version())') cpython $T/first/python3" ]]
    # a version request takes the newest, wherever it stands on PATH
    run "$PYENVHOOK" python find 3
    [[ $status == 0 && $output == *" cpython $T/later/python3" ]]
}

@test "an active venv's bin/ first on PATH is no place to look: its python is the base interpreter's" {
    make_untrusted_venv "$T/active"
    export PATH="$T/active/bin:$PATH"
    run "$PYENVHOOK" python list
    [[ $status == 0 && $output == *" /usr/bin/python3 (PATH)"* && $output != *"$T/active"* ]]
    run "$PYENVHOOK" python find 3.11
    [[ $status == 0 && $output != *"$T/active"* ]]
}

@test "pyenv's shims on PATH are never run: they pick an interpreter by rules of their own" {
    # a shim that says when it runs, as the hanging pythons do
    mkdir -p "$T/pyenv-root/shims"
    printf '#!/bin/sh\necho "$0" >>"%s/ran"\nexec /usr/bin/python3 "$@"\n' "$T" >"$T/pyenv-root/shims/python3"
    chmod +x "$T/pyenv-root/shims/python3"
    export PATH="$T/pyenv-root/shims:$PATH"
    run "$PYENVHOOK" python list
    [[ $status == 0 && $output == *" /usr/bin/python3 (PATH)"* && $output != *shims* ]]
    run "$PYENVHOOK" python find 3
    [[ $status == 0 && $output != *shims* ]]
    [[ ! -e $T/ran ]]
}

@test "a pyenv version directory is found by its whole name and by exact version, not only by a prefix of it" {
    export PYENV_ROOT=$T/pyenv
    local v
    for v in 3.11.2 pypy3.10-7.3.12 3.11.20; do
        mkdir -p "$PYENV_ROOT/versions/$v/bin"
        ln -s /usr/bin/python3 "$PYENV_ROOT/versions/$v/bin/python3"
    done
    # the real 3.11.2 under its exact version, and not 3.11.20, which only starts like it
    run env PATH=/nonexistent "$PYENVHOOK" python find 3.11.2
    [[ $status == 0 && $output == *" cpython $PYENV_ROOT/versions/3.11.2/bin/python3" ]]
    # a name that is a version directory's whole name, as .python-version has it
    run env PATH=/nonexistent "$PYENVHOOK" python find pypy3.10-7.3.12
    [[ $status == 0 && $output == *" cpython $PYENV_ROOT/versions/pypy3.10-7.3.12/bin/python3" ]]
}
