# shellcheck shell=bash
# run_nu LINE...: types each line into a real interactive nushell (on a pty, one line a
# prompt, as its pre_prompt hooks need a prompt), with a config.nu that loads the prelude,
# $PYH_PRE_INIT, then the file `pyenvhook init nu` printed, saved as a user would; then exits.
# $output is what the probes of tests/bats/prelude/prelude.nu wrote, with $T shown as @.
# PYH_NU_AUTOLOAD=1 puts the hook in ($nu.data-dir)/vendor/autoload/ instead of config.nu.
# The array PYH_NU_WRAP, when set, is the command nushell runs under (strace).
run_nu() {
    export PYH_OUT="$T/probe.nu" PYH_TTY="$T/tty.nu"
    : >"$PYH_OUT"
    local cfg="$T/config.nu" hook="$HOME/.cache/pyenvhook.nu"
    mkdir -p "${hook%/*}"
    # shellcheck disable=SC2086 # the init arguments are words
    "$PYENVHOOK" init nu ${PYH_INIT_ARGS-} >"$hook" || return 1
    {
        printf 'source %s\n' "$PYH_SRC/tests/bats/prelude/prelude.nu"
        if [[ -n ${PYH_PRE_INIT-} ]]; then printf '%s\n' "$PYH_PRE_INIT"; fi
        if [[ -z ${PYH_NU_AUTOLOAD-} ]]; then printf 'source %s\n' "$hook"; fi
    } >"$cfg"
    if [[ -n ${PYH_NU_AUTOLOAD-} ]]; then
        # As docs/install.md says to, in nushell itself.
        rm "$hook"
        # shellcheck disable=SC2016 # nushell's $nu
        nu -n -c 'mkdir ($nu.data-dir | path join vendor autoload)
^$env.PYENVHOOK init nu | save -f ($nu.data-dir | path join vendor autoload pyenvhook.nu)' ||
            return 1
    fi
    printf '%s\n' "$@" exit >"$T/input.nu"
    local rc=0
    timeout 90 python3 "$PYH_SRC/tests/bats/tools/pty_drive.py" "NUPROMPT> " "$T/input.nu" \
        "$PYH_TTY" '\x1b]133;C' -- "${PYH_NU_WRAP[@]}" nu --no-history --config "$cfg" --env-config /dev/null || rc=$?
    # shellcheck disable=SC2034 # bats' own variable
    output=$(sed "s|$T|@|g" "$PYH_OUT")
    # shellcheck disable=SC2034 # bats' own variable
    status=$rc
}

# nu_str TEXT: TEXT as a nushell raw string, r#'TEXT'#, which takes every byte but the
# sequence '# as it is (no test path holds that).
nu_str() {
    printf "r#'%s'#" "$1"
}
