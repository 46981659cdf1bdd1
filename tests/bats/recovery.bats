#!/usr/bin/env bats
# What the next create does with what a killed one left (journal.h, replace.h): a marker the
# user or git edited since is left as it is and not trusted; a record in a directory others
# may write is not acted on; the old venv that the two-rename swap had put aside comes back.
# And a marker edited while a create runs makes that create fail with everything put back.
# Kills are real SIGKILLs sent by strace as the chosen rename returns; the pause is a real
# SIGSTOP sent the same way, ended by SIGCONT once strace has seen the process stop.

load test_helper

setup() {
    common_setup
    command -v strace >/dev/null || skip "needs strace"
    # Interpreter probes cached once, so the runs below are the create itself.
    "$PYENVHOOK" python list >/dev/null
}

# portable: the binary under test is the portable build, whose swap is always two renames.
portable() {
    [[ $("$PYENVHOOK" --version) == *"(portable)" ]]
}

prompt_of() { sed -n "s/^prompt = '\(.*\)'$/\1/p" p/.venv/pyvenv.cfg; }

marker_prompt() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["prompt"])' p/.pyenvhook.json
}

pending() { compgen -G "$XDG_DATA_HOME/pyenvhook/pending/*"; }

# fresh: p as it was before any --force run: an allowed project whose venv's prompt is old.
fresh() {
    rm -rf p && cp -a "$T/p.old" p && "$PYENVHOOK" -q allow p >/dev/null
}

# kill_at WHICH [STRACE-ARGS...]: create p --force --without-pip --prompt new, killed with
# SIGKILL as it enters (and before the kernel makes) the rename WHICH: "marker" (the new
# marker into place: the swap is done, by renameat2's exchange or the fallback's two renames)
# or "swap" (the fallback's second rename: the old venv is aside, the new not yet in). Which
# rename that is, is read from a traced run of the same create first.
kill_at() {
    local which=$1 q="${T//./\\.}/p" re n
    shift
    fresh
    traced -o "$T/calls" -e trace=rename,renameat2 "$@" \
        "$PYENVHOOK" create p --force --without-pip --prompt new >/dev/null 2>&1
    case $which in
    marker) re="^rename\(\"$q/\.pyenvhook\.json\.tmp\.[^\"]*\", \"$q/\.pyenvhook\.json\"\)" ;;
    swap) re="^rename\(\"$q/\.\.venv\.pyenvhook-new-[^\"]*\", \"$q/\.venv\"\)" ;;
    esac
    n=$(grep '^rename(' "$T/calls" | grep -nE "$re" | head -1 | cut -d: -f1)
    [[ -n $n ]] || { echo "no $which rename in:" && cat "$T/calls"; } >&2 || return 1
    fresh
    local rc=0
    traced -o /dev/null -e trace=rename,renameat2 "$@" -e inject="rename:signal=SIGKILL:when=$n" \
        "$PYENVHOOK" create p --force --without-pip --prompt new >/dev/null 2>&1 || rc=$?
    [[ $rc == 137 ]] || { echo "not killed (exit $rc)" >&2 && return 1; }
}

# The fallback's way in a Linux build: renameat2 fails as on a file system without exchange.
NO_EXCHANGE=(-e inject=renameat2:error=EINVAL)

make_old() {
    "$PYENVHOOK" create p --without-pip --prompt old >/dev/null
    touch "$(echo p/.venv/lib/python3*/site-packages)/old.py"
    cp -a p "$T/p.old"
}

