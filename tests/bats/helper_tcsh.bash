# shellcheck shell=bash
# run_tcsh LINE...: types each line into a real interactive tcsh (no rc files, in a pty as
# precmd needs a prompt), the hook loaded with init, then exits; $output is what the probes
# of tests/bats/prelude/prelude.tcsh wrote, with $T shown as @. In the C locale, or
# PYH_TCSH_LOCALE.
run_tcsh() {
    export PYH_OUT="$T/probe.tcsh" PYH_TTY="$T/tty.tcsh"
    : >"$PYH_OUT"
    {
        printf 'source %s\n' "$PYH_SRC/tests/bats/prelude/prelude.tcsh"
        if [[ -n ${PYH_PRE_INIT-} ]]; then printf '%s\n' "$PYH_PRE_INIT"; fi
        # shellcheck disable=SC2016 # backquotes for tcsh
        printf 'eval `%s init tcsh %s`\n' "$PYENVHOOK" "${PYH_INIT_ARGS-}"
        printf '%s\n' "$@"
        printf 'exit\n'
    } >"$T/input.tcsh"
    local rc=0
    LC_ALL=${PYH_TCSH_LOCALE:-C} timeout 60 script -qfec "tcsh -f -i" /dev/null <"$T/input.tcsh" >"$PYH_TTY" 2>&1 ||
        rc=$?
    # shellcheck disable=SC2034 # bats' own variable
    output=$(sed "s|$T|@|g" "$PYH_OUT")
    # shellcheck disable=SC2034 # bats' own variable
    status=$rc
}
