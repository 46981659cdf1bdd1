#!/usr/bin/env bats
# allow, deny, list and prune, and the store behind them.

load test_helper

STORE_DIR() { echo "$XDG_DATA_HOME/pyenvhook"; }

setup() {
    common_setup
    mkdir -p "$T/proj/sub"
    printf '{}' >"$T/proj/.pyenvhook.json"
    make_untrusted_venv "$T/proj/.venv"
}

@test "allow trusts the project at or above DIR; list shows it; deny revokes it" {
    run "$PYENVHOOK" list
    [[ $status == 0 && $output == "pyenvhook: no project is allowed" ]]
    cd "$T/proj/sub"
    run "$PYENVHOOK" allow
    [[ $status == 0 ]]
    [[ $output == "pyenvhook: allowed $T/proj: $T/proj/.venv will be activated there" ]]
    run "$PYENVHOOK" list
    [[ $output == "$T/proj: $T/proj/.venv (allowed "*")" ]]
    run "$PYENVHOOK" list --json
    python3 - "$output" "$T" <<'PY'
import json, sys
doc, t = json.loads(sys.argv[1]), sys.argv[2]
(e,) = doc["projects"]
assert e["root"] == t + "/proj" and e["venv"] == t + "/proj/.venv", e
assert e["marker"] == t + "/proj/.pyenvhook.json" and len(e["sha256"]) == 64, e
assert e["state"] == "allowed", e
PY
    cd "$T"
    run "$PYENVHOOK" deny proj/sub
    [[ $status == 0 && $output == "pyenvhook: denied $T/proj: its venv is no longer activated" ]]
    run "$PYENVHOOK" list --json
    [[ $output == '{"projects":[]}' ]]
    run "$PYENVHOOK" deny proj
    [[ $status == 0 && $output == "pyenvhook: deny: $T/proj was not allowed" ]]
}

@test "list says when a marker changed since it was allowed" {
    "$PYENVHOOK" allow "$T/proj"
    printf '{"venv": ".venv"}' >"$T/proj/.pyenvhook.json"
    run "$PYENVHOOK" list
    [[ $output == *"changed since, so not activated until allowed again)" ]]
    run "$PYENVHOOK" list --json
    [[ $output == *'"state":"changed"'* ]]
}

@test "allow refuses where there is no project, or a broken marker, with a clear line" {
    mkdir "$T/empty"
    run "$PYENVHOOK" allow "$T/empty"
    [[ $status == 1 && $output == "pyenvhook: allow: no project at or above $T/empty (no .pyenvhook.json, .venv, or Poetry, Pipenv, PDM or pyenv-virtualenv project)" ]]
    printf '{"venv": 3}' >"$T/proj/.pyenvhook.json"
    run "$PYENVHOOK" allow "$T/proj"
    [[ $status == 1 && $output == "pyenvhook: allow: $T/proj/.pyenvhook.json: \"venv\" must be a string" ]]
    run "$PYENVHOOK" allow a b
    [[ $status == 2 ]]
}