# edited_after_kill [STRACE-ARGS...]: the marker edited after a create was killed just after
# its swap (before its marker followed) is left as it is, the record goes, and the edited project is not trusted.
edited_after_kill() {
    kill_at marker "$@"
    [[ $(prompt_of) == new && $(marker_prompt) == old && -n $(pending) ]]
    # The user (or a git pull) changes the marker before the next create.
    printf '{\n  "venv": ".venv",\n  "prompt": "mine"\n}\n' >p/.pyenvhook.json
    cp p/.pyenvhook.json "$T/edited"
    run "$PYENVHOOK" create p --without-pip
    [[ $status == 1 && $output == *"pyenvhook: create: $T/p/.pyenvhook.json changed after a create was interrupted; it was left as it is"* ]]
    [[ $output == *"$T/p/.venv already exists"* && $output != *"finished the create"* ]]
    cmp "$T/edited" p/.pyenvhook.json
    [[ -z $(pending) ]]
    [[ -z $(find p -maxdepth 1 -name '*.pyenvhook-*') ]]
    # Not trusted as it is now: the user did not allow the edit.
    cd p || return 1
    run "$PYENVHOOK" export bash
    [[ $output == *"pyenvhook: not activating $T/p/.venv (named by $T/p/.pyenvhook.json): it changed since it was allowed"* ]]
    [[ $output != *_pyenvhook_enter* ]]
}

@test "a marker edited after a create was killed just after its swap is left as it is, and not trusted" {
    make_old
    edited_after_kill
}

@test "the same with the fallback's two renames (no exchange): the edit stands, nothing trusted" {
    local args=()
    portable || args=("${NO_EXCHANGE[@]}")
    make_old
    edited_after_kill "${args[@]}"
    # The run killed was one that swapped by two renames: the old venv went aside first.
    grep -q "^rename(\"$T/p/.venv\", \"$T/p/..venv.pyenvhook-old-" "$T/calls"
}

@test "killed after the swap with the marker untouched: the next create finishes it and trusts it" {
    make_old
    kill_at marker
    [[ $(prompt_of) == new && $(marker_prompt) == old && -n $(pending) ]]
    run "$PYENVHOOK" create p --without-pip
    [[ $output == *"finished the create of $T/p/.venv that was interrupted"* ]]
    [[ $(marker_prompt) == new && -z $(pending) ]]
    cd p || return 1
    run "$PYENVHOOK" export bash
    [[ ${lines[0]} == "_pyenvhook_enter '$T/p/.venv' 'new'" ]]
}

@test "a record in a pending directory others may write is not acted on, as a record of theirs is not" {
    make_old
    local mode
    for mode in 0720 0702 0777; do
        kill_at marker
        [[ -n $(pending) ]]
        cp p/.pyenvhook.json "$T/marker.before"
        # The record itself as create wrote it, writable by nobody else; only its directory's
        # mode is wrong.
        [[ -z $(find "$(pending)" -perm /022) ]]
        chmod "$mode" "$XDG_DATA_HOME/pyenvhook/pending"
        run "$PYENVHOOK" create p --without-pip
        [[ $status == 1 && $output != *"finished the create"* ]] || { echo "$mode: $output" >&2 && return 1; }
        cmp "$T/marker.before" p/.pyenvhook.json
        [[ $(marker_prompt) == old && -z $(pending) ]]
        chmod 0700 "$XDG_DATA_HOME/pyenvhook/pending"
    done
    # With the directory private again, the same kill is finished.
    kill_at marker
    run "$PYENVHOOK" create p --without-pip
    [[ $output == *"finished the create"* && $(marker_prompt) == new ]]
}

@test "killed between the fallback's two renames: the next create puts the old venv back, whole" {
    local args=()
    portable || args=("${NO_EXCHANGE[@]}")
    make_old
    (cd p/.venv && find . | LC_ALL=C sort) >"$T/old.list"
    kill_at swap "${args[@]}"
    grep -q "^rename(\"$T/p/.venv\", \"$T/p/..venv.pyenvhook-old-" "$T/calls"
    # No venv at its name: the old one is aside, whole, under the fallback's name for it.
    [[ ! -e p/.venv ]]
    local aside
    aside=$(compgen -G "p/..venv.pyenvhook-old-*")
    [[ -n $aside ]]
    diff "$T/old.list" <(cd "$aside" && find . | LC_ALL=C sort)
    # The next create (no --force) finds it back in place, and says the venv exists.
    run "$PYENVHOOK" create p --without-pip
    [[ $status == 1 && $output == *"removed 1 temporary file left by an interrupted create"* ]]
    [[ $output == *"$T/p/.venv already exists"* && $output != *"finished the create"* ]]
    diff "$T/old.list" <(cd p/.venv && find . | LC_ALL=C sort)
    [[ $(prompt_of) == old && $(marker_prompt) == old && -z $(pending) ]]
    [[ -z $(find p -maxdepth 1 -name '*.pyenvhook-*') ]]
    cd p || return 1
    run "$PYENVHOOK" export bash
    [[ ${lines[0]} == "_pyenvhook_enter '$T/p/.venv' 'old'" ]]
}

