# shellcheck shell=bash
# One tool's hook in bash or zsh, timed by bench/hook-cost: loads the hook with $BENCH_LOAD,
# then times loops of what happens at a prompt. A prompt is what the shell itself would run:
# bash evaluates each PROMPT_COMMAND entry, zsh calls its precmd_functions (and its
# chpwd_functions on each cd, as zsh does). `cd` is the user's cd, a tool's wrapper included.
#
# Reads BENCH_T (the sandbox with proj/, other/, plain/), BENCH_LOAD, and the rounds of each
# loop in BENCH_N_IDLE, BENCH_N_WITHIN, BENCH_N_PLAIN, BENCH_N_ENTER and BENCH_N_SWITCH, each
# loop timed BENCH_REPEAT times. With BENCH_MARK set, each timed loop is framed by opening
# $BENCH_MARK.LOOP.b and .e, for an strace of the run to count what each loop started.
# Prints "LOOP MICROSECONDS ROUNDS" per loop, and "wrong ..." if the tool did not activate
# the project's venv, for a tool that does nothing would look fast (BENCH_CHECK=0: the
# baseline, which activates nothing, is not checked).

if [[ -n ${ZSH_VERSION-} ]]; then
    zmodload zsh/datetime
    prompt() {
        local f
        # shellcheck disable=SC2154 # zsh's own array
        for f in "${precmd_functions[@]}"; do "$f"; done
    }
    now() { printf -v "$1" '%.0f' "$((EPOCHREALTIME * 1000000))"; }
else
    prompt() {
        local c
        for c in "${PROMPT_COMMAND[@]}"; do eval "$c"; done
    }
    now() { printf -v "$1" '%s' "${EPOCHREALTIME/./}"; }
fi

eval "$BENCH_LOAD"

to() {
    cd "$1" || exit 1
    prompt
}
want() {
    if [[ ${BENCH_CHECK-1} == 0 ]]; then return 0; fi # the baseline activates nothing
    if [[ -z $2 && -z ${VIRTUAL_ENV-} ]] || [[ -n $2 && ${VIRTUAL_ENV-} == "$2"* ]]; then
        return 0
    fi
    printf 'wrong %s: VIRTUAL_ENV=%s, wanted %s\n' "$1" "${VIRTUAL_ENV:-<unset>}" "${2:-<unset>}"
}

# timed NAME ROUNDS BODY: runs BODY twice to warm up, then BENCH_REPEAT times ROUNDS times on
# the clock, a line for each (bench/hook-cost keeps the fastest: the least disturbed).
timed() {
    local name=$1 n=$2 body=$3 i r t0 t1
    "$body"
    "$body"
    for ((r = 0; r < BENCH_REPEAT; r++)); do
        if [[ -n ${BENCH_MARK-} ]]; then : >"$BENCH_MARK.$name.b"; fi
        now t0
        for ((i = 0; i < n; i++)); do "$body"; done
        now t1
        if [[ -n ${BENCH_MARK-} ]]; then : >"$BENCH_MARK.$name.e"; fi
        printf '%s %s %s\n' "$name" "$((t1 - t0))" "$n"
    done
}

idle() { prompt; }
within() {
    to "$BENCH_T/proj/sub"
    to "$BENCH_T/proj"
}
plain() {
    to "$BENCH_T/plain/a"
    to "$BENCH_T/plain/b"
}
enter() {
    to "$BENCH_T/proj"
    to "$BENCH_T/plain"
}
switch() {
    to "$BENCH_T/proj"
    to "$BENCH_T/other"
}

to "$BENCH_T/plain"
to "$BENCH_T/proj"
want enter "$BENCH_VENV_PROJ"
timed idle "$BENCH_N_IDLE" idle
timed within "$BENCH_N_WITHIN" within
want within "$BENCH_VENV_PROJ"
to "$BENCH_T/plain"
want leave ""
timed plain "$BENCH_N_PLAIN" plain
timed enter "$BENCH_N_ENTER" enter
want enter+leave ""
timed switch "$BENCH_N_SWITCH" switch
want switch "$BENCH_VENV_OTHER"
