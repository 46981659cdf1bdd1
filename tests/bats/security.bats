#!/usr/bin/env bats
# The threat model of docs/security.md, tried as an attacker would: a cloned repository, a
# second local account (pyh-neighbour, made with useradd), a shared sticky directory like
# /tmp, symlinks re-pointed, files that git brings with a pull. Each test is one attack; it
# fails when the attack works.

load test_helper

BASE="/usr/local/bin:/usr/bin:/bin"

setup() {
    common_setup
    S=
}

teardown() {
    if [[ -n ${S-} ]]; then rm -rf "$S"; fi
}

# shared: a directory like /tmp (root's, mode 1777) that the neighbour can reach, as $S.
shared() {
    S=$(mktemp -d /tmp/pyh-shared.XXXXXX)
    chmod 1777 "$S"
    export S
}

# ran_file: where a hostile program records that it ran; it must never exist.
# evil_python PATH: a program that records that it ran, then behaves as python3 would, so
# that nothing but the record tells that it ran.
evil_python() {
    mkdir -p "${1%/*}"
    printf '#!/bin/sh\ntouch %q\nexec /usr/bin/python3 "$@"\n' "$RAN" >"$1"
    chmod 755 "$1"
}

git_quiet() {
    git -c user.name=t -c user.email=t@example.invalid -c init.defaultBranch=main \
        -c advice.detachedHead=false "$@" >/dev/null 2>&1
}

# upstream DIR: a repository with a marker that names a program of its own as python.
hostile_upstream() {
    mkdir -p "$1"
    git_quiet init "$1"
    RAN="$T/ran" evil_python "$1/tools/python3"
    printf '{"python": "tools/python3"}\n' >"$1/.pyenvhook.json"
    git_quiet -C "$1" add -A
    git_quiet -C "$1" commit -m hostile
}

@test "a clone's marker cannot get create to run the clone's own python" {
    export RAN="$T/ran"
    hostile_upstream "$T/upstream"
    git_quiet clone "$T/upstream" "$T/clone"
    cd "$T/clone"
    run "$PYENVHOOK" create --without-pip
    [[ $status == 1 ]]
    [[ $output == "pyenvhook: create: $T/clone/.pyenvhook.json asks for python 'tools/python3', a program of the project's own, and the project is not trusted: read the marker, then 'pyenvhook allow $T/clone', or name an interpreter with --python" ]]
    [[ ! -e $RAN && ! -e .venv ]]
    # naming an interpreter on the command line is the user's choice, and wins
    run "$PYENVHOOK" create --without-pip --python /usr/bin/python3
    [[ $status == 0 && ! -e $RAN ]]
    # once the user trusts the project as it is, its python is theirs to run
    rm -rf .venv
    git checkout -q .pyenvhook.json
    "$PYENVHOOK" allow >/dev/null
    run "$PYENVHOOK" create --without-pip
    [[ $status == 0 && -e $RAN ]]
}

@test "a .python-version that names a path is refused, never run" {
    export RAN="$T/ran"
    mkdir -p "$T/p"
    evil_python "$T/p/tools/python3"
    printf 'tools/python3\n' >"$T/p/.python-version"
    cd "$T/p"
    run "$PYENVHOOK" create --without-pip
    [[ $status == 1 ]]
    [[ $output == "pyenvhook: create: $T/p/.python-version asks for 'tools/python3', a path: pyenvhook takes only a version or a name from it, never a program of the project's own; name it with --python to use it" ]]
    [[ ! -e $RAN && ! -e .venv ]]
    printf '%s\n' "$T/p/tools/python3" >"$T/p/.python-version"
    run "$PYENVHOOK" create --without-pip
    [[ $status == 1 && ! -e $RAN ]]
    # even when the project is trusted: the file is not part of what was allowed
    printf '{}' >"$T/p/.pyenvhook.json"
    "$PYENVHOOK" allow >/dev/null
    run "$PYENVHOOK" create --without-pip
    [[ $status == 1 && ! -e $RAN ]]
}

