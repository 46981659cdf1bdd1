#!/usr/bin/env bats
# PEP 832's .python-envs (src/conv_pyenvs.c) and uv's central environments: activation in
# real interactive shells after trust, the last line the default, and every line hostile.

load test_helper

BASE="/usr/local/bin:/usr/bin:/bin"

setup() {
    common_setup
    S=
    mkdir -p "$T/plain"
}

teardown() {
    if [[ -n ${S-} ]]; then rm -rf "$S"; fi
}

envs_default() {
    run_scenario "$1" 'cd $T/plain' 'probe plain' 'cd $T/proj/sub' 'probe proj' 'probe_python' \
        'cd $T/plain' 'probe back'
    expect_output "plain VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
proj VIRTUAL_ENV=@/proj/envs/b PROMPT=b PYTHONHOME=<unset> PATH=@/proj/envs/b/bin:$BASE
python @/proj/envs/b
back VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
}

@test ".python-envs: the last line is the default and activates after allow, in every shell" {
    mkdir -p "$T/proj/sub"
    make_untrusted_venv "$T/proj/envs/a" "$T/proj/envs/b"
    printf 'envs/a\r\n\n%s\n' "envs/b" >"$T/proj/.python-envs"
    cd "$T/proj"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (untrusted)" ]]
    "$PYENVHOOK" -q allow "$T/proj" >/dev/null
    run "$PYENVHOOK" status --json
    [[ $(jq -r '[.convention, .convention_file, .convention_line] | @tsv' <<<"$output") == \
        "PEP 832 .python-envs	$T/proj/.python-envs	3" ]]
    run "$PYENVHOOK" status
    [[ $output == *"chosen by $T/proj/.python-envs line 3 (PEP 832 .python-envs)"* ]]
    for_each_shell envs_default
}

@test ".python-envs: trusted by content; a changed default needs allow again" {
    mkdir -p "$T/proj"
    make_untrusted_venv "$T/proj/envs/a" "$T/proj/envs/b"
    printf 'envs/a\nenvs/b\n' >"$T/proj/.python-envs"
    "$PYENVHOOK" -q allow "$T/proj" >/dev/null
    cd "$T/proj"
    run "$PYENVHOOK" status --json
    [[ $(jq -r .state <<<"$output") == pending ]]
    printf 'envs/b\nenvs/a\n' >"$T/proj/.python-envs"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (untrusted)" ]]
}

@test ".python-envs: a .venv beside it is the implicit last line; the list wins over a .venv file" {
    mkdir -p "$T/proj" "$T/both"
    make_untrusted_venv "$T/proj/envs/a" "$T/proj/.venv" "$T/both/envs/a" "$T/both/other"
    printf 'envs/a\n' >"$T/proj/.python-envs"
    mkdir -p "$XDG_CONFIG_HOME/pyenvhook"
    echo '{"implicit_venv": false}' >"$XDG_CONFIG_HOME/pyenvhook/config.json"
    cd "$T/proj"
    run "$PYENVHOOK" status --json
    [[ $(jq -r '[.venv, .convention, (.convention_line // "null")] | @tsv' <<<"$output") == \
        "$T/proj/.venv	PEP 832 .python-envs, .venv its implicit last line	null" ]]
    printf 'envs/a\n' >"$T/both/.python-envs"
    printf 'other\n' >"$T/both/.venv"
    cd "$T/both"
    run "$PYENVHOOK" status --json
    [[ $(jq -r .venv <<<"$output") == "$T/both/envs/a" ]]
}

@test ".python-envs has a setting that turns it off" {
    mkdir -p "$T/proj"
    make_untrusted_venv "$T/proj/envs/a"
    printf 'envs/a\n' >"$T/proj/.python-envs"
    mkdir -p "$XDG_CONFIG_HOME/pyenvhook"
    echo '{"conventions": {"python_envs": false}}' >"$XDG_CONFIG_HOME/pyenvhook/config.json"
    cd "$T/proj"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (no-project)" ]]
    echo '{"conventions": {"python_envs": true}}' >"$XDG_CONFIG_HOME/pyenvhook/config.json"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (untrusted)" ]]
}

