#!/usr/bin/env bats
# pyenvhook create never loses a file: --force replaces only a venv, a kill -9 at any step
# leaves a whole venv (the old or the new) that the next create finishes, concurrent runs wait
# for each other, and nothing invalid is written. Kills are real SIGKILLs, sent by strace at a
# chosen system call or by kill -9 while strace holds the process at one.

load test_helper

setup() {
    common_setup
    # Interpreter probes cached once, so the runs below are the create itself.
    "$PYENVHOOK" python list >/dev/null
}

# --- replace only a venv ---

# listing DIR: every path in DIR with its type, size and modification time.
listing() {
    (cd "$1" && find . -printf '%y %p %s %T@\n' | LC_ALL=C sort)
}

# refused DIR: the last run failed with one line, and DIR is as snap found it.
refused() {
    [[ $status == 1 && ${#lines[@]} == 1 ]] || return 1
    diff <(listing "$1") "$T/before.list"
}

# snap DIR: what refused compares against.
snap() {
    listing "$1" >"$T/before.list"
}

@test "--force never replaces the project's own directory, nor one above it" {
    mkdir -p p/src && echo 'print(1)' >p/src/app.py
    printf '{"venv": "."}' >p/.pyenvhook.json
    /usr/bin/python3 -m venv --without-pip p # p looks like a venv too, as a venv made in place does
    snap p
    run "$PYENVHOOK" create p --force --without-pip
    refused p
    [[ $output == *"$T/p is the project's own directory (or one above it), not a venv of its own; never replacing it" ]]
    printf '{"venv": ".."}' >p/.pyenvhook.json
    run "$PYENVHOOK" create p --force --without-pip
    [[ $status == 1 && $output == *"$T is the project's own directory (or one above it)"* ]]
    [[ -f p/src/app.py && -f p/pyvenv.cfg ]]
}

@test "--force refuses a venv that holds anything else, naming it; the advice never says --force then" {
    mkdir p other
    (cd other && /usr/bin/python3 -m venv --without-pip . && echo 'print(1)' >main.py && touch README)
    printf '{"venv": "../other"}' >p/.pyenvhook.json
    "$PYENVHOOK" allow p >/dev/null
    snap other
    run "$PYENVHOOK" create p --force --without-pip
    refused other
    [[ $output == "pyenvhook: create: $T/other holds more than a venv (README, main.py); not replacing it: move those elsewhere first" ]]
    run "$PYENVHOOK" create p --without-pip
    refused other
    [[ $output != *--force* ]]
    # A venv with a .git or a marker in it is a project.
    rm other/main.py other/README
    mkdir other/.git
    snap other
    run "$PYENVHOOK" create p --force --without-pip
    refused other
    [[ $output == *"$T/other holds a project (.git), not only a venv; not replacing it" ]]
    # A link is not followed into what it names.
    rmdir other/.git
    printf '{}' >p/.pyenvhook.json
    ln -s ../other p/.venv
    snap other
    run "$PYENVHOOK" create p --force --without-pip
    refused other
    [[ $output == *"$T/p/.venv is a symbolic link; not replacing it"* ]]
    # Without pyvenv.cfg it is no venv, whatever else is there.
    rm p/.venv && mkdir -p p/.venv/bin
    snap p
    run "$PYENVHOOK" create p --force --without-pip
    refused p
    [[ $output == *"$T/p/.venv exists and is not a venv (no pyvenv.cfg); not replacing it" ]]
}

@test "a venv outside the project is replaced only when the project is trusted; the hint names what goes" {
    mkdir p
    /usr/bin/python3 -m venv --without-pip "$T/elsewhere"
    printf '{"venv": "%s"}' "$T/elsewhere" >p/.pyenvhook.json # as a clone could bring it
    snap "$T/elsewhere"
    run "$PYENVHOOK" create p --force --without-pip
    refused "$T/elsewhere"
    [[ $output == *"$T/elsewhere already exists outside the project, and $T/p/.pyenvhook.json, which names it, is not trusted; not replacing it. If that marker is yours: pyenvhook allow $T/p; then --force deletes that venv (Python "*") and everything installed in it" ]]
    "$PYENVHOOK" allow p >/dev/null
    run "$PYENVHOOK" create p --without-pip
    refused "$T/elsewhere"
    [[ $output == *"$T/elsewhere already exists; --force deletes that venv (Python "*") and everything installed in it and makes it anew" ]]
    run "$PYENVHOOK" create p --force --without-pip
    [[ $status == 0 && $output == "pyenvhook: replaced $T/elsewhere"* ]]
    [[ -x $T/elsewhere/bin/python ]]
}

@test "in a subdirectory, an existing venv above is not offered for deletion alone: create . makes a nested project" {
    make_project p
    mkdir -p p/sub
    local site
    site=$(echo p/.venv/lib/python3*/site-packages)
    touch "$site/mine.py"
    cd p/sub
    run "$PYENVHOOK" create --without-pip
    [[ $status == 1 && ${#lines[@]} == 1 ]]
    [[ $output == "pyenvhook: create: $T/p/.venv, the venv of the project in $T/p, already exists. To make a separate project here: pyenvhook create . (--force would delete that venv (Python "*") and everything installed in it)" ]]
    run "$PYENVHOOK" create . --without-pip
    [[ $status == 0 && -f .venv/pyvenv.cfg && -f .pyenvhook.json ]]
    [[ -e $T/$site/mine.py ]]
}

@test "create with no DIR in HOME or / asks for an explicit create ." {
    cd "$HOME"
    run "$PYENVHOOK" create --without-pip
    [[ $status == 1 && ${#lines[@]} == 1 ]]
    [[ $output == "pyenvhook: create: $HOME: not making the home directory a project without being asked, as every directory below would be in it; to do so: pyenvhook create ." ]]
    [[ ! -e .venv && ! -e .pyenvhook.json ]]
    run "$PYENVHOOK" create . --without-pip
    [[ $status == 0 && -f .venv/pyvenv.cfg ]]
    # In /, with an interpreter nobody has: a create that got past the check writes nothing.
    cd /
    run "$PYENVHOOK" create --without-pip --python 9.99
    [[ $status == 1 && $output == *"/: not making the root directory a project without being asked"* ]]
}

# --- kill -9 at every step ---

# The system calls that change files, and those right before one that does.
STEPS=mkdir,openat,creat,symlink,link,linkat,rename,renameat,renameat2,unlink,unlinkat,rmdir,fsync,fchmod,chmod,flock

# state: "old" or "new": which venv stands at p/.venv, from its pyvenv.cfg's prompt; fails
# unless it is whole (every file a finished create leaves).
state() {
    diff <(cd p/.venv && find . | LC_ALL=C sort) "$T/whole.list" >&2 ||
        return 1
    [[ -x p/.venv/bin/python ]] || return 1
    sed -n "s/^prompt = '\(.*\)'$/\1/p" p/.venv/pyvenv.cfg
}

# record: a create's record of the marker to write stands (journal.h).
record() {
    [[ -n $(compgen -G "$XDG_DATA_HOME/pyenvhook/pending/*") ]]
}

no_record() {
    [[ -z $(compgen -G "$XDG_DATA_HOME/pyenvhook/pending/*") ]]
}

marker_prompt() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["prompt"])' p/.pyenvhook.json
}

# killed_at SYSCALL N [STRACE-ARGS...]: kill -9 the N-th SYSCALL of a create --force that turns
# the old venv into a new one, then check: a whole venv stands, old or new, and its marker
# matches it, or the user's data directory holds the record of the marker it needs (journal.h);
# the next create finishes
# that, leaves no temporary file, and the venv is trusted.
killed_at() {
    local sc=$1 n=$2
    shift 2
    rm -rf p && cp -a "$T/p.old" p && "$PYENVHOOK" allow p >/dev/null
    local rc=0
    traced -o /dev/null "$@" -e inject="$sc:signal=SIGKILL:when=$n" \
        "$PYENVHOOK" create p --force --without-pip --prompt new >/dev/null 2>&1 || rc=$?
    [[ $rc == 137 ]] || { echo "not killed (exit $rc)" >&2 && return 1; }
    local now
    if [[ -n ${FALLBACK-} && ! -e p/.venv ]]; then
        # Killed between the two renames: the old venv is whole, aside, until the next create.
        mv p/..venv.pyenvhook-old-* "$T/aside" && mv "$T/aside" p/.venv
        [[ $(state) == old ]] || { echo "nothing whole aside" >&2 && return 1; }
        mv p/.venv p/..venv.pyenvhook-old-killed
        now=old
    else
        now=$(state) || { echo "no whole venv" >&2 && return 1; }
    fi
    if [[ ! -e p/.venv ]]; then
        :
    elif [[ $now != "$(marker_prompt)" ]] && no_record; then
        echo "venv $now, marker $(marker_prompt), no record" >&2
        return 1
    fi
    "$PYENVHOOK" create p --without-pip >/dev/null 2>&1 || true
    if ! [[ $(state) == "$now" && $(marker_prompt) == "$now" ]] || ! no_record; then
        echo "not finished: venv $(state), marker $(marker_prompt)" >&2
        return 1
    fi
    [[ -z $(find p -maxdepth 1 -name '*.pyenvhook-*' -o -maxdepth 1 -name '.pyenvhook.json.tmp.*') ]] ||
        { echo "left over: $(ls -A p)" >&2 && return 1; }
    [[ $(cd p && "$PYENVHOOK" export bash 2>/dev/null) == "_pyenvhook_enter '$T/p/.venv' '$now'"* ]] ||
        { echo "not trusted" >&2 && return 1; }
    echo "$now" >>"$T/seen"
}

# kill_each_step [STRACE-ARGS...]: killed_at for every call of every step a full run makes.
kill_each_step() {
    "$PYENVHOOK" create p --without-pip --prompt old >/dev/null
    cp -a p "$T/p.old"
    (cd p/.venv && find . | LC_ALL=C sort) >"$T/whole.list"
    traced -o "$T/calls" "$@" -e trace="$STEPS" \
        "$PYENVHOOK" create p --force --without-pip --prompt new >/dev/null
    local sc count n runs=0
    : >"$T/seen"
    while read -r count sc; do
        for ((n = 1; n <= count; n++)); do
            killed_at "$sc" "$n" "$@" || { echo "killed at $sc #$n" >&2 && return 1; }
            runs=$((runs + 1))
        done
    done < <(sed -n 's/^\([a-z0-9_]*\)(.*/\1/p' "$T/calls" | sort | uniq -c)
    echo "# $runs kills" >&3
    # Both outcomes were met: kills before the swap and after it.
    grep -qx old "$T/seen" && grep -qx new "$T/seen"
}

# portable: the binary under test is the portable build, whose swap is always two renames.
portable() {
    [[ $("$PYENVHOOK" --version) == *"(portable)" ]]
}

@test "kill -9 at each step of create --force: a whole venv, old or new, that the next create finishes" {
    if portable; then FALLBACK=1; fi
    kill_each_step
}

@test "kill -9 at each step where the file system cannot exchange two directories (two renames)" {
    # renameat2 fails as on a file system without RENAME_EXCHANGE. Between the two renames no
    # venv stands at its name: the old one, whole, is put back by the next create.
    FALLBACK=1 kill_each_step -e inject=renameat2:error=EINVAL
}

# pid_in_syscall PIDFILE NR: waits until the process named in PIDFILE sits in system call NR.
pid_in_syscall() {
    local i pid
    for ((i = 0; i < 600; i++)); do
        pid=$(cat "$1" 2>/dev/null) || true
        if [[ -n $pid && $(cut -d' ' -f1 "/proc/$pid/syscall" 2>/dev/null) == "$2" ]]; then
            echo "$pid"
            return 0
        fi
        sleep 0.05
    done
    return 1
}

# kill_in_swap delay_enter|delay_exit: create --force (pip and all) held by strace just before
# or just after the swap, and killed there with kill -9.
kill_in_swap() {
    local nr
    nr=$(printf '#include <sys/syscall.h>\nSYS_renameat2\n' | cpp -P | tail -1)
    rm -f "$T/pid"
    # shellcheck disable=SC2016 # expanded by the sh that strace starts
    traced -o /dev/null -e trace=renameat2 -e inject="renameat2:$1=20000000" \
        sh -c 'echo $$ >"$1"; exec "$2" create "$3" --force --prompt new' _ \
        "$T/pid" "$PYENVHOOK" "$T/p" >/dev/null 2>&1 &
    local tracer=$! pid
    pid=$(pid_in_syscall "$T/pid" "$nr")
    kill -9 "$pid"
    wait "$tracer" || true
}

@test "kill -9 from outside, just before and just after the swap: old, then new once finished" {
    ! portable || skip "holds the swap's renameat2, which the portable build does not make (its two renames are killed at each step above)"
    "$PYENVHOOK" create p --prompt old >/dev/null
    touch "$(echo p/.venv/lib/python3*/site-packages)/old.py"
    kill_in_swap delay_enter
    [[ $(marker_prompt) == old ]]
    grep -qx "prompt = 'old'" p/.venv/pyvenv.cfg
    compgen -G "p/.venv/lib/python3*/site-packages/old.py"
    kill_in_swap delay_exit
    # The new venv stands, with pip, and the record of its marker beside the user's trust.
    grep -qx "prompt = 'new'" p/.venv/pyvenv.cfg
    [[ -z $(compgen -G "p/.venv/lib/python3*/site-packages/old.py") ]]
    p/.venv/bin/pip --version >/dev/null
    record
    # The next create finishes it, also when it reaches the project by another path.
    ln -s p "$T/plink"
    run "$PYENVHOOK" create "$T/plink"
    [[ $output == *"removed 1 temporary file left by an interrupted create"* ]]
    [[ $output == *"finished the create of $T/plink/.venv that was interrupted"* ]]
    [[ $(marker_prompt) == new ]]
    no_record
    [[ -z $(find p -maxdepth 1 -name '*.pyenvhook-*') ]]
}

@test "a record of an unfinished create that someone else could have written is not acted on" {
    ! portable || skip "holds the swap's renameat2, which the portable build does not make"
    "$PYENVHOOK" create p --without-pip --prompt old >/dev/null
    kill_in_swap delay_exit
    record
    cp p/.pyenvhook.json "$T/marker.before"
    chown nobody "$XDG_DATA_HOME"/pyenvhook/pending/*
    run "$PYENVHOOK" create p --without-pip
    [[ $status == 1 && $output != *"finished the create"* ]]
    cmp "$T/marker.before" p/.pyenvhook.json
    no_record
}

@test "leftovers of killed runs: only ours by name and owner are removed" {
    "$PYENVHOOK" create p --without-pip >/dev/null
    mkdir p/..venv.pyenvhook-new-abcdef p/..venv.pyenvhook-old-ghijkl p/..venv.pyenvhook-new-nobody
    touch p/..venv.pyenvhook-new-abcdef/x p/.pyenvhook.json.tmp.123456 p/.pyenvhook.json.tmp.nobody
    chown nobody p/..venv.pyenvhook-new-nobody p/.pyenvhook.json.tmp.nobody
    mkdir p/.venv-mine && touch p/notes.pyenvhook-new-x
    run "$PYENVHOOK" create p --without-pip --force
    [[ $status == 0 && $output == *"removed 3 temporary files left by an interrupted create"* ]]
    [[ ! -e p/..venv.pyenvhook-new-abcdef && ! -e p/..venv.pyenvhook-old-ghijkl && ! -e p/.pyenvhook.json.tmp.123456 ]]
    [[ -d p/..venv.pyenvhook-new-nobody && -f p/.pyenvhook.json.tmp.nobody ]]
    [[ -d p/.venv-mine && -f p/notes.pyenvhook-new-x ]]
    # Killed between the fallback's two renames: the old venv, aside, is put back.
    touch "$(echo p/.venv/lib/python3*/site-packages)/old.py"
    mv p/.venv p/..venv.pyenvhook-old-zzzzzz
    run "$PYENVHOOK" create p --without-pip
    [[ $status == 1 && $output == *"$T/p/.venv already exists"* ]]
    compgen -G "p/.venv/lib/python3*/site-packages/old.py"
    [[ ! -e p/..venv.pyenvhook-old-zzzzzz ]]
}

# --- durable ---

@test "each rename a create commits by is made durable: its directory is synced before the next step" {
    command -v strace >/dev/null || skip "needs strace"
    mkdir p
    # -y names each descriptor's file; what the kernel was asked, in order.
    traced -y -e trace=fsync,rename,renameat2 -o "$T/trace" "$PYENVHOOK" create p --without-pip >/dev/null 2>&1
    # The steps as one line each: R for a rename into DIR, S for a sync of DIR.
    sed -n -e "s|^renameat2([^,]*, \"[^\"]*\", [^,]*, \"\(.*\)/[^/\"]*\", .*|R \1|p" \
        -e "s|^rename(\"[^\"]*\", \"\(.*\)/[^/\"]*\").*|R \1|p" \
        -e "s|^fsync([0-9]*<\([^>]*\)>).*|S \1|p" "$T/trace" | grep -v '\.tmp\.' >"$T/steps"
    cat "$T/steps"
    # The venv's swap, then its directory synced, before the marker is renamed into it; the
    # marker's rename synced too.
    local venv_sync marker
    venv_sync=$(grep -n "^S $T/p\$" "$T/steps" | head -1 | cut -d: -f1)
    marker=$(grep -n "^R $T/p\$" "$T/steps" | sed -n 2p | cut -d: -f1)
    [[ $(sed -n 1p <(grep "^[RS] $T/p\$" "$T/steps")) == "R $T/p" ]]
    [[ -n $venv_sync && -n $marker && $venv_sync -lt $marker ]]
    [[ $(grep "^[RS] $T/p\$" "$T/steps" | tail -1) == "S $T/p" ]]
    # Every directory a rename went into is synced after it.
    local dir
    while read -r _ dir; do
        grep -q "^S $dir\$" "$T/steps"
    done < <(grep '^R ' "$T/steps")
}

# steps TRACE: the renames and syncs of an strace -y of fsync,rename,renameat2, one line each:
# R for a rename into DIR, S for a sync of DIR (temporary files' syncs left out).
steps() {
    sed -n -e "s|^renameat2([^,]*, \"[^\"]*\", [^,]*, \"\(.*\)/[^/\"]*\", .*|R \1|p" \
        -e "s|^rename(\"[^\"]*\", \"\(.*\)/[^/\"]*\").*|R \1|p" \
        -e "s|^fsync([0-9]*<\([^>]*\)>).*|S \1|p" "$1" | grep -v '\.tmp\.'
}

# line_of PATTERN FILE: the number of the first line matching PATTERN (grep -x), or nothing.
line_of() { grep -nx -- "$1" "$2" | head -1 | cut -d: -f1; }

@test "directories a create makes (DIR, the venv's parents) are synced in theirs before the swap" {
    command -v strace >/dev/null || skip "needs strace"
    # DIR made with two parents; then a marker naming a venv under a missing build/.
    traced -y -e trace=fsync,rename,renameat2 -o "$T/trace" "$PYENVHOOK" create n1/n2/p --without-pip >/dev/null 2>&1
    [[ -x n1/n2/p/.venv/bin/python ]]
    steps "$T/trace" >"$T/steps"
    cat "$T/steps"
    local venv a b c
    venv=$(line_of "R $T/n1/n2/p" "$T/steps")
    a=$(line_of "S $T" "$T/steps") b=$(line_of "S $T/n1" "$T/steps")
    c=$(line_of "S $T/n1/n2" "$T/steps")
    [[ -n $venv && -n $a && -n $b && -n $c ]]
    ((a < b && b < c && c < venv))
    mkdir q
    printf '{"venv": "build/env"}' >q/.pyenvhook.json
    traced -y -e trace=fsync,rename,renameat2 -o "$T/trace2" "$PYENVHOOK" create q --without-pip >/dev/null 2>&1
    [[ -x q/build/env/bin/python ]]
    steps "$T/trace2" >"$T/steps2"
    venv=$(line_of "R $T/q/build" "$T/steps2") a=$(line_of "S $T/q" "$T/steps2")
    [[ -n $venv && -n $a ]]
    ((a < venv))
}

# --- concurrent runs ---

@test "concurrent creates wait for each other: each --force run whole, the last one stands" {
    "$PYENVHOOK" create p --without-pip >/dev/null
    local i pids=()
    for i in 1 2 3 4; do
        "$PYENVHOOK" create p --force --without-pip --prompt "run$i" >"$T/out$i" 2>&1 &
        pids+=("$!")
    done
    for i in "${!pids[@]}"; do
        wait "${pids[$i]}" || { cat "$T/out$((i + 1))" >&2 && return 1; }
    done
    local now
    now=$(sed -n "s/^prompt = '\(.*\)'$/\1/p" p/.venv/pyvenv.cfg)
    [[ $now == run? && $(marker_prompt) == "$now" ]]
    no_record
    [[ -z $(find p -maxdepth 1 -name '*.pyenvhook-*') ]]
    # Two plain creates of a new venv: one makes it, the other says why it did not.
    mkdir q
    "$PYENVHOOK" create q --without-pip >"$T/q1" 2>&1 &
    local a=$!
    "$PYENVHOOK" create q --without-pip >"$T/q2" 2>&1 &
    local b=$! sa=0 sb=0
    wait "$a" || sa=$?
    wait "$b" || sb=$?
    [[ $((sa + sb)) == 1 ]]
    grep -h "already exists; --force deletes" "$T/q1" "$T/q2"
    [[ $(cat "$T/q1" "$T/q2") != *"Directory not empty"* ]]
}

# hold_lock SECONDS: another process holds p's lock (flock(1), as a create would) that long.
hold_lock() {
    flock -x p sleep "$1" &
    holder=$!
    while flock -n p true; do sleep 0.02; done
}

@test "a create that cannot get the project's lock in time says another is running, and changes nothing" {
    "$PYENVHOOK" create p --without-pip --prompt old >/dev/null
    snap p
    hold_lock 2
    run env PYENVHOOK_LOCK_WAIT=0.3 "$PYENVHOOK" create p --force --without-pip --prompt new
    [[ $status == 1 ]]
    [[ ${lines[-1]} == "pyenvhook: create: another create is running in $T/p and did not finish within 0.3 s; nothing was changed (PYENVHOOK_LOCK_WAIT sets how long to wait)" ]]
    diff <(listing p) "$T/before.list"
    [[ $(marker_prompt) == old ]]
    wait "$holder"
    # Within the time, it waits, then goes on.
    hold_lock 1
    run "$PYENVHOOK" create p --force --without-pip --prompt new
    [[ $status == 0 && ${lines[0]} == "pyenvhook: create: another create is running in $T/p; waiting for it (at most 60 s)" ]]
    [[ $(marker_prompt) == new ]]
}

@test "two projects whose markers name the same venv elsewhere wait for each other" {
    mkdir a b
    printf '{"venv": "../shared/env"}' >a/.pyenvhook.json
    printf '{"venv": "../shared/env"}' >b/.pyenvhook.json
    "$PYENVHOOK" allow a >/dev/null && "$PYENVHOOK" allow b >/dev/null
    "$PYENVHOOK" create a --without-pip >/dev/null
    # Another create holds the venv's directory (as a's would): b's waits, or says so.
    flock -x shared sleep 2 &
    local holder=$!
    while flock -n shared true; do sleep 0.02; done
    run env PYENVHOOK_LOCK_WAIT=0.3 "$PYENVHOOK" create b --force --without-pip --prompt b
    [[ $status == 1 ]]
    [[ ${lines[-1]} == "pyenvhook: create: another create is running in $T/shared and did not finish within 0.3 s; nothing was changed (PYENVHOOK_LOCK_WAIT sets how long to wait)" ]]
    wait "$holder"
    # Real runs from both projects at once: each whole, one after the other.
    local i pids=()
    for i in 1 2 3; do
        "$PYENVHOOK" create a --force --without-pip --prompt "a$i" >"$T/outa$i" 2>&1 &
        pids+=("$!")
        "$PYENVHOOK" create b --force --without-pip --prompt "b$i" >"$T/outb$i" 2>&1 &
        pids+=("$!")
    done
    for i in "${pids[@]}"; do wait "$i" || { cat "$T"/out* >&2 && return 1; }; done
    [[ -f shared/env/pyvenv.cfg && -x shared/env/bin/python ]]
    [[ -z $(find shared -maxdepth 1 -name '*.pyenvhook-*') ]]
}

# --- nothing invalid written; parents made ---

# nothing_written DIR: DIR does not exist, and no temporary file is left beside it.
nothing_written() {
    [[ ! -e $1 ]] && [[ -z $(find "$(dirname "$1")" -maxdepth 1 -name '*pyenvhook*') ]]
}

@test "prompts: too long, control characters or not UTF-8 are refused before anything is written" {
    run "$PYENVHOOK" create "$T/n" --without-pip --prompt "$(head -c 100000 /dev/zero | tr '\0' a)"
    [[ $status == 1 && $output == "pyenvhook: create: --prompt: the prompt is 100000 bytes long; at most 255 may be" ]]
    nothing_written "$T/n"
    run "$PYENVHOOK" create "$T/n" --without-pip --prompt $'red \e[31m'
    [[ $status == 1 && $output == *"--prompt: the prompt holds a control character (U+001B), which would reach the terminal raw" ]]
    nothing_written "$T/n"
    run "$PYENVHOOK" create "$T/n" --without-pip --prompt $'caf\xe9'
    [[ $status == 1 && $output == *"--prompt: the prompt is not valid UTF-8 (byte 0xe9)" ]]
    nothing_written "$T/n"
    # One from a marker is checked as well (it goes into pyvenv.cfg and the activate scripts).
    mkdir m && printf '{"prompt": "a\\u0007b"}' >m/.pyenvhook.json
    run "$PYENVHOOK" create m --without-pip
    [[ $status == 1 && $output == *"$T/m/.pyenvhook.json: "*"control character"* ]]
    [[ ! -e m/.venv ]]
    # At the limit, and beyond ASCII, it is fine.
    run "$PYENVHOOK" create "$T/n" --without-pip --prompt "$(head -c 253 /dev/zero | tr '\0' a)é"
    [[ $status == 0 ]]
}

@test "a marker that would grow past its size limit is refused before the venv is made" {
    mkdir p
    python3 -c '
import json
json.dump({"venv": ".venv", "notes": "x" * (64 * 1024 - 200)}, open("p/.pyenvhook.json", "w"))'
    cp p/.pyenvhook.json "$T/marker.before"
    run "$PYENVHOOK" create p --without-pip --prompt "$(head -c 250 /dev/zero | tr '\0' a)"
    [[ $status == 1 && $output == *"$T/p/.pyenvhook.json: the marker would be "*" bytes, more than the 65536 it may hold; nothing was written" ]]
    cmp "$T/marker.before" p/.pyenvhook.json
    [[ ! -e p/.venv ]]
    run "$PYENVHOOK" create p --without-pip
    [[ $status == 0 ]]
    cmp "$T/marker.before" p/.pyenvhook.json
}

@test "missing parent directories of the venv are made; a create that fails removes those it made" {
    mkdir p q
    printf '{"venv": "build/env"}' >p/.pyenvhook.json
    run "$PYENVHOOK" create p --without-pip
    [[ $status == 0 && $output == "pyenvhook: created $T/p/build/env (Python "* ]]
    [[ -x p/build/env/bin/python ]]
    printf '{"venv": "~/.virtualenvs/shop"}' >q/.pyenvhook.json
    run "$PYENVHOOK" create q --without-pip
    [[ $status == 0 && $output == "pyenvhook: created $HOME/.virtualenvs/shop (Python "* ]]
    [[ -x $HOME/.virtualenvs/shop/bin/python ]]
    # Nothing is made for a create that fails: not the venv's parents, not DIR.
    printf '{"venv": "a/b/env", "prompt": "\\u001b[31m"}' >p/.pyenvhook.json
    run "$PYENVHOOK" create p --without-pip
    [[ $status == 1 && ! -e p/a ]]
    run "$PYENVHOOK" create "$T/new/deep" --without-pip --python 9.99
    [[ $status == 1 && ! -e $T/new ]]
}

# --- the marker as committed ---

@test "create leaves a committed marker byte for byte; when it must write, it keeps the keys' order, two spaces" {
    mkdir p
    printf '{"team":\t{"owner": "x"} , "venv":".venv",\n "python": "python3"}' >p/.pyenvhook.json
    cp p/.pyenvhook.json "$T/marker.before"
    run "$PYENVHOOK" create p --without-pip
    [[ $status == 0 ]]
    cmp "$T/marker.before" p/.pyenvhook.json
    run "$PYENVHOOK" create p --without-pip --force --python python3
    cmp "$T/marker.before" p/.pyenvhook.json
    run "$PYENVHOOK" create p --without-pip --force --python /usr/bin/python3 --prompt api
    [[ $status == 0 ]]
    diff - p/.pyenvhook.json <<'EOF'
{
  "team": {
    "owner": "x"
  },
  "venv": ".venv",
  "python": "/usr/bin/python3",
  "prompt": "api"
}
EOF
    # A new marker names the venv and pins no python unless asked.
    run "$PYENVHOOK" create q --without-pip
    [[ $status == 0 ]]
    printf '{\n  "venv": ".venv"\n}\n' | diff - q/.pyenvhook.json
}

broken_once() {
    # shellcheck disable=SC2016 # expanded by the shell under test
    run_scenario "$1" 'cd $T/b' 'pyenvhook create --without-pip' 'true'
    # Once when entering, once from create; the shell's refresh after create adds none.
    [[ $(count_in_tty "$T/b/.pyenvhook.json: invalid JSON near line 1") == 2 ]] ||
        { cat "$PYH_TTY" >&2 && return 1; }
}

@test "a broken marker is reported once by create in a hooked shell (bash, zsh, fish)" {
    mkdir b && printf '{"venv": ' >b/.pyenvhook.json
    for_each_shell broken_once
}

@test "a broken marker above: create says how to make a separate project here" {
    mkdir -p b/sub && printf '{"venv": ' >b/.pyenvhook.json
    cd b/sub
    run "$PYENVHOOK" create --without-pip
    [[ $status == 1 && $output == "pyenvhook: create: $T/b/.pyenvhook.json: invalid JSON near line 1 (to make a separate project here instead: pyenvhook create .)" ]]
    run "$PYENVHOOK" create . --without-pip
    [[ $status == 0 && -f .venv/pyvenv.cfg ]]
}