@test "a neighbour's marker and .python-version in a shared parent are ignored, with a line" {
    need_neighbour
    shared
    export RAN="$S/ran"
    as_neighbour sh -c "printf '#!/bin/sh\ntouch $RAN\nexec /usr/bin/python3 \"\$@\"\n' >$S/py && chmod 755 $S/py"
    as_neighbour sh -c "printf '{\"python\": \"$S/py\", \"venv\": \"$S/theirs\"}' >$S/.pyenvhook.json"
    as_neighbour sh -c "printf '$S/py\n' >$S/.python-version"
    mkdir "$S/mine"
    cd "$S/mine"
    run "$PYENVHOOK" create --without-pip
    [[ $status == 0 ]]
    local uid
    uid=$(id -u pyh-neighbour)
    [[ $output == *"pyenvhook: $S/.pyenvhook.json: refusing a marker owned by uid $uid (not you, uid 0, nor root): another user could change what runs in your shell"* ]]
    [[ $output == *"pyenvhook: $S/.python-version: refusing a .python-version owned by uid $uid"* ]]
    [[ ! -e $RAN && ! -e $S/theirs ]]
    # the project is the directory create ran in, with the user's own python3
    [[ -f $S/mine/.pyenvhook.json && -f $S/mine/.venv/pyvenv.cfg ]]
    [[ $(readlink "$S/mine/.venv/bin/python3") != "$S/py" ]]
}

shared_marker_ignored() {
    run_scenario "$1" 'cd $S/work' 'probe in' 'cd $S/work/sub' 'probe sub'
    expect_output "in VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
sub VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE" || return 1
    [[ $(count_in_tty "$S/.pyenvhook.json: refusing a marker owned by uid") == 1 ]]
}

@test "in the shells, a neighbour's marker above activates nothing and is said once" {
    need_neighbour
    shared
    mkdir -p "$S/theirs/bin"
    python3 -m venv --without-pip "$S/theirs"
    chown -R pyh-neighbour "$S/theirs"
    as_neighbour sh -c "printf '{\"venv\": \"theirs\"}' >$S/.pyenvhook.json"
    mkdir -p "$S/work/sub"
    # even allowed by mistake, the marker stays refused
    run "$PYENVHOOK" allow "$S/work"
    [[ $status == 1 && $output == *"refusing a marker owned by uid"* ]]
    for_each_shell shared_marker_ignored
}

@test "a neighbour's .venv symlink to a root-owned venv is refused, and cannot be allowed" {
    need_neighbour
    shared
    python3 -m venv --without-pip "$S/rootvenv"
    mkdir "$S/work"
    as_neighbour ln -s "$S/rootvenv" "$S/.venv"
    cd "$S/work"
    run "$PYENVHOOK" status
    [[ $status == 1 ]]
    [[ $output == *"$S/.venv: refusing a venv: the symlink $S/.venv on the way to it is owned by uid $(id -u pyh-neighbour)"* ]]
    run "$PYENVHOOK" allow
    [[ $status == 1 && $output == *"the symlink $S/.venv on the way to it is owned by uid"* ]]
    run "$PYENVHOOK" export bash
    [[ $output != *_pyenvhook_enter* ]]
}

@test "through a neighbour's symlinked project directory, nothing activates" {
    need_neighbour
    shared
    mkdir -p "$T/real"
    make_project "$T/real"
    as_neighbour ln -s "$T/real" "$S/proj"
    cd "$S/proj"
    run "$PYENVHOOK" export bash
    [[ $output != *_pyenvhook_enter* ]]
    [[ $output == *"the symlink $S/proj on the way to it is owned by uid $(id -u pyh-neighbour)"* ]]
}

own_link_activated() {
    run_scenario "$1" 'cd $S/work' 'probe in' 'cd /' 'probe out'
    expect_output "in VIRTUAL_ENV=@/venvs/real PROMPT=real PYTHONHOME=<unset> PATH=@/venvs/real/bin:$BASE
out VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
}

@test "the user's own .venv symlink activates the resolved venv: PATH gets what was checked" {
    shared
    mkdir -p "$T/venvs" "$S/work"
    make_untrusted_venv "$T/venvs/real"
    ln -s "$T/venvs/real" "$S/work/.venv"
    "$PYENVHOOK" allow "$S/work" >/dev/null
    cd "$S/work"
    run "$PYENVHOOK" export bash
    [[ $status == 0 && ${lines[0]} == "_pyenvhook_enter '$T/venvs/real' 'real'" ]]
    run "$PYENVHOOK" list --json
    [[ $output == *"\"venv\":\"$T/venvs/real\""* ]]
    for_each_shell own_link_activated
}

