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