# pause_at_record ACTION CREATE-ARGS...: pyenvhook create CREATE-ARGS..., stopped by SIGSTOP
# as the rename of its record returns (the venv is built, the swap comes next), ACTION (a
# command) run meanwhile, then let go; its output in $T/out, its status in $T/rc.
pause_at_record() {
    local action=$1
    shift
    rm -f "$T/pid" "$T/st"
    # shellcheck disable=SC2016 # expanded by the sh that strace starts
    traced -o "$T/st" -e trace=rename -e inject=rename:signal=SIGSTOP:when=1 \
        sh -c 'echo $$ >"$1"; shift; exec "$@"' _ \
        "$T/pid" "$PYENVHOOK" create "$@" >"$T/out" 2>&1 &
    local tracer=$! i
    # strace says so once the process is in its stop: no clock decides when the edit lands.
    for ((i = 0; i < 600; i++)); do
        grep -q '^--- stopped by SIGSTOP ---' "$T/st" 2>/dev/null && break
        sleep 0.05
    done
    grep -q '^--- stopped by SIGSTOP ---' "$T/st" || { kill -9 "$(cat "$T/pid")"; return 1; }
    grep -q '/pyenvhook/pending/' "$T/st"
    $action
    kill -CONT "$(cat "$T/pid")"
    local rc=0
    wait "$tracer" || rc=$?
    echo "$rc" >"$T/rc"
}

edit_marker() { printf '%s' "$edited" >p/.pyenvhook.json; }

@test "a marker edited while the venv is being made: create fails, the old venv and the edit stand" {
    make_old
    fresh
    edited=$'{\n  "venv": ".venv",\n  "prompt": "mine"\n}\n'
    pause_at_record edit_marker p --force --without-pip --prompt new
    cat "$T/out"
    [[ $(cat "$T/rc") == 1 ]]
    [[ $(cat "$T/out") == "pyenvhook: create: $T/p/.pyenvhook.json changed while the venv was being made; try again" ]]
    [[ $(cat p/.pyenvhook.json) == "${edited%$'\n'}" ]]
    [[ $(prompt_of) == old ]]
    compgen -G "p/.venv/lib/python3*/site-packages/old.py"
    [[ -z $(pending) && -z $(find p -maxdepth 1 -name '*.pyenvhook-*') ]]
    cd p || return 1
    run "$PYENVHOOK" export bash
    [[ $output == *"it changed since it was allowed"* && $output != *_pyenvhook_enter* ]]
}

other_venv() { mkdir -p p/.venv && echo theirs >p/.venv/mine; }

@test "a venv that appears while a new one is being made is left as it is; create fails, no leftovers" {
    mkdir p
    pause_at_record other_venv p --without-pip
    cat "$T/out"
    [[ $(cat "$T/rc") == 1 ]]
    [[ $(cat "$T/out") == "pyenvhook: create: $T/p/.venv appeared while the new venv was being made; it was left as it is" ]]
    [[ $(ls -A p/.venv) == mine && $(cat p/.venv/mine) == theirs ]]
    [[ ! -e p/.pyenvhook.json && -z $(pending) ]]
    [[ -z $(find p -maxdepth 1 -name '*.pyenvhook-*') ]]
}