@test "a project directory that others can write is refused before anything in it is used" {
    mkdir -p "$T/proj"
    make_project "$T/proj"
    chmod 777 "$T/proj"
    cd "$T/proj"
    run "$PYENVHOOK" export bash
    [[ $output != *_pyenvhook_enter* ]]
    [[ $output == *"$T/proj/.pyenvhook.json: refusing a marker: $T/proj on the way to it can be written by group or others and is not root's sticky directory ('chmod go-w $T/proj' fixes that; on a file system that cannot show owners, list the directory in \"safe_directories\" in pyenvhook's settings)"* ]]
    # a .venv alone is refused the same way
    rm "$T/proj/.pyenvhook.json"
    "$PYENVHOOK" allow "$T/proj" >/dev/null 2>&1 || true
    run "$PYENVHOOK" export bash
    [[ $output != *_pyenvhook_enter* && $output == *"$T/proj on the way to it can be written by group or others"* ]]
    # and so is one whose parent others can write, sticky or not, unless it is root's
    chmod 755 "$T/proj"
    chmod 1777 "$T"
    need_neighbour
    chown pyh-neighbour "$T"
    run "$PYENVHOOK" export bash
    [[ $output != *_pyenvhook_enter* && $output == *"$T on the way to it is owned by uid"* ]]
    chown root "$T"
    chmod 700 "$T"
}

@test "group write is refused when another account has the group, as primary group or member" {
    need_neighbour
    mkdir -p "$T/proj"
    make_project "$T/proj"
    cd "$T/proj"
    # the neighbour's own (primary) group
    chgrp pyh-neighbour .venv/bin
    chmod g+w .venv/bin
    run "$PYENVHOOK" export bash
    [[ $output == *"$T/proj/.venv/bin: refusing a venv's bin/ that group or others can write"* ]]
    # a group the neighbour is a member of
    chgrp pyh-shared .venv/bin
    run "$PYENVHOOK" export bash
    [[ $output == *"$T/proj/.venv/bin: refusing a venv's bin/ that group or others can write"* ]]
    # a group of root's alone is fine
    chgrp root .venv/bin
    run "$PYENVHOOK" export bash
    [[ ${lines[0]} == "_pyenvhook_enter '$T/proj/.venv' 'proj'" ]]
}

# need_victim: a second ordinary account, pyh-victim, to be the user under attack where root
# cannot be (root's own directories are root's); VHOME is its home, VBIN a copy of the binary
# it can run wherever the build tree is; as_victim CMD... runs CMD as it.
need_victim() {
    need_neighbour
    local PATH=$PATH:/usr/sbin:/sbin
    getent passwd pyh-victim >/dev/null || accounts useradd --create-home --shell /bin/sh pyh-victim
    VHOME=$(getent passwd pyh-victim | cut -d: -f6)
    VBIN=$VHOME/pyenvhook-$BATS_TEST_NUMBER
    cp "$PYENVHOOK" "$VBIN"
    chmod 755 "$VBIN"
}

as_victim() {
    setpriv --reuid=pyh-victim --regid=pyh-victim --init-groups -- env HOME="$VHOME" \
        XDG_DATA_HOME="$VHOME/.local/share" XDG_CONFIG_HOME="$VHOME/.config" \
        XDG_CACHE_HOME="$VHOME/.cache" XDG_STATE_HOME="$VHOME/.local/state" PWD="$PWD" "$@"
}

@test "a user private group shared with another account's primary group is not private" {
    need_victim
    local PATH=$PATH:/usr/sbin:/sbin
    getent passwd pyh-mate >/dev/null || accounts useradd --no-create-home -g pyh-victim pyh-mate
    local d="$VHOME/proj-$BATS_TEST_NUMBER"
    rm -rf "$d"
    as_victim sh -c "umask 002 && mkdir '$d' && printf '{}' >'$d/.pyenvhook.json' && /usr/bin/python3 -m venv --without-pip '$d/.venv'"
    cd "$d"
    run as_victim "$VBIN" allow "$d"
    [[ $status == 1 && $output == *"refusing a marker"*"can be written by group or others"* ]]
    # without pyh-mate in the group, the same files are fine (Debian's umask 002 set-ups)
    accounts userdel pyh-mate
    run as_victim "$VBIN" allow "$d"
    [[ $status == 0 ]]
    run as_victim "$VBIN" export bash
    [[ ${lines[0]} == "_pyenvhook_enter '$d/.venv' '${d##*/}'" ]]
    rm -rf "$d" "$VBIN"
}