hostile() {
    run_scenario "$1" 'cd $T/bad/subst' 'probe subst' 'cd $T/bad/esc' 'probe esc' \
        'cd $T/bad/utf8' 'probe utf8' 'cd $T/bad/long' 'probe long' 'cd $T/bad/dir' 'probe dir' \
        'cd $T/bad/missing' 'probe missing' 'cd $T/plain' 'probe plain'
    local u="VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
    expect_output "subst $u
esc $u
utf8 $u
long $u
dir $u
missing $u
plain $u" || return 1
    [[ ! -e $T/pwned ]] || { echo "a line ran" >&2; return 1; }
    local want
    for want in \
        "pyenvhook: $T/bad/subst/.python-envs:2: the default environment (the last line) is $T/bad/subst/\$(touch $T/pwned), which does not exist" \
        "pyenvhook: $T/bad/esc/.python-envs:1: holds a control character (0x1b at column 5)" \
        "pyenvhook: $T/bad/utf8/.python-envs:2: not UTF-8 (byte 0xff at column 3)" \
        "pyenvhook: $T/bad/long/.python-envs:1: 5000 bytes long" \
        "pyenvhook: $T/bad/dir/.python-envs: is a directory, not a file" \
        "pyenvhook: $T/bad/missing/.python-envs:1: the default environment (the last line) is $T/bad/missing/envs/gone, which does not exist"; do
        if [[ $(count_in_tty "$want") != 1 ]]; then
            echo "wanted once on the terminal: $want" >&2
            grep -a pyenvhook: "$PYH_TTY" >&2
            return 1
        fi
    done
}

@test "hostile .python-envs lines: one line naming file:line, nothing activated or run, the shell intact" {
    local d
    for d in subst esc utf8 long dir missing; do mkdir -p "$T/bad/$d"; done
    make_untrusted_venv "$T/bad/subst/ok"
    printf 'ok\n$(touch %s)\n' "$T/pwned" >"$T/bad/subst/.python-envs"
    printf 'envs\033[31m\n' >"$T/bad/esc/.python-envs"
    printf 'ok\nab\377\376\n' >"$T/bad/utf8/.python-envs"
    head -c 5000 /dev/zero | tr '\0' a >"$T/bad/long/.python-envs"
    mkdir "$T/bad/dir/.python-envs"
    printf 'envs/gone\n' >"$T/bad/missing/.python-envs"
    for d in subst esc utf8 long dir missing; do
        "$PYENVHOOK" -q allow "$T/bad/$d" >/dev/null 2>&1 || :
    done
    for_each_shell hostile
}

@test "a group-writable .python-envs, or a link to one a neighbour owns, is passed over with a line" {
    need_neighbour
    mkdir -p "$T/gw"
    make_untrusted_venv "$T/gw/env"
    printf 'env\n' >"$T/gw/.python-envs"
    chgrp pyh-shared "$T/gw/.python-envs"
    chmod g+w "$T/gw/.python-envs"
    cd "$T/gw"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (no-project)" ]]
    [[ $output == *"$T/gw/.python-envs: refusing a project file that group or others can write"* ]]
    S=$(mktemp -d /tmp/pyh-shared.XXXXXX)
    chmod 755 "$S"
    chown pyh-neighbour "$S"
    as_neighbour sh -c "printf 'env\n' >$S/list"
    mkdir -p "$T/ln"
    make_untrusted_venv "$T/ln/env"
    as_neighbour ln -s "$S/list" "$S/link"
    cp -P "$S/link" "$T/ln/.python-envs"
    cd "$T/ln"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (no-project)" ]]
    [[ $output == *"owned by uid $(id -u pyh-neighbour)"* ]]
}

