# shellcheck shell=bash
# Test vocabulary for bash and zsh; prelude.fish gives fish the same words, so one scenario
# reads the same in all three shells. Each probe appends one line to $PYH_OUT.
PS1='$ '
probe() {
    builtin printf '%s VIRTUAL_ENV=%s PROMPT=%s PYTHONHOME=%s PATH=%s\n' "$1" \
        "${VIRTUAL_ENV-<unset>}" "${VIRTUAL_ENV_PROMPT-<unset>}" "${PYTHONHOME-<unset>}" \
        "${PATH-<unset>}" >>"$PYH_OUT"
}
probe_status() {
    builtin printf 'status %s\n' "$?" >>"$PYH_OUT"
}
probe_var() {
    if eval "[[ -n \${$1+x} ]]"; then
        eval "builtin printf '%s=%s\n' \"\$1\" \"\${$1}\"" >>"$PYH_OUT"
    else
        builtin printf '%s=<unset>\n' "$1" >>"$PYH_OUT"
    fi
}
probe_python() {
    python -c 'import sys; print("python", sys.prefix)' >>"$PYH_OUT" 2>&1
}
note() {
    builtin printf '%s\n' "$*" >>"$PYH_OUT"
}
setenv() {
    export "$1=$2"
}
unsetenv() {
    unset "$1"
}
activate() {
    # shellcheck disable=SC1090,SC1091
    . "$1/bin/activate"
}
path_front() {
    export PATH="$1:$PATH"
}
path_back() {
    export PATH="$PATH:$1"
}
probe_prompt() {
    if [[ -n ${BASH_VERSION-} ]]; then
        builtin printf 'prompt=%s\n' "${PS1@P}" >>"$PYH_OUT"
    else
        # shellcheck disable=SC2296 # zsh's prompt expansion flag
        builtin printf 'prompt=%s\n' "${(%)PS1}" >>"$PYH_OUT"
    fi
}
# child_check: a child shell of the same kind inherits the activation, runs init and its
# hook, and must neither add PATH twice nor fail to undo it when it leaves.
child_check() {
    local self=bash
    [[ -n ${BASH_VERSION-} ]] || self=zsh
    # shellcheck disable=SC2016 # expanded by the child
    "$self" -c 'eval "$("$PYENVHOOK" init '"$self"')"; _pyenvhook_hook
        printf "child VIRTUAL_ENV=%s PATH=%s\n" "${VIRTUAL_ENV-<unset>}" "$PATH" >>"$PYH_OUT"
        cd / && _pyenvhook_hook
        printf "child-left VIRTUAL_ENV=%s PATH=%s\n" "${VIRTUAL_ENV-<unset>}" "$PATH" >>"$PYH_OUT"'
}
strict_mode() {
    if [[ -n ${BASH_VERSION-} ]]; then
        set -euo pipefail
    else
        setopt nounset ksh_arrays err_exit pipe_fail rc_quotes
    fi
}