@test "a sticky directory that others can write is safe above a project only when it is root's" {
    need_victim
    local s="$VHOME/sticky-$BATS_TEST_NUMBER"
    rm -rf "$s"
    as_victim sh -c "mkdir -m 1777 '$s' && mkdir '$s/proj' && printf '{}' >'$s/proj/.pyenvhook.json' && /usr/bin/python3 -m venv --without-pip '$s/proj/.venv'"
    chmod 1777 "$s"
    cd "$s/proj"
    run as_victim "$VBIN" allow "$s/proj"
    [[ $status == 1 && $output == *"$s on the way to it can be written by group or others and is not root's sticky directory"* ]]
    # the same directory made root's: others can add names to it but not move the project
    chown root "$s"
    run as_victim "$VBIN" allow "$s/proj"
    [[ $status == 0 ]]
    run as_victim "$VBIN" export bash
    [[ ${lines[0]} == "_pyenvhook_enter '$s/proj/.venv' 'proj'" ]]
    rm -rf "$s" "$VBIN"
}

@test "what runs at every python start is checked: site-packages, .pth files, pyvenv.cfg, bin/ programs" {
    mkdir -p "$T/proj"
    make_project "$T/proj"
    cd "$T/proj"
    local site
    site=$(echo .venv/lib/python3*/site-packages)
    local want
    for want in "$site" "$site/evil.pth" .venv/pyvenv.cfg .venv/bin/python3 .venv/bin/activate; do
        [[ -e $want ]] || touch "$want"
        chmod o+w "$(readlink -f "$want")" 2>/dev/null || chmod o+w "$want"
        run "$PYENVHOOK" export bash
        [[ $output != *_pyenvhook_enter* && $output == *"can write"* ]] || {
            echo "not refused: $want: $output"
            return 1
        }
        chmod o-w "$(readlink -f "$want")" 2>/dev/null || chmod o-w "$want"
    done
    run "$PYENVHOOK" export bash
    [[ ${lines[0]} == "_pyenvhook_enter '$T/proj/.venv' 'proj'" ]]
}

@test "a bin/ entry linking into a place others can write is refused" {
    need_neighbour
    shared
    mkdir -p "$T/proj"
    make_project "$T/proj"
    # a link into the sticky directory, to a name the neighbour could make later
    ln -s "$S/later" "$T/proj/.venv/bin/tool"
    cd "$T/proj"
    run "$PYENVHOOK" export bash
    [[ $output != *_pyenvhook_enter* ]]
    [[ $output == *"$S/later does not exist, and others can create it in $S"* ]]
    rm "$T/proj/.venv/bin/tool"
    as_neighbour sh -c "printf '#!/bin/sh\n' >$S/later"
    ln -s "$S/later" "$T/proj/.venv/bin/tool"
    run "$PYENVHOOK" export bash
    [[ $output != *_pyenvhook_enter* && $output == *"$S/later: refusing a program in a venv's bin/ owned by uid"* ]]
}

@test "a prompt with escape sequences never reaches the terminal, and create will not trust it" {
    mkdir -p "$T/proj"
    make_project "$T/proj"
    printf '{"prompt": "\\u001b]0;pwned\\u0007x"}' >"$T/proj/.pyenvhook.json"
    "$PYENVHOOK" allow "$T/proj" 2>/dev/null || true
    cd "$T/proj"
    run "$PYENVHOOK" export bash
    [[ $status == 1 && $output == *"pyenvhook: $T/proj/.pyenvhook.json: \"prompt\" holds a control character (U+001B), which would reach the terminal raw"* ]]
    run "$PYENVHOOK" create --without-pip --force
    [[ $status == 1 && $output == *'"prompt" holds a control character (U+001B)'* ]]
    # the same from pyvenv.cfg
    printf '{}' >"$T/proj/.pyenvhook.json"
    printf 'home = /usr/bin\nprompt = \033[31mred\n' >"$T/proj/.venv/pyvenv.cfg"
    "$PYENVHOOK" allow "$T/proj" >/dev/null
    run "$PYENVHOOK" export bash
    [[ $status == 1 && $output == *"$T/proj/.venv/pyvenv.cfg: refusing the prompt in it, which holds a control character (U+001B), which would reach the terminal raw"* ]]
    [[ $output != *$'\033'* ]]
}