@test "a group-writable .python-envs that is also broken is refused for its mode, never read" {
    # The mode is checked before a byte is read: a line that another account could have put
    # there must not even be parsed (and its error is not what the user needs to hear).
    need_neighbour
    mkdir -p "$T/gwb"
    printf 'ok\nab\377\n' >"$T/gwb/.python-envs"
    chgrp pyh-shared "$T/gwb/.python-envs"
    chmod g+w "$T/gwb/.python-envs"
    cd "$T/gwb"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (no-project)" ]]
    [[ $output == *"$T/gwb/.python-envs: refusing a project file that group or others can write"* ]]
    [[ $output != *"not UTF-8"* ]]
}

# --- uv's central environments (astral-sh/uv#18214) -----------------------------------------

uv_link() {
    run_scenario "$1" 'cd $T/proj' 'probe proj'
    expect_output "proj VIRTUAL_ENV=@/home/.cache/uv/environments-v2/proj-8c1d2e3f4a5b6c7d PROMPT=proj-8c1d2e3f4a5b6c7d PYTHONHOME=<unset> PATH=@/home/.cache/uv/environments-v2/proj-8c1d2e3f4a5b6c7d/bin:$BASE"
}

@test "uv: a .venv that is a link into uv's environments-v2 activates after allow" {
    mkdir -p "$T/proj"
    UVENV=$XDG_CACHE_HOME/uv/environments-v2/proj-8c1d2e3f4a5b6c7d
    make_untrusted_venv "$UVENV"
    ln -s "$UVENV" "$T/proj/.venv"
    export UVENV
    "$PYENVHOOK" -q allow "$T/proj" >/dev/null
    for_each_shell uv_link
}

# --- create and the list (src/pyenvs_write.c) ----------------------------------------------

# list_project: $T/p with a marker naming envs/b, the venv envs/a, and a .python-envs listing
# envs/b in two spellings among lines of every kind a user leaves (CRLF, blank, none at end).
list_project() {
    mkdir -p "$T/p"
    printf '{"venv": "envs/b"}\n' >"$T/p/.pyenvhook.json"
    make_untrusted_venv "$T/p/envs/a"
    printf 'envs/b\r\n  spaced name\r\n\n./envs/b\n%s/p/envs/../envs/b\nenvs/a' "$T" \
        >"$T/p/.python-envs"
}

@test "create lists its venv last in .python-envs, every other line kept byte for byte; ./x and x are one venv" {
    list_project
    run "$PYENVHOOK" create "$T/p" --without-pip
    [[ $status == 0 ]]
    [[ $output == *"listed $T/p/envs/b last in $T/p/.python-envs, as its default"* ]]
    [[ $(od -c "$T/p/.python-envs") == "$(printf '  spaced name\r\n\nenvs/a\nenvs/b\n' | od -c)" ]]
    # trusted as create leaves it, and that venv the one activated
    cd "$T/p"
    run "$PYENVHOOK" status --json
    [[ $(jq -r '[.state, .venv] | @tsv' <<<"$output") == "pending	$T/p/envs/b" ]]
    # already last: the file stays as it is, and nothing says it was listed
    cp "$T/p/.python-envs" "$T/before"
    run "$PYENVHOOK" create "$T/p" --without-pip --force
    [[ $status == 0 && $output != *listed* ]]
    cmp "$T/before" "$T/p/.python-envs"
}

