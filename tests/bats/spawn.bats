#!/usr/bin/env bats
# How many processes the hook starts, counted by strace in real bash, zsh and fish: none at a
# prompt where nothing changed or after a cd that stays out of projects or inside one, at
# most one per project entered or switched to, and none to leave a project. spawn/drive.*
# makes the steps; every process the shell creates (clone, fork, vfork; threads aside) and
# every execve between its marks is counted.

load test_helper

# Rounds of each step; the counts scale with it, so a per-step spawn cannot hide.
N=20

setup_file() {
    [[ ${PYH_SANITIZED-} == 1 ]] && return 0 # LeakSanitizer cannot run under ptrace
    BATS_TEST_TMPDIR=$BATS_FILE_TMPDIR common_setup
    make_project "$T/proj"
    mkdir -p "$T/proj/sub/deeper" "$T/plain/a" "$T/plain/b" "$T/other/src" "$T/mark"
    make_venv "$T/other/.venv" # a project by its .venv alone
    local sh
    for sh in $PYH_SHELLS; do
        local cmd=(bash --norc --noprofile "$PYH_SRC/tests/bats/spawn/drive.sh")
        case $sh in
        zsh) cmd=(zsh -f "$PYH_SRC/tests/bats/spawn/drive.sh") ;;
        fish) cmd=(fish --no-config "$PYH_SRC/tests/bats/spawn/drive.fish") ;;
        esac
        SH=$sh N=$N timeout 120 strace -f -qq -s 4096 -o "$T/strace.$sh" \
            -e trace=clone,clone3,fork,vfork,execve,openat "${cmd[@]}" \
            >"$T/out.$sh" 2>&1 || echo "exit status $?" >>"$T/out.$sh"
    done
}

setup() {
    [[ ${PYH_SANITIZED-} == 1 ]] && skip "LeakSanitizer does not work under ptrace"
    : # the shells ran once, in setup_file; each test reads their traces
}

# counts SHELL NAME: sets rounds, procs and execs for the segments marked NAME.
counts() {
    local log="$T/strace.$1" in=0 line
    rounds=0 procs=0 execs=0
    while IFS= read -r line; do
        case $line in
        *"/mark/b.$2\""*) in=1 rounds=$((rounds + 1)) ;;
        *"/mark/e.$2\""*) in=0 ;;
        *CLONE_THREAD*) ;; # fish's own threads are not processes
        *" clone("* | *" clone3("* | *" fork("* | *" vfork("*) ((in)) && procs=$((procs + 1)) ;;
        *" execve("*) ((in)) && execs=$((execs + 1)) ;;
        esac
    done <"$log"
}

# expect_spawns SHELL NAME ROUNDS MAX: the segments ran ROUNDS times, the venv was right after
# each, and they started at most MAX processes and MAX programs in all.
expect_spawns() {
    local sh=$1
    if [[ ! -e $T/done.$sh ]]; then
        echo "$sh: the driver did not finish; it said:" >&2
        sed 's/^/  | /' "$T/out.$sh" >&2
        return 1
    fi
    if [[ -s $T/errors.$sh ]]; then
        sed 's/^/  /' "$T/errors.$sh" >&2
        return 1
    fi
    counts "$sh" "$2"
    if ((rounds != $3 || procs > $4 || execs > $4)); then
        echo "$sh $2: $rounds rounds (wanted $3), $procs processes and $execs execs" \
            "(at most $4 wanted)" >&2
        return 1
    fi
}

for_each() { # NAME ROUNDS MAX
    local sh
    for sh in $PYH_SHELLS; do expect_spawns "$sh" "$@" || return 1; done
}

@test "a prompt with nothing changed starts no process, outside a project" {
    for_each idle-plain 1 0
}

@test "a prompt with nothing changed starts no process, inside a project" {
    for_each idle-proj 1 0
}

@test "cd between directories of no project starts no process" {
    for_each cd-plain 1 0
}

@test "cd within a project, to and from its subdirectories, starts no process" {
    for_each cd-within 1 0
}

@test "entering a project starts at most one process" {
    for_each enter "$N" "$N"
}

@test "leaving a project for no project starts no process" {
    for_each leave "$N" 0
}

@test "switching from one project to another starts at most one process" {
    for_each switch $((2 * N)) $((2 * N))
}