@test "a prompt of raw C1 bytes or not UTF-8 is refused, naming the file" {
    mkdir -p "$T/proj"
    make_project "$T/proj"
    cd "$T/proj"
    # 0x9b alone is CSI to a terminal in an 8-bit mode: ESC [ 2J without the ESC
    printf '{"prompt": "a\2332J\23331mred"}' >.pyenvhook.json
    run "$PYENVHOOK" allow .
    [[ $status == 1 && $output == "pyenvhook: allow: $T/proj/.pyenvhook.json: \"prompt\" is not valid UTF-8 (byte 0x9b)" ]]
    run "$PYENVHOOK" export bash
    [[ $status == 1 && $output == *"pyenvhook: $T/proj/.pyenvhook.json: \"prompt\" is not valid UTF-8 (byte 0x9b)"* ]]
    printf '{"prompt": "caf\351"}' >.pyenvhook.json
    run "$PYENVHOOK" export bash
    [[ $status == 1 && $output == *"pyenvhook: $T/proj/.pyenvhook.json: \"prompt\" is not valid UTF-8 (byte 0xe9)"* ]]
    # a bidirectional override would turn the rest of every command line around
    printf '{"prompt": "x\342\200\256"}' >.pyenvhook.json
    run "$PYENVHOOK" export bash
    [[ $status == 1 && $output == *'"prompt" holds a bidirectional control (U+202E), which would reorder how the line reads'* ]]
    # the same from pyvenv.cfg
    printf '{}' >.pyenvhook.json
    printf 'home = /usr/bin\nprompt = a\233m\n' >.venv/pyvenv.cfg
    "$PYENVHOOK" -q allow .
    run "$PYENVHOOK" export bash
    [[ $status == 1 && $output == *"pyenvhook: $T/proj/.venv/pyvenv.cfg: refusing the prompt in it, which is not valid UTF-8 (byte 0x9b)"* ]]
    run "$PYENVHOOK" create --without-pip --force --prompt $'a\x9b'
    [[ $status == 1 && $output == "pyenvhook: create: --prompt: the prompt is not valid UTF-8 (byte 0x9b)" ]]
}

@test "messages show raw C1 bytes, bytes that are not UTF-8 and bidirectional controls as \\xNN" {
    local d
    # the override makes "...a<RLO>gpj.exe" read as "...aexe.jpg"
    d="$T/$(printf 'a\233\235\377b\342\200\256gpj.exe')"
    # python cannot make a venv there; the hook needs only pyvenv.cfg and bin/
    mkdir -p "$d/.venv/bin"
    printf 'home = /usr/bin\n' >"$d/.venv/pyvenv.cfg"
    printf '{}' >"$d/.pyenvhook.json"
    local shown="$T/a\\x9b\\x9d\\xffb\\xe2\\x80\\xaegpj.exe"
    run "$PYENVHOOK" allow "$d"
    [[ $status == 0 && $output == "pyenvhook: allowed $shown: $shown/.venv will be activated there" ]]
    cd "$d"
    run "$PYENVHOOK" status
    [[ $output == *"$shown/.venv"* && $output != *$'\x9b'* && $output != *$'\u202e'* ]]
    run "$PYENVHOOK" list
    [[ $output == *"$shown"* && $output != *$'\x9b'* && $output != *$'\xff'* ]]
    # the .venv is called after its directory: the prompt shows the same escapes, not the bytes
    run "$PYENVHOOK" export bash
    [[ $status == 0 && $output == *"'a\\x9b\\x9d\\xffb\\xe2\\x80\\xaegpj.exe'"* ]]
    [[ $(printf '%s' "$output" | grep -c "$(printf '[\233\235\377]')") == 0 ]]
}