@test "create lists a venv outside the project in .python-envs by its absolute path" {
    mkdir -p "$T/p"
    make_untrusted_venv "$T/p/envs/a"
    printf 'envs/a\n' >"$T/p/.python-envs"
    printf '{"venv": "%s/elsewhere/v"}' "$T" >"$T/p/.pyenvhook.json"
    run "$PYENVHOOK" create "$T/p" --without-pip
    [[ $status == 0 ]]
    [[ $(cat "$T/p/.python-envs") == "envs/a
$T/elsewhere/v" ]]
}

@test "create of ./.venv leaves .python-envs alone: PEP 832 counts a .venv beside it as its implicit last line" {
    mkdir -p "$T/p"
    make_untrusted_venv "$T/p/envs/a"
    printf 'envs/a\n.venv\n' >"$T/p/.python-envs"
    cp "$T/p/.python-envs" "$T/before"
    run "$PYENVHOOK" create "$T/p" --without-pip
    [[ $status == 0 && $output != *listed* ]]
    cmp "$T/before" "$T/p/.python-envs"
    [[ ! -e $T/p/.python-envs.lock ]]
    cd "$T/p"
    run "$PYENVHOOK" status --json
    [[ $(jq -r '[.state, .venv] | @tsv' <<<"$output") == "pending	$T/p/.venv" ]]
}

@test "create waits for another writer holding .python-envs.lock, says so once, and both lines land" {
    list_project
    printf 'envs/a\n' >"$T/p/.python-envs"
    # Another PEP 832 writer as virtualenv's pending support is one: under the lock it reads
    # the list, and writes it back with its line last. It reads first and writes only once
    # create has said it waits (or, when create does not wait, once create is done), so a
    # create that did not honour the lock would have its line overwritten.
    python3 - "$T/p" "$T/create.err" "$T/create.done" "$T/ready" <<'PY' &
import fcntl, os, sys, time
d, err, done, ready = sys.argv[1:]
fd = os.open(d + "/.python-envs.lock", os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
old = open(d + "/.python-envs").read()
open(ready, "w").close()
while not os.path.exists(done) and "waiting for" not in open(err).read():
    time.sleep(0.01)
with open(d + "/.python-envs.other", "w") as f:
    f.write(old + "other\n")
os.rename(d + "/.python-envs.other", d + "/.python-envs")
fcntl.flock(fd, fcntl.LOCK_UN)
PY
    local writer=$!
    : >"$T/create.err"
    until [[ -e $T/ready ]]; do sleep 0.01; done
    local rc=0
    "$PYENVHOOK" create "$T/p" --without-pip 2>"$T/create.err" || rc=$?
    touch "$T/create.done"
    wait "$writer"
    [[ $rc == 0 ]]
    [[ $(grep -c "pyenvhook: create: waiting for $T/p/.python-envs.lock" "$T/create.err") == 1 ]]
    [[ $(cat "$T/p/.python-envs") == "envs/a
other
envs/b" ]]
}

@test "create: a kill -9 at the rename of .python-envs leaves the old list whole; the next create removes the leftover" {
    list_project
    printf 'envs/a\n' >"$T/p/.python-envs"
    cp -a "$T/p" "$T/p.orig"
    # strace -P does not match a rename by its second path, so the kill is aimed by number:
    # a run like the killed one (caches warmed by the first) says which rename(2) is the
    # list's, and the log of the killed run shows that it was that one.
    "$PYENVHOOK" create "$T/p" --without-pip >/dev/null 2>&1
    rm -rf "$T/p" && cp -a "$T/p.orig" "$T/p"
    traced -f -o "$T/measure.log" -e trace=rename "$PYENVHOOK" create "$T/p" --without-pip \
        >/dev/null 2>&1
    local n
    n=$(grep 'rename(' "$T/measure.log" | grep -n "\"$T/p/.python-envs\")" | cut -d: -f1)
    [[ $n =~ ^[0-9]+$ ]]
    rm -rf "$T/p" && cp -a "$T/p.orig" "$T/p"
    local rc=0
    traced -f -o "$T/strace.log" -e trace=rename -e inject="rename:signal=KILL:when=$n" \
        "$PYENVHOOK" create "$T/p" --without-pip >/dev/null 2>&1 || rc=$?
    [[ $rc == 137 ]]
    [[ $(grep 'rename(' "$T/strace.log" | tail -1) == *"/p/.python-envs.tmp."*", \"$T/p/.python-envs\") = ?"* ]]
    [[ $(cat "$T/p/.python-envs") == "envs/a" ]]
    compgen -G "$T/p/.python-envs.tmp.*" >/dev/null
    run "$PYENVHOOK" create "$T/p" --without-pip --force
    [[ $status == 0 ]]
    [[ $output == *"removed 1 temporary file left by an interrupted create"* ]]
    [[ -z $(compgen -G "$T/p/.python-envs.tmp.*") ]]
    [[ $(cat "$T/p/.python-envs") == "envs/a
envs/b" ]]
}

@test "create: a .python-envs.lock that is a symbolic link, or another account's, is refused before anything is built" {
    list_project
    printf 'envs/a\n' >"$T/p/.python-envs"
    ln -s "$T/made-through-the-link" "$T/p/.python-envs.lock"
    run "$PYENVHOOK" create "$T/p" --without-pip
    [[ $status == 1 ]]
    [[ $output == *"pyenvhook: create: $T/p/.python-envs.lock: a symbolic link; refusing it as the lock of .python-envs"* ]]
    [[ ! -e $T/made-through-the-link && ! -e $T/p/envs/b ]]
    [[ $(cat "$T/p/.python-envs") == "envs/a" ]]
    need_neighbour
    rm "$T/p/.python-envs.lock"
    : >"$T/p/.python-envs.lock"
    chown pyh-neighbour "$T/p/.python-envs.lock"
    run "$PYENVHOOK" create "$T/p" --without-pip
    [[ $status == 1 ]]
    [[ $output == *".python-envs.lock: owned by uid $(id -u pyh-neighbour), not by you"* ]]
    [[ ! -e $T/p/envs/b ]]
}

@test "create: a .python-envs it cannot list the venv in stops it before anything is built" {
    list_project
    printf 'envs/a\n\033[31m\n' >"$T/p/.python-envs"
    run "$PYENVHOOK" create "$T/p" --without-pip
    [[ $status == 1 ]]
    [[ $output == *"pyenvhook: create: $T/p/.python-envs:2: holds a control character"* ]]
    [[ ! -e $T/p/envs/b ]]
}

# --- the idle prompt and an edited list ----------------------------------------------------

envs_edited() {
    # shellcheck disable=SC2016 # expanded by the shell under test
    run_scenario "$1" 'cd $T/proj/sub' 'probe_var VIRTUAL_ENV' \
        "printf 'envs/b\\nenvs/a\\n' >\$T/proj/.python-envs" 'probe_var VIRTUAL_ENV' \
        'pyenvhook -q allow $T/proj' 'probe_var VIRTUAL_ENV' \
        "printf 'envs/gone\\n' >\$T/proj/.python-envs" 'probe_var VIRTUAL_ENV' \
        "printf 'envs/b\\nenvs/a\\n' >\$T/proj/.python-envs.new" \
        'mv $T/proj/.python-envs.new $T/proj/.python-envs' 'probe_var VIRTUAL_ENV' \
        "printf 'envs/a\\nenvs/b\\n' >\$T/proj/.python-envs" 'pyenvhook -q allow $T/proj' \
        'probe_var VIRTUAL_ENV'
    # Another last line: untrusted, so nothing; allowed: that venv; a default that does not
    # exist: nothing; the allowed list put back by a rename (as git and editors write): its
    # venv again, with no cd in between; edited and allowed once more: the first default.
    expect_output "VIRTUAL_ENV=@/proj/envs/b
VIRTUAL_ENV=<unset>
VIRTUAL_ENV=@/proj/envs/a
VIRTUAL_ENV=<unset>
VIRTUAL_ENV=@/proj/envs/a
VIRTUAL_ENV=@/proj/envs/b"
}

@test "an edited .python-envs (another last line) is re-decided at the next prompt, in every shell" {
    mkdir -p "$T/proj/sub"
    make_untrusted_venv "$T/proj/envs/a" "$T/proj/envs/b"
    printf 'envs/a\nenvs/b\n' >"$T/proj/.python-envs"
    "$PYENVHOOK" -q allow "$T/proj" >/dev/null
    for_each_shell envs_edited
}

# --- uv's central environments and other accounts ------------------------------------------

uv_refused() {
    run_scenario "$1" 'cd $T/proj' 'probe proj' 'cd $T/plain' 'probe plain'
    expect_output "proj VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
plain VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE" || return 1
    if [[ $(count_in_tty "$UV_WANT") != 1 ]]; then
        echo "wanted once on the terminal: $UV_WANT" >&2
        grep -a pyenvhook: "$PYH_TTY" >&2
        return 1
    fi
}

# uv_central: $T/proj/.venv a link into uv's environments-v2, allowed while all is the user's.
uv_central() {
    mkdir -p "$T/proj"
    UVENV=$XDG_CACHE_HOME/uv/environments-v2/proj-8c1d2e3f4a5b6c7d
    make_untrusted_venv "$UVENV"
    ln -s "$UVENV" "$T/proj/.venv"
    "$PYENVHOOK" -q allow "$T/proj" >/dev/null
}

@test "uv: a .venv link into environments-v2 that another account owns is refused, after allow too, in every shell" {
    need_neighbour
    uv_central
    chown -h pyh-neighbour "$T/proj/.venv"
    export UV_WANT="pyenvhook: $T/proj/.venv: refusing a venv: the symlink $T/proj/.venv on the way to it is owned by uid $(id -u pyh-neighbour)"
    for_each_shell uv_refused
}

@test "uv: an environments-v2 venv that another account owns, or a directory above it, is refused, after allow too, in every shell" {
    need_neighbour
    uv_central
    chown -R pyh-neighbour "$UVENV"
    export UV_WANT="pyenvhook: $UVENV: refusing a venv owned by uid $(id -u pyh-neighbour)"
    for_each_shell uv_refused
    chown -R "$(id -u)" "$UVENV"
    chown pyh-neighbour "$XDG_CACHE_HOME/uv/environments-v2"
    export UV_WANT="pyenvhook: $T/proj/.venv: refusing a venv: $XDG_CACHE_HOME/uv/environments-v2 on the way to it is owned by uid $(id -u pyh-neighbour)"
    for_each_shell uv_refused
}

@test "uv: a .venv file naming an environments-v2 venv that another account owns is refused, after allow too" {
    need_neighbour
    mkdir -p "$T/proj"
    UVENV=$XDG_CACHE_HOME/uv/environments-v2/proj-8c1d2e3f4a5b6c7d
    make_untrusted_venv "$UVENV"
    printf '%s' "$UVENV" >"$T/proj/.venv"
    "$PYENVHOOK" -q allow "$T/proj" >/dev/null
    cd "$T/proj"
    run "$PYENVHOOK" status --json
    [[ $(jq -r '[.state, .venv] | @tsv' <<<"$output") == "pending	$UVENV" ]]
    chown -R pyh-neighbour "$UVENV"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (broken)" ]]
    [[ $output == *"$UVENV: refusing a venv owned by uid $(id -u pyh-neighbour)"* ]]
}

# --- uv's UV_PROJECT_ENVIRONMENT (src/conv_uv.c) --------------------------------------------

uv_env_relative() {
    run_scenario "$1" 'cd $T/ws/member/src' 'probe member' 'probe_python' 'cd $T/plain' 'probe plain'
    expect_output "member VIRTUAL_ENV=@/ws/.venv-uv PROMPT=.venv-uv PYTHONHOME=<unset> PATH=@/ws/.venv-uv/bin:$BASE
python @/ws/.venv-uv
plain VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE"
}

# uv_workspace: $T/ws, a uv workspace root (pyproject.toml, uv.lock) with a member, the venv
# .venv-uv, and a .venv beside it that uv would not use while the variable is set.
uv_workspace() {
    mkdir -p "$T/ws/member/src"
    printf '[tool.uv.workspace]\nmembers = ["member"]\n' >"$T/ws/pyproject.toml"
    printf 'version = 1\n' >"$T/ws/uv.lock"
    printf '[project]\nname = "member"\n' >"$T/ws/member/pyproject.toml"
    make_untrusted_venv "$T/ws/.venv-uv" "$T/ws/.venv"
}

@test "UV_PROJECT_ENVIRONMENT relative: the venv at the workspace root's path, not its .venv, from a member, in every shell" {
    uv_workspace
    export UV_PROJECT_ENVIRONMENT=.venv-uv
    cd "$T/ws/member"
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (untrusted)" ]]
    [[ $output == *"$T/ws/.venv-uv would be activated (chosen by uv's UV_PROJECT_ENVIRONMENT)"* ]]
    "$PYENVHOOK" -q allow "$T/ws" >/dev/null
    cd "$T"
    for_each_shell uv_env_relative
    # unset, or empty (uv ignores an empty one): the .venv, as uv would use
    local v
    for v in unset ''; do
        if [[ $v == unset ]]; then unset UV_PROJECT_ENVIRONMENT; else export UV_PROJECT_ENVIRONMENT=; fi
        cd "$T/ws/member"
        run "$PYENVHOOK" status --json
        [[ $(jq -r .venv <<<"$output") == "$T/ws/.venv" ]]
    done
}

@test "UV_PROJECT_ENVIRONMENT absolute: taken as it is; another value needs allow again; a setting turns it off" {
    uv_workspace
    make_untrusted_venv "$T/envs/x" "$T/envs/y"
    export UV_PROJECT_ENVIRONMENT=$T/envs/x
    "$PYENVHOOK" -q allow "$T/ws" >/dev/null
    cd "$T/ws"
    run "$PYENVHOOK" status --json
    [[ $(jq -r '[.state, .venv, .convention, (.convention_file // "null")] | @tsv' <<<"$output") == \
        "pending	$T/envs/x	uv's UV_PROJECT_ENVIRONMENT	null" ]]
    export UV_PROJECT_ENVIRONMENT=$T/envs/y
    run "$PYENVHOOK" status
    [[ ${lines[0]} == "inactive (untrusted)" ]]
    [[ $output == *"$T/envs/y would be activated"* ]]
    # only a uv project: no uv.lock beside the pyproject.toml, no venv from the variable
    rm "$T/ws/uv.lock"
    run "$PYENVHOOK" status --json
    [[ $(jq -r .venv <<<"$output") == "$T/ws/.venv" ]]
    printf 'version = 1\n' >"$T/ws/uv.lock"
    mkdir -p "$XDG_CONFIG_HOME/pyenvhook"
    echo '{"conventions": {"uv": false}}' >"$XDG_CONFIG_HOME/pyenvhook/config.json"
    run "$PYENVHOOK" status --json
    [[ $(jq -r .venv <<<"$output") == "$T/ws/.venv" ]]
}

@test "create: a .python-envs that is a symbolic link is left as it is, with a line saying to add the venv by hand" {
    list_project
    printf 'envs/a\n' >"$T/list"
    ln -sf "$T/list" "$T/p/.python-envs"
    run "$PYENVHOOK" create "$T/p" --without-pip
    [[ $status == 0 ]]
    [[ $output == *"pyenvhook: create: not listing $T/p/envs/b in $T/p/.python-envs, a symbolic link; add its line by hand where the link leads"* ]]
    [[ -L $T/p/.python-envs && $(cat "$T/list") == "envs/a" ]]
    [[ -d $T/p/envs/b ]]
}