@test "prune drops the entries whose projects are gone and keeps the rest" {
    mkdir -p "$T/gone" "$T/uv"
    printf '{}' >"$T/gone/.pyenvhook.json"
    make_untrusted_venv "$T/uv/.venv"
    "$PYENVHOOK" allow "$T/proj"
    "$PYENVHOOK" allow "$T/gone"
    "$PYENVHOOK" allow "$T/uv"
    rm -rf "$T/gone" "$T/uv/.venv"
    run "$PYENVHOOK" list
    [[ $output == *"$T/gone"*"the project is gone"* ]]
    run "$PYENVHOOK" prune
    [[ $status == 0 ]]
    [[ $output == "pyenvhook: dropped $T/gone (gone)
pyenvhook: dropped $T/uv (gone)
pyenvhook: 2 entries dropped" ]]
    run "$PYENVHOOK" list
    [[ $output == "$T/proj: "* && ${#lines[@]} == 1 ]]
    run "$PYENVHOOK" prune
    [[ $output == "pyenvhook: 0 entries dropped" ]]
}

@test "list and prune of gone projects read the entries, not the gone projects' parents" {
    # Forty projects allowed deep down, then removed: each is gone in one look.
    local i deep="$T/a/b/c/d/e/f/g/h"
    for ((i = 0; i < 40; i++)); do
        mkdir -p "$deep/p$i"
        printf '{}' >"$deep/p$i/.pyenvhook.json"
        "$PYENVHOOK" -q allow "$deep/p$i" >/dev/null
    done
    calls() {
        traced -f -qq -o "$T/strace" "$PYENVHOOK" "$@" >/dev/null 2>&1
        wc -l <"$T/strace"
    }
    local none all
    rm -rf "$T/a"
    all=$(calls list)
    # The same store with no entry, for what a run costs without them.
    mv "$(STORE_DIR)/trust" "$T/kept" && mkdir -m 700 "$(STORE_DIR)/trust"
    none=$(calls list)
    rm -rf "$(STORE_DIR)/trust" && mv "$T/kept" "$(STORE_DIR)/trust"
    # An entry costs its read (open, fstat, read, close...) and one lstat of the root; the walk
    # up through the ten gone levels cost it more than eighty calls.
    echo "# list: $(((all - none) / 40)) system calls an entry" >&3
    (((all - none) / 40 <= 12)) || { echo "list: $(((all - none) / 40)) calls an entry" >&2; false; }
    run "$PYENVHOOK" prune
    [[ $output == *"40 entries dropped" ]]
}

# entry_of ROOT: the store's file for an allowed project root.
entry_of() {
    echo "$(STORE_DIR)/trust/$(printf '%s' "$1" | sha256sum | cut -d' ' -f1).json"
}

@test "a damaged entry costs its own project its trust, is said, kept, and lists as damaged" {
    mkdir -p "$T/other"
    make_untrusted_venv "$T/other/.venv"
    "$PYENVHOOK" allow "$T/proj"
    "$PYENVHOOK" allow "$T/other"
    printf '{"version": 2, "root": ' >"$(entry_of "$T/proj")"
    cd "$T/proj"
    run "$PYENVHOOK" export bash
    [[ $status == 0 ]]
    [[ ${lines[0]} == "pyenvhook: not activating $T/proj/.venv (named by $T/proj/.pyenvhook.json): it is not allowed yet; run 'pyenvhook allow' to trust it" ]]
    [[ ${lines[1]} == "pyenvhook: $(entry_of "$T/proj"): invalid JSON near line 1; not trusting $T/proj until it is allowed again" ]]
    cd "$T/other"
    run "$PYENVHOOK" export bash
    [[ $status == 0 && ${lines[0]} == "_pyenvhook_enter '$T/other/.venv' 'other'" ]]
    run "$PYENVHOOK" list
    [[ ${lines[0]} == "$(entry_of "$T/proj"): invalid JSON near line 1 (its project is not trusted until allowed again)" ]]
    [[ ${lines[1]} == "$T/other: $T/other/.venv (allowed "* ]]
    # nothing was moved or dropped: the file is as it was, and prune keeps it
    run "$PYENVHOOK" prune
    [[ $output == "pyenvhook: 0 entries dropped" ]]
    [[ $(cat "$(entry_of "$T/proj")") == '{"version": 2, "root": ' ]]
    "$PYENVHOOK" allow "$T/proj"
    cd "$T/proj"
    run "$PYENVHOOK" export bash
    [[ $status == 0 && ${lines[0]} == "_pyenvhook_enter '$T/proj/.venv' 'proj'" ]]
}

@test "a store of the first version is carried over once and kept as trust.json.old" {
    mkdir -p "$(STORE_DIR)"
    printf '{"version": 1, "projects": [{"root": "%s", "marker": null, "sha256": null, "venv": "%s", "allowed": "2026-01-02T03:04:05Z"}]}\n' \
        "$T/uv" "$T/uv/.venv" >"$(STORE_DIR)/trust.json"
    mkdir -p "$T/uv"
    make_untrusted_venv "$T/uv/.venv"
    cd "$T/uv"
    run "$PYENVHOOK" export bash
    [[ $status == 0 ]]
    [[ $output == *"_pyenvhook_enter '$T/uv/.venv' 'uv'"* ]]
    [[ $output == *"pyenvhook: $(STORE_DIR)/trust.json: carried 1 allowed projects over to $(STORE_DIR)/trust; the old file is $(STORE_DIR)/trust.json.old"* ]]
    [[ -f $(STORE_DIR)/trust.json.old && ! -e $(STORE_DIR)/trust.json ]]
    run "$PYENVHOOK" list
    [[ $output == "$T/uv: $T/uv/.venv (allowed 2026-01-02T03:04:05Z)" ]]
}

@test "the store is private to the user and holds no temporary files after a write" {
    "$PYENVHOOK" allow "$T/proj"
    [[ $(stat -c %a "$(STORE_DIR)") == 700 && $(stat -c %a "$(STORE_DIR)/trust") == 700 ]]
    run ls -A "$(STORE_DIR)"
    [[ $output == "trust" ]]
    run ls -A "$(STORE_DIR)/trust"
    [[ $output == "$(basename "$(entry_of "$T/proj")")" ]]
}

# In the shells: what is not allowed is not activated, said once, and allow takes effect at once.
BASE="/usr/local/bin:/usr/bin:/bin"

untrusted_not_activated() {
    run_scenario "$1" 'cd $T/proj' 'probe in' 'false' 'probe_status' 'cd sub' 'probe sub' \
        'cd $T/proj' 'true' 'probe again' \
        'pyenvhook allow' 'probe allowed' \
        'pyenvhook deny' 'probe denied' 'cd $T' 'probe out'
    expect_output "in VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
status 1
sub VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
again VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
allowed VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE
denied VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
out VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE" || return 1
    # once on entering, and not after deny, which the user just typed: the hook asks only
    # when the project changes
    local msg="pyenvhook: not activating $T/proj/.venv (named by $T/proj/.pyenvhook.json): it is not allowed yet; run 'pyenvhook allow' to trust it"
    [[ $(count_in_tty "$msg") == 1 ]] || { echo "message count $(count_in_tty "$msg")"; cat "$PYH_TTY"; return 1; }
}

@test "a project nobody allowed is not activated: one line on entering, then quiet" {
    for_each_shell untrusted_not_activated
}

uv_untrusted() {
    run_scenario "$1" 'cd $T/uv' 'probe in'
    expect_output "in VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE" || return 1
    [[ $(count_in_tty "pyenvhook: not activating $T/uv/.venv: it is not allowed yet; run 'pyenvhook allow' to trust it") == 1 ]]
}

@test "a .venv that another tool made is not activated until allowed" {
    mkdir "$T/uv"
    make_untrusted_venv "$T/uv/.venv"
    for_each_shell uv_untrusted
}

changed_marker() {
    run_scenario "$1" 'cd $T/proj' 'probe in'
    expect_output "in VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE" || return 1
    [[ $(count_in_tty "pyenvhook: not activating $T/elsewhere (named by $T/proj/.pyenvhook.json): it changed since it was allowed; run 'pyenvhook allow' to trust it as it is now") == 1 ]]
}

@test "a marker that changes after allow (a git pull) is not trusted any more" {
    "$PYENVHOOK" allow "$T/proj"
    make_untrusted_venv "$T/elsewhere"
    printf '{"venv": "../elsewhere"}' >"$T/proj/.pyenvhook.json"
    for_each_shell changed_marker
}

changed_bytes() {
    run_scenario "$1" 'cd $T/proj' 'probe in' 'cd $T' 'pyenvhook allow $T/proj' 'cd $T/proj' \
        'probe allowed'
    expect_output "in VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
allowed VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:$BASE" || return 1
    [[ $(count_in_tty "pyenvhook: not activating $T/proj/.venv (named by $T/proj/.pyenvhook.json): it changed since it was allowed; run 'pyenvhook allow' to trust it as it is now") == 1 ]]
}

@test "a marker whose bytes change after allow, naming the same venv, is not trusted any more" {
    # Only the marker's content differs from what was allowed: the same marker, the same
    # venv path, so only its hash tells the two apart.
    "$PYENVHOOK" allow "$T/proj"
    local sh
    for sh in $PYH_SHELLS; do
        printf '{"venv": ".venv", "python": "/usr/bin/python3"}' >"$T/proj/.pyenvhook.json"
        changed_bytes "$sh" || { echo "in $sh" >&2; return 1; }
        # back to what was first allowed, for the next shell
        printf '{}' >"$T/proj/.pyenvhook.json"
        "$PYENVHOOK" allow "$T/proj" >/dev/null
    done
}

@test "status explains an untrusted project, in words and in --json" {
    cd "$T/proj/sub"
    run "$PYENVHOOK" status
    [[ $status == 0 ]]
    [[ ${lines[0]} == "inactive (untrusted)" ]]
    [[ ${lines[1]} == "  $T/proj/.venv would be activated (chosen by $T/proj/.pyenvhook.json), but it is not allowed; run: pyenvhook allow $T/proj" ]]
    run "$PYENVHOOK" status --json
    [[ $output == '{"state":"untrusted",'* ]]
    "$PYENVHOOK" allow
    run "$PYENVHOOK" status --json
    [[ $output == '{"state":"pending",'* ]]
}

# StrictModes: what another user could change is refused, allowed or not.
strict_refused() {
    run_scenario "$1" 'cd $T/proj' 'probe in' 'probe_status'
    expect_output "in VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
status 0" || return 1
    [[ $(count_in_tty "$WANT") == 1 ]] || { cat "$PYH_TTY"; return 1; }
}

@test "a marker that a shared group or others can write is refused, with the fix" {
    need_neighbour
    "$PYENVHOOK" allow "$T/proj"
    chgrp pyh-shared "$T/proj/.pyenvhook.json"
    chmod g+w "$T/proj/.pyenvhook.json"
    WANT="pyenvhook: $T/proj/.pyenvhook.json: refusing a marker that group or others can write ('chmod go-w' on it fixes that; on a file system that cannot show owners, list the directory in \"safe_directories\" in pyenvhook's settings)"
    for_each_shell strict_refused
    run "$PYENVHOOK" allow "$T/proj"
    [[ $status == 1 && $output == "pyenvhook: allow: ${WANT#pyenvhook: }" ]]
    # others alone, with the owner's private group
    chgrp root "$T/proj/.pyenvhook.json"
    chmod g-w,o+w "$T/proj/.pyenvhook.json"
    run "$PYENVHOOK" allow "$T/proj"
    [[ $status == 1 && $output == "pyenvhook: allow: ${WANT#pyenvhook: }" ]]
}

@test "group write is accepted when the group is the owner's private group (umask 002)" {
    # root's group is root, named after it and with no other member
    chmod g+w "$T/proj/.pyenvhook.json" "$T/proj/.venv" "$T/proj/.venv/bin"
    "$PYENVHOOK" allow "$T/proj"
    cd "$T/proj"
    run "$PYENVHOOK" export bash
    [[ $status == 0 && ${lines[0]} == "_pyenvhook_enter '$T/proj/.venv' 'proj'" ]]
    [[ ${lines[1]} == "_pyenvhook_watch '$T/proj/.pyenvhook.json' "* && ${#lines[@]} == 2 ]]
}

@test "a venv whose bin/ others can write is refused" {
    "$PYENVHOOK" allow "$T/proj"
    chmod o+w "$T/proj/.venv/bin"
    WANT="pyenvhook: $T/proj/.venv/bin: refusing a venv's bin/ that group or others can write ('chmod go-w' on it fixes that; on a file system that cannot show owners, list the directory in \"safe_directories\" in pyenvhook's settings)"
    for_each_shell strict_refused
}

@test "a marker or venv owned by another user is refused" {
    "$PYENVHOOK" allow "$T/proj"
    chown 4242 "$T/proj/.pyenvhook.json"
    WANT="pyenvhook: $T/proj/.pyenvhook.json: refusing a marker owned by uid 4242 (not you, uid $(id -u), nor root): another user could change what runs in your shell"
    for_each_shell strict_refused
    chown 0 "$T/proj/.pyenvhook.json"
    chown 4242 "$T/proj/.venv"
    WANT="pyenvhook: $T/proj/.venv: refusing a venv owned by uid 4242"
    for_each_shell strict_refused
}

# writer I: allows its 50 projects, then denies the odd ones, one process per command.
concurrent_writer() {
    local i=$1 j
    for ((j = 0; j < 50; j++)); do "$PYENVHOOK" allow "$T/c/$i-$j" >/dev/null || return 1; done
    for ((j = 1; j < 50; j += 2)); do "$PYENVHOOK" deny "$T/c/$i-$j" >/dev/null || return 1; done
}

# reader: lists the store until the writers are done; any complaint is a failure.
concurrent_reader() {
    while [[ ! -e $T/c/done ]]; do
        "$PYENVHOOK" list --json >/dev/null 2>>"$T/c/reader.err" || echo "list failed" >>"$T/c/reader.err"
        sleep 0.1
    done
}

@test "8 shells allowing and denying at once lose no entry and never corrupt the store" {
    local i j pids=()
    mkdir "$T/c"
    for ((i = 0; i < 8; i++)); do
        for ((j = 0; j < 50; j++)); do
            mkdir "$T/c/$i-$j"
            printf '{}' >"$T/c/$i-$j/.pyenvhook.json"
        done
    done
    : >"$T/c/reader.err"
    concurrent_reader &
    local reader=$!
    for ((i = 0; i < 8; i++)); do
        concurrent_writer "$i" &
        pids+=($!)
    done
    local failed=0
    for i in "${pids[@]}"; do wait "$i" || failed=1; done
    touch "$T/c/done"
    wait "$reader"
    ((failed == 0))
    [[ ! -s $T/c/reader.err ]] || { cat "$T/c/reader.err"; return 1; }
    # exactly the even projects of every writer, each a valid entry, nothing left over
    python3 - "$XDG_DATA_HOME/pyenvhook/trust" "$T/c" <<'PY'
import json, os, sys
names = os.listdir(sys.argv[1])
assert all(n.endswith(".json") and len(n) == 69 for n in names), names
roots = sorted(json.load(open(os.path.join(sys.argv[1], n)))["root"] for n in names)
want = sorted(f"{sys.argv[2]}/{i}-{j}" for i in range(8) for j in range(0, 50, 2))
assert roots == want, (len(roots), len(want), set(roots) ^ set(want))
PY
    run ls -A "$XDG_DATA_HOME/pyenvhook"
    [[ $output == "trust" ]]
    echo "# 8 writers x 75 allow/deny, 1 reader: 200 entries as expected" >&3
}

@test "a trust store that others could write trusts nothing, and says so" {
    "$PYENVHOOK" allow "$T/proj" >/dev/null
    cd "$T/proj"
    run "$PYENVHOOK" export bash
    [[ $status == 0 && ${lines[0]} == "_pyenvhook_enter '$T/proj/.venv' 'proj'" ]]
    chmod o+w "$(STORE_DIR)/trust"
    run "$PYENVHOOK" export bash
    [[ $status == 1 ]]
    [[ ${lines[0]} == "pyenvhook: $(STORE_DIR)/trust: refusing a trust store that group or others can write ('chmod go-w' on it fixes that; on a file system that cannot show owners, list the directory in \"safe_directories\" in pyenvhook's settings); trusting no project" ]]
    run "$PYENVHOOK" allow
    [[ $status == 1 ]]
    chmod o-w "$(STORE_DIR)/trust"
    chmod g+w "$(STORE_DIR)"
    need_neighbour
    chgrp pyh-shared "$(STORE_DIR)"
    run "$PYENVHOOK" status --json
    [[ $status == 1 && $output == '{"state":"broken",'* ]]
    chmod g-w "$(STORE_DIR)"
    chown 4242 "$(STORE_DIR)/trust"
    run "$PYENVHOOK" export bash
    [[ $status == 1 && $output == *"refusing a trust store owned by uid 4242"* ]]
    # one entry of someone else's, in a store of ours, trusts nothing either
    chown 0 "$(STORE_DIR)/trust"
    chown 4242 "$(entry_of "$T/proj")"
    run "$PYENVHOOK" export bash
    [[ $status == 0 && $output == *"a trust entry must be a regular file of yours that only you can write; not trusting $T/proj"* ]]
}