@test "--json is valid UTF-8 with every byte of a name recoverable, and no raw control bytes" {
    local d
    d="$T/$(printf 'bad\377\033]0;x\007')"
    # python cannot make a venv there; the hook needs only pyvenv.cfg and bin/
    mkdir -p "$d/.venv/bin"
    printf 'home = /usr/bin\n' >"$d/.venv/pyvenv.cfg"
    printf '{}' >"$d/.pyenvhook.json"
    "$PYENVHOOK" allow "$d" >/dev/null
    cd "$d"
    run "$PYENVHOOK" status --json
    [[ $output != *$'\033'* && $output != *$'\007'* ]]
    python3 - "$output" "$d" <<'PY'
import json, os, sys
raw = sys.argv[1].encode("utf-8", "surrogateescape")
raw.decode("utf-8")  # strict: valid UTF-8
doc = json.loads(raw)
assert os.fsencode(doc["project"]) == os.fsencode(sys.argv[2]), doc
PY
    run "$PYENVHOOK" list --json
    python3 -c 'import json, sys; json.loads(sys.argv[1].encode("utf-8", "surrogateescape").decode("utf-8"))' "$output"
}

@test "venv files that a git pull adds need allow again; a committed venv needs allow" {
    mkdir "$T/up"
    git_quiet init "$T/up"
    printf '{}' >"$T/up/.pyenvhook.json"
    git_quiet -C "$T/up" add -A
    git_quiet -C "$T/up" commit -m init
    git_quiet clone "$T/up" "$T/clone"
    make_untrusted_venv "$T/clone/.venv"
    "$PYENVHOOK" allow "$T/clone" >/dev/null
    cd "$T/clone"
    run "$PYENVHOOK" export bash
    [[ ${lines[0]} == "_pyenvhook_enter '$T/clone/.venv' 'clone'" ]]
    # upstream commits a program into .venv/bin (git add -f past a .gitignore)
    mkdir -p "$T/up/.venv/bin"
    printf '#!/bin/sh\necho pwned\n' >"$T/up/.venv/bin/ls"
    chmod 755 "$T/up/.venv/bin/ls"
    git_quiet -C "$T/up" add -f .venv/bin/ls
    git_quiet -C "$T/up" commit -m 'add ls'
    git_quiet -C "$T/clone" pull
    [[ -x $T/clone/.venv/bin/ls ]]
    run "$PYENVHOOK" export bash
    [[ $output == *"pyenvhook: not activating $T/clone/.venv (named by $T/clone/.pyenvhook.json): it changed since it was allowed; run 'pyenvhook allow' to trust it as it is now"* ]]
    run "$PYENVHOOK" list --json
    [[ $output == *'"state":"changed"'* ]]
    # allowed as it is now, it activates until the next pull changes a tracked file again
    "$PYENVHOOK" allow >/dev/null
    run "$PYENVHOOK" export bash
    [[ ${lines[0]} == "_pyenvhook_enter '$T/clone/.venv' 'clone'" ]]
    printf '#!/bin/sh\necho pwned again\n' >"$T/up/.venv/bin/ls"
    git_quiet -C "$T/up" commit -am 'change ls'
    git_quiet -C "$T/clone" pull
    run "$PYENVHOOK" export bash
    [[ $output == *"it changed since it was allowed"* ]]
}

