# shellcheck shell=bash
# pyenvhook's hook for bash, printed by `pyenvhook init bash`; @NAMES@ are filled in then.
#
# This runs before every prompt, so the usual path is builtins only: no $(...), no program
# started. The binary runs only when the nearest project may have changed, and leaving a
# project needs no binary at all: the hook knows what it added.

_pyenvhook_bin=@PYENVHOOK_BIN@
_pyenvhook_prompt=@PYENVHOOK_PROMPT@

# What was there before is kept in exported variables, "=value" for set and "" for unset,
# so that a child shell can restore it as exactly as this one.
_pyenvhook_enter() {
    export _PYENVHOOK_PYTHONHOME="${PYTHONHOME+=$PYTHONHOME}"
    export _PYENVHOOK_PROMPT_OLD="${VIRTUAL_ENV_PROMPT+=$VIRTUAL_ENV_PROMPT}"
    export _PYENVHOOK_VENV="$1" VIRTUAL_ENV="$1" VIRTUAL_ENV_PROMPT="$2"
    export PATH="$1/bin${PATH:+:$PATH}"
    unset PYTHONHOME
    builtin hash -r
    if [[ -n $_pyenvhook_prompt ]]; then _pyenvhook_ps1_add; fi
    return 0
}

# Removes the one PATH entry we added, wherever it now stands; whatever else the user did to
# PATH meanwhile stays.
_pyenvhook_leave() {
    local p=":${PATH-}:" e="${_PYENVHOOK_VENV-}/bin"
    p=${p/":$e:"/:}
    p=${p#:}
    export PATH="${p%:}"
    if [[ -n ${_PYENVHOOK_PYTHONHOME-} ]]; then
        export PYTHONHOME="${_PYENVHOOK_PYTHONHOME#=}"
    else
        unset PYTHONHOME
    fi
    if [[ -n ${_PYENVHOOK_PROMPT_OLD-} ]]; then
        export VIRTUAL_ENV_PROMPT="${_PYENVHOOK_PROMPT_OLD#=}"
    else
        unset VIRTUAL_ENV_PROMPT
    fi
    unset VIRTUAL_ENV _PYENVHOOK_VENV _PYENVHOOK_PYTHONHOME _PYENVHOOK_PROMPT_OLD
    builtin hash -r
    _pyenvhook_ps1_remove
    return 0
}

_pyenvhook_ps1_add() {
    if [[ -n ${VIRTUAL_ENV_DISABLE_PROMPT-} || -z ${_PYENVHOOK_VENV-} ]]; then return 0; fi
    if builtin shopt -q promptvars; then
        # A reference, not the value: expanded when the prompt is drawn, never executed.
        # shellcheck disable=SC2016
        _pyenvhook_ps1='(${VIRTUAL_ENV_PROMPT-}) '
    else
        _pyenvhook_ps1="(${VIRTUAL_ENV_PROMPT//\\/\\\\}) "
    fi
    PS1="$_pyenvhook_ps1${PS1-}"
    return 0
}

_pyenvhook_ps1_remove() {
    if [[ -n ${_pyenvhook_ps1-} && ${PS1-} == "$_pyenvhook_ps1"* ]]; then
        PS1=${PS1#"$_pyenvhook_ps1"}
    fi
    _pyenvhook_ps1=
    return 0
}

_pyenvhook_export() {
    if [[ ! -x $_pyenvhook_bin ]]; then
        if [[ -z ${_pyenvhook_gone-} ]]; then
            _pyenvhook_gone=1
            builtin printf 'pyenvhook: %s is gone; the hook does nothing until it is back\n' \
                "$_pyenvhook_bin" >&2
        fi
        return 0
    fi
    _pyenvhook_gone=
    local code
    code=$("$_pyenvhook_bin" export bash) || :
    builtin eval "$code"
    return 0
}

_pyenvhook_run() {
    # A venv that someone else activated is theirs.
    if [[ -n ${VIRTUAL_ENV-} && $VIRTUAL_ENV != "${_PYENVHOOK_VENV-}" ]]; then return 0; fi
    if [[ -n ${_PYENVHOOK_VENV-} ]] && [[ -z ${VIRTUAL_ENV-} || ! -d $_PYENVHOOK_VENV/bin ]]; then
        # Deactivated behind our back, or deleted: restore, then ask afresh.
        _pyenvhook_leave
        _pyenvhook_pwd=
        _pyenvhook_key=x
    fi
    if [[ $PWD == "${_pyenvhook_pwd-}" ]]; then
        # Same directory: only a marker or .venv made right here can change the answer.
        if [[ ${_pyenvhook_key-} == "$PWD" ]]; then return 0; fi
        if ! [[ -e $PWD/.pyenvhook.json || -e $PWD/.venv/pyvenv.cfg ]]; then return 0; fi
    fi
    _pyenvhook_pwd=$PWD
    # k: the nearest directory at or above $PWD that holds a marker or a .venv, "" for none.
    # The binary makes the real decision (settings, trust); this only tells whether its
    # answer may have changed. Each level costs one test and one assignment, the root is
    # looked at last, outside the loop.
    local d=$PWD k
    until [[ -z $d || -e $d/.pyenvhook.json || -L $d/.pyenvhook.json || -e $d/.venv/pyvenv.cfg ]]; do
        d=${d%/*}
    done
    if [[ -n $d || -e /.pyenvhook.json || -L /.pyenvhook.json || -e /.venv/pyvenv.cfg ]]; then
        k=${d:-/}
    else
        k=
    fi
    if [[ $k == "${_pyenvhook_key-x}" ]]; then return 0; fi
    _pyenvhook_key=$k
    if [[ -n $k ]]; then
        _pyenvhook_export
    elif [[ -n ${_PYENVHOOK_VENV-} ]]; then
        _pyenvhook_leave
    fi
    return 0
}

_pyenvhook_hook() {
    local _pyenvhook_ret=$?
    # Most prompts change nothing, and one test settles them with no function called: paused;
    # or the same directory, our venv (or none) still in place with its prefix, and no marker
    # or .venv made right here. _pyenvhook_run says the same at length.
    if [[ -n ${_pyenvhook_off-} ]] || [[ $PWD == "${_pyenvhook_pwd-}" &&
        ${VIRTUAL_ENV-} == "${_PYENVHOOK_VENV-}" &&
        (-z ${_PYENVHOOK_VENV-} || (-d $_PYENVHOOK_VENV/bin &&
        (-z $_pyenvhook_prompt || -n ${_pyenvhook_ps1-}))) &&
        (${_pyenvhook_key-} == "$PWD" || ! (-e $PWD/.pyenvhook.json || -e $PWD/.venv/pyvenv.cfg)) ]]; then
        return "$_pyenvhook_ret"
    fi
    _pyenvhook_run
    if [[ -n $_pyenvhook_prompt && -n ${_PYENVHOOK_VENV-} && -z ${_pyenvhook_ps1-} ]]; then
        _pyenvhook_ps1_add
    fi
    return "$_pyenvhook_ret"
}

_pyenvhook_refresh() {
    _pyenvhook_pwd=
    _pyenvhook_key=x
    if [[ -z ${_pyenvhook_off-} ]]; then _pyenvhook_run; fi
    return 0
}

# The command users type. off and on change this shell, so they are handled here; the rest
# goes to the binary, and commands that change what should be active take effect at once.
pyenvhook() {
    # Global options come before the command (pyenvhook -q create).
    local _pyenvhook_cmd=${1-}
    if [[ $_pyenvhook_cmd == -q || $_pyenvhook_cmd == --quiet ]]; then _pyenvhook_cmd=${2-}; fi
    case $_pyenvhook_cmd in
    off)
        _pyenvhook_off=1
        if [[ -n ${_PYENVHOOK_VENV-} && ${VIRTUAL_ENV-} == "$_PYENVHOOK_VENV" ]]; then
            _pyenvhook_leave
        fi
        return 0
        ;;
    on)
        _pyenvhook_off=
        _pyenvhook_refresh
        return 0
        ;;
    esac
    local _pyenvhook_rc=0
    _PYENVHOOK_HOOK=bash _PYENVHOOK_PAUSED=${_pyenvhook_off-} "$_pyenvhook_bin" "$@" ||
        _pyenvhook_rc=$?
    # A command that failed changed nothing, and has said why: asking the binary again would
    # only say it a second time.
    if ((_pyenvhook_rc != 0)); then return "$_pyenvhook_rc"; fi
    case $_pyenvhook_cmd in
    create | allow | deny) _pyenvhook_refresh ;;
    esac
    return "$_pyenvhook_rc"
}

# Registered once however often init runs, first so that prompt tools see the venv.
if [[ -v PROMPT_COMMAND && ${PROMPT_COMMAND@a} == *a* ]]; then
    if [[ " ${PROMPT_COMMAND[*]} " != *" _pyenvhook_hook "* ]]; then
        PROMPT_COMMAND=(_pyenvhook_hook "${PROMPT_COMMAND[@]}")
    fi
elif [[ ";${PROMPT_COMMAND-};" != *";_pyenvhook_hook;"* ]]; then
    # shellcheck disable=SC2128,SC2178 # the string form, told apart above
    PROMPT_COMMAND="_pyenvhook_hook${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
fi