@test "a pull that only changes a committed venv file's mode (chmod +x) needs allow again" {
    mkdir "$T/up"
    git_quiet init "$T/up"
    printf '{}' >"$T/up/.pyenvhook.json"
    make_untrusted_venv "$T/up/.venv"
    printf '#!/bin/sh\necho hello\n' >"$T/up/.venv/bin/hello"
    chmod 644 "$T/up/.venv/bin/hello"
    git_quiet -C "$T/up" add -f .pyenvhook.json .venv
    git_quiet -C "$T/up" commit -m init
    git_quiet clone "$T/up" "$T/clone"
    "$PYENVHOOK" allow "$T/clone" >/dev/null
    cd "$T/clone"
    run "$PYENVHOOK" export bash
    [[ ${lines[0]} == "_pyenvhook_enter '$T/clone/.venv' 'clone'" ]]
    # Upstream makes the committed file a program: the bytes are the same, the mode is not.
    chmod 755 "$T/up/.venv/bin/hello"
    git_quiet -C "$T/up" add -f .venv/bin/hello
    git_quiet -C "$T/up" commit -m 'hello runs'
    git_quiet pull
    [[ -x .venv/bin/hello ]]
    run "$PYENVHOOK" export bash
    [[ $output == *"it changed since it was allowed; run 'pyenvhook allow' to trust it as it is now"* ]]
    [[ $output != *_pyenvhook_enter* ]]
    # The same by hand: chmod -x, added and committed here.
    "$PYENVHOOK" allow >/dev/null
    chmod 644 .venv/bin/hello
    git_quiet add -f .venv/bin/hello
    git_quiet commit -m 'hello is text'
    run "$PYENVHOOK" export bash
    [[ $output == *"it changed since it was allowed"* && $output != *_pyenvhook_enter* ]]
}

@test "a fresh clone with a committed .venv activates nothing until allowed" {
    mkdir "$T/up"
    git_quiet init "$T/up"
    make_untrusted_venv "$T/up/.venv"
    git_quiet -C "$T/up" add -f .venv
    git_quiet -C "$T/up" commit -m 'venv'
    git_quiet clone "$T/up" "$T/clone"
    cd "$T/clone"
    run "$PYENVHOOK" export bash
    [[ $output == *"pyenvhook: not activating $T/clone/.venv: it is not allowed yet; run 'pyenvhook allow' to trust it"* ]]
}

@test "allow and deny refuse an empty, '-' or missing directory instead of guessing" {
    mkdir -p "$T/proj/sub"
    make_project "$T/proj"
    cd "$T/proj/sub"
    local cmd
    for cmd in allow deny; do
        run "$PYENVHOOK" "$cmd" ''
        [[ $status == 2 && ${lines[0]} == "pyenvhook: $cmd: '' is not a directory; name one, or none for this one" ]]
        run "$PYENVHOOK" "$cmd" -
        [[ $status == 2 && ${lines[0]} == "pyenvhook: $cmd: '-' is not a directory; name one, or none for this one" ]]
    done
    run "$PYENVHOOK" allow /nonexistent
    [[ $status == 1 && $output == "pyenvhook: allow: /nonexistent: No such file or directory" ]]
    run "$PYENVHOOK" deny /nonexistent
    [[ $status == 1 && $output == "pyenvhook: deny: /nonexistent: no such directory, and no project allowed there" ]]
    # the project is still trusted after all of that
    run "$PYENVHOOK" list --json
    [[ $output == *'"state":"allowed"'* ]]
    # a project removed from disk can still be denied by its path
    rm -rf "$T/proj"
    run "$PYENVHOOK" deny "$T/proj"
    [[ $status == 0 && $output == "pyenvhook: denied $T/proj: its venv is no longer activated" ]]
}

@test "20,000 allowed projects: nothing is dropped, and allow, deny, list, prune work" {
    mkdir -p "$T/proj"
    make_project "$T/proj"
    # the entries, as allow writes them, made fast
    python3 - "$XDG_DATA_HOME/pyenvhook/trust" "$T" <<'PY'
import hashlib, json, os, sys
store, t = sys.argv[1], sys.argv[2]
for i in range(20000):
    root = f"{t}/gone/{i}"
    e = {"version": 2, "root": root, "marker": None, "sha256": None,
         "venv": root + "/.venv", "tracked": None, "allowed": "2026-01-01T00:00:00Z"}
    name = hashlib.sha256(root.encode()).hexdigest() + ".json"
    with open(os.path.join(store, name), "w") as f:
        json.dump(e, f)
PY
    cd "$T/proj"
    run "$PYENVHOOK" export bash
    [[ ${lines[0]} == "_pyenvhook_enter '$T/proj/.venv' 'proj'" ]]
    mkdir -p "$T/b"
    make_untrusted_venv "$T/b/.venv"
    run "$PYENVHOOK" allow "$T/b"
    [[ $status == 0 ]]
    run "$PYENVHOOK" deny "$T/b"
    [[ $status == 0 ]]
    "$PYENVHOOK" list --json >"$T/list.json"
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert len(d["projects"]) == 20001, len(d["projects"])' "$T/list.json"
    run "$PYENVHOOK" prune
    [[ ${lines[-1]} == "pyenvhook: 20000 entries dropped" ]]
    run "$PYENVHOOK" list
    [[ $output == "$T/proj: $T/proj/.venv (allowed "* ]]
}

@test "a store kept as a symlink (a dotfiles repository) stays a symlink" {
    mkdir -p "$T/dotfiles/trust" "$XDG_DATA_HOME/pyenvhook"
    chmod 700 "$T/dotfiles/trust"
    ln -s "$T/dotfiles/trust" "$XDG_DATA_HOME/pyenvhook/trust"
    mkdir -p "$T/proj"
    make_project "$T/proj"
    [[ -L $XDG_DATA_HOME/pyenvhook/trust ]]
    [[ $(ls "$T/dotfiles/trust" | wc -l) == 1 ]]
    cd "$T/proj"
    run "$PYENVHOOK" export bash
    [[ ${lines[0]} == "_pyenvhook_enter '$T/proj/.venv' 'proj'" ]]
    "$PYENVHOOK" deny >/dev/null
    [[ -L $XDG_DATA_HOME/pyenvhook/trust && $(ls "$T/dotfiles/trust" | wc -l) == 0 ]]
}

@test "prune removes what killed writers left in the store, and only that" {
    mkdir -p "$T/proj"
    make_project "$T/proj"
    local store=$XDG_DATA_HOME/pyenvhook/trust entry
    entry=$(ls "$store")
    touch -d '2 minutes ago' "$store/$entry.tmp.AbC123"
    touch "$store/$entry.tmp.New456" "$store/notes.txt"
    run "$PYENVHOOK" prune
    [[ $status == 0 ]]
    [[ ! -e $store/$entry.tmp.AbC123 && -e $store/$entry.tmp.New456 && -e $store/notes.txt ]]
    [[ -e $store/$entry ]]
}

@test "safe_directories vouches for a file system that cannot show owners, and only there" {
    mkdir -p "$T/mnt/c/proj" "$T/elsewhere"
    make_project "$T/mnt/c/proj"
    make_project "$T/elsewhere"
    chmod -R a+w "$T/mnt/c" "$T/elsewhere"
    cd "$T/mnt/c/proj"
    run "$PYENVHOOK" export bash
    [[ $output != *_pyenvhook_enter* && $output == *'list the directory in "safe_directories" in pyenvhook'* ]]
    mkdir -p "$XDG_CONFIG_HOME/pyenvhook"
    printf '{"safe_directories": ["%s"]}' "$T/mnt/c" >"$XDG_CONFIG_HOME/pyenvhook/config.json"
    run "$PYENVHOOK" export bash
    [[ $status == 0 && ${lines[0]} == "_pyenvhook_enter '$T/mnt/c/proj/.venv' 'proj'" ]]
    cd "$T/elsewhere"
    run "$PYENVHOOK" export bash
    [[ $output != *_pyenvhook_enter* ]]
    # the directories above a listed one are still checked
    chmod o+w "$T/mnt"
    cd "$T/mnt/c/proj"
    run "$PYENVHOOK" export bash
    [[ $output != *_pyenvhook_enter* && $output == *"$T/mnt on the way to it can be written"* ]]
    chmod o-w "$T/mnt"
    # a settings file that others could write vouches for nothing, and says so
    chmod o+w "$XDG_CONFIG_HOME/pyenvhook/config.json"
    cd "$T/mnt/c/proj"
    run "$PYENVHOOK" export bash
    [[ $output != *_pyenvhook_enter* ]]
    [[ $output == *"$XDG_CONFIG_HOME/pyenvhook/config.json: refusing a settings file that group or others can write"* ]]
    chmod o-w "$XDG_CONFIG_HOME/pyenvhook/config.json"
    printf '{"safe_directories": ["relative"]}' >"$XDG_CONFIG_HOME/pyenvhook/config.json"
    run "$PYENVHOOK" export bash
    [[ $output == *'config.json: "safe_directories" must be a list of absolute or ~/ paths'* ]]
}
