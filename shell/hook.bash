# shellcheck shell=bash
# pyenvhook's hook for bash, printed by `pyenvhook init bash`; @NAMES@ are filled in then.
#
# This runs before every prompt, so the usual path is builtins only: no $(...), no program
# started. The binary runs only when the nearest project may have changed, and leaving a
# project needs no binary at all: the hook knows what it added.

_pyenvhook_bin=@PYENVHOOK_BIN@
_pyenvhook_prompt=@PYENVHOOK_PROMPT@
_pyenvhook_cd=@PYENVHOOK_CD@
# The files the last decision rests on and their stamps (see _pyenvhook_watch); kept when
# init runs again, so that re-reading ~/.bashrc does not forget them.
_pyenvhook_w1=${_pyenvhook_w1-} _pyenvhook_s1=${_pyenvhook_s1-} _pyenvhook_a=${_pyenvhook_a-}
_pyenvhook_t=${_pyenvhook_t-} _pyenvhook_w2=${_pyenvhook_w2-} _pyenvhook_s2=${_pyenvhook_s2-}
_pyenvhook_w3=${_pyenvhook_w3-} _pyenvhook_s3=${_pyenvhook_s3-} _pyenvhook_here=${_pyenvhook_here-}

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
    _pyenvhook_watch
    return 0
}

# The binary names what its decision rests on (src/watch.h): the marker with its stamp, an
# empty file whose mtime is a copy of the marker's (an edit or a new file put in its place
# makes the marker newer); a file whose appearance matters (a venv made where there was
# none); the venv's pyvenv.cfg with its stamp (a venv made afresh has a newer one); and
# $7 $8, unless a marker decided, the project's directory with its stamp (a name that came
# into it may outrank what decided). The idle prompt spends five to seven stats on them:
# -nt is true when the stamp is missing but false when the file is, so a deleted marker
# needs its own -e. $4 "1": the marker's stamp is reached through the active venv's bin/
# (export's via_venv), so that -nt is true once the venv is gone and the idle prompt need
# not test bin/ apart.
# shellcheck disable=SC2120 # the binary's output calls it with the files
_pyenvhook_watch() {
    _pyenvhook_w1=${1-} _pyenvhook_s1=${2-} _pyenvhook_a=${3-} _pyenvhook_t=${4-}
    _pyenvhook_w2=${5-} _pyenvhook_s2=${6-} _pyenvhook_w3=${7-} _pyenvhook_s3=${8-}
    return 0
}

# What the binary said for a cd (export --hold), kept for the next prompt if it shows this
# directory. When the cd activated nothing, that prompt asks again and says it then.
_pyenvhook_held() {
    _pyenvhook_notes=$1 _pyenvhook_notes_pwd=$PWD
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

# Asks the binary what belongs here; $1 "-q" leaves out its notes.
_pyenvhook_export() {
    _pyenvhook_watch
    if [[ ! -x $_pyenvhook_bin ]]; then
        # Nothing can be decided without it, and what is active belongs to where we were.
        if [[ -n ${_PYENVHOOK_VENV-} ]]; then _pyenvhook_leave; fi
        if [[ -z ${_pyenvhook_gone-} ]]; then
            _pyenvhook_gone=1
            builtin printf 'pyenvhook: %s is gone; no venv is activated until it is back\n' \
                "$_pyenvhook_bin" >&2
        fi
        return 0
    fi
    _pyenvhook_gone=
    _pyenvhook_ran=1
    local code
    if [[ -n ${_pyenvhook_oncd-} ]]; then
        # For a cd, which no prompt may show: what it says is held (see _pyenvhook_held). exec,
        # for bash forks a second time for a command with a redirection in $(...).
        code=$(builtin exec "$_pyenvhook_bin" export --hold bash 2>/dev/null) || :
    else
        code=$("$_pyenvhook_bin" ${1+"$1"} export bash) || :
    fi
    builtin eval "$code"
    return 0
}

# $1 "-q": the binary's notes left out.
_pyenvhook_run() {
    _pyenvhook_idle=
    # A venv that someone else activated is theirs.
    if [[ -n ${VIRTUAL_ENV-} && $VIRTUAL_ENV != "${_PYENVHOOK_VENV-}" ]]; then return 0; fi
    if [[ -n ${_PYENVHOOK_VENV-} ]] && [[ -z ${VIRTUAL_ENV-} || ! -d $_PYENVHOOK_VENV/bin ]]; then
        # Deactivated behind our back, or deleted: restore, then ask afresh.
        _pyenvhook_leave
        _pyenvhook_pwd=
        _pyenvhook_key=x
    fi
    if [[ (-n $_pyenvhook_w1 && ($_pyenvhook_w1 -nt $_pyenvhook_s1 || ! -e $_pyenvhook_w1)) ||
        (-n $_pyenvhook_w2 && $_pyenvhook_w2 -nt $_pyenvhook_s2) ||
        (-n $_pyenvhook_w3 && $_pyenvhook_w3 -nt $_pyenvhook_s3) ||
        (-n $_pyenvhook_a && -e $_pyenvhook_a) ]]; then
        # The marker or the venv changed under us (an edit, a git pull, a new venv): the
        # answer may be another one, so ask again.
        # A venv made afresh under the same name has other programs where the hashed ones were.
        builtin hash -r
        _pyenvhook_pwd=
        _pyenvhook_key=x
    fi
    if [[ $PWD == "${_pyenvhook_pwd-}" ]]; then
        # Same directory: only a project's file made right here can change the answer (at
        # the project's own level, the watched directory tells).
        if [[ ${_pyenvhook_key-} == "$PWD" ]]; then return 0; fi
        if ! [[ -e $PWD/.pyenvhook.json || -e $PWD/.venv || -e $PWD/.python-version ||
            -e $PWD/pyproject.toml || -e $PWD/Pipfile ]]; then return 0; fi
    fi
    _pyenvhook_pwd=$PWD
    # k: the nearest directory at or above $PWD that holds a marker, a .venv (directory or
    # PEP 832 file), or another tool's file (src/conv.h): "" for none. The binary makes the
    # real decision (settings, trust); this only tells whether its answer may have changed.
    # Each level costs one test and one assignment, the root is looked at last, outside the
    # loop. pyproject.toml stands for Poetry (poetry.lock lies beside it) and PDM
    # (.pdm-python, .pdm.toml): testing those too would cost a cd more than the budget of
    # docs/benchmarks.md and find no project more.
    local d=$PWD k
    until [[ -z $d || -e $d/.pyenvhook.json || -L $d/.pyenvhook.json || -e $d/.venv ||
        -e $d/.python-version || -e $d/pyproject.toml || -e $d/Pipfile || -e $d/.python-envs ]]; do
        d=${d%/*}
    done
    if [[ -n $d || -e /.pyenvhook.json || -L /.pyenvhook.json || -e /.venv ||
        -e /.python-version || -e /pyproject.toml || -e /Pipfile || -e /.python-envs ]]; then
        k=${d:-/}
    else
        k=
    fi
    if [[ $k == "${_pyenvhook_key-x}" ]]; then return 0; fi
    _pyenvhook_key=$k
    if [[ -n $k ]]; then
        _pyenvhook_export "$@"
    elif [[ -n ${_PYENVHOOK_VENV-} ]]; then
        _pyenvhook_leave
    else
        _pyenvhook_watch
    fi
    return 0
}

_pyenvhook_hook() {
    local _pyenvhook_ret=$?
    # Most prompts change nothing, and one test settles them with no function called: paused;
    # or the directory and VIRTUAL_ENV as the last prompt left them (_pyenvhook_settle), no
    # project's file made right here, and the watched files as they were. Each string
    # comparison costs bash more than a stat, hence one for both; and bash copies a
    # function's body at each call, hence the rest in another function.
    if [[ -n ${_pyenvhook_off-} ]] || [[ $PWD:${VIRTUAL_ENV-} == "$_pyenvhook_idle" &&
        (-z $_pyenvhook_here || ! (-e $_pyenvhook_here/.pyenvhook.json ||
        -e $_pyenvhook_here/.venv || -e $_pyenvhook_here/.python-version ||
        -e $_pyenvhook_here/pyproject.toml || -e $_pyenvhook_here/Pipfile)) &&
        ! (-n $_pyenvhook_w1 && ($_pyenvhook_w1 -nt $_pyenvhook_s1 || ! -e $_pyenvhook_w1) ||
        -n $_pyenvhook_w2 && $_pyenvhook_w2 -nt $_pyenvhook_s2 ||
        -n $_pyenvhook_w3 && $_pyenvhook_w3 -nt $_pyenvhook_s3 ||
        -n $_pyenvhook_a && -e $_pyenvhook_a) ]]; then
        return "$_pyenvhook_ret"
    fi
    _pyenvhook_prompt_run
    return "$_pyenvhook_ret"
}

# A prompt at which something may have changed.
_pyenvhook_prompt_run() {
    if [[ -n ${_pyenvhook_notes-} ]]; then
        if [[ $PWD == "${_pyenvhook_notes_pwd-}" ]]; then builtin printf '%s' "$_pyenvhook_notes" >&2; fi
        _pyenvhook_notes=
    fi
    if [[ -n ${_pyenvhook_late-} ]]; then
        # The first prompt after init: a zoxide loaded after the hook has defined its
        # __zoxide_cd by now (see _pyenvhook_wrap).
        _pyenvhook_late=''
        if [[ -n $_pyenvhook_cd ]] && builtin declare -F __zoxide_cd >/dev/null; then
            _pyenvhook_wrap __zoxide_cd
        fi
    fi
    _pyenvhook_run
    if [[ -n $_pyenvhook_prompt && -n ${_PYENVHOOK_VENV-} && -z ${_pyenvhook_ps1-} ]]; then
        _pyenvhook_ps1_add
    fi
    _pyenvhook_settle
    return 0
}

# What the next idle prompt compares: the directory and VIRTUAL_ENV, set only when nothing is
# left to do here (the decision made for this directory, our venv or none in place with its
# prefix, its bin/ covered by the watch), and empty otherwise, so that such a prompt takes
# the slow path again: a venv whose bin/ the watch does not cover (export's via_venv) is
# looked at there at every prompt, which is rare, and spares the idle test one. Every run
# empties it first (_pyenvhook_run), so a cd or a command between prompts cannot leave it
# standing. _pyenvhook_here: this directory when the project's root is above it, where a
# marker or .venv made here would be nearer.
_pyenvhook_settle() {
    _pyenvhook_idle=
    if [[ $PWD == "${_pyenvhook_pwd-}" && ${VIRTUAL_ENV-} == "${_PYENVHOOK_VENV-}" &&
        (-z ${_PYENVHOOK_VENV-} || (-n $_pyenvhook_t &&
        (-z $_pyenvhook_prompt || -n ${_pyenvhook_ps1-}))) ]]; then
        _pyenvhook_idle=$PWD:${VIRTUAL_ENV-}
        if [[ ${_pyenvhook_key-} == "$PWD" ]]; then _pyenvhook_here=; else _pyenvhook_here=$PWD; fi
    fi
    return 0
}

# After cd, pushd and popd, so that `cd proj && pytest` runs in the venv, as in zsh and fish.
# Every cd the hook acts on ends in the right venv: one that crosses into another project
# runs the binary, the second cd of a command line, a loop's and a subshell's too (`cd
# proj/sub; cd ..; pytest` runs in proj's venv, not in none); leaving is pure shell. A cd
# may lead to a directory no prompt shows (a loop's, a subshell's), so the binary says
# nothing then; when it activated nothing, the next prompt asks again and says why.
_pyenvhook_cd_hook() {
    _pyenvhook_notes=
    if [[ -n ${_pyenvhook_off-} || -z $_pyenvhook_cd ]]; then return 0; fi
    _pyenvhook_ran=
    _pyenvhook_oncd=1
    _pyenvhook_run
    _pyenvhook_oncd=''
    if [[ -n ${_pyenvhook_ran-} && -z ${_PYENVHOOK_VENV-} ]]; then
        _pyenvhook_pwd='' _pyenvhook_key=x _pyenvhook_notes=
    fi
    if [[ -n $_pyenvhook_prompt && -n ${_PYENVHOOK_VENV-} && -z ${_pyenvhook_ps1-} ]]; then
        _pyenvhook_ps1_add
    fi
    return 0
}

# $1 "-q": the binary's notes left out (after deny: the user knows).
_pyenvhook_refresh() {
    _pyenvhook_pwd=
    _pyenvhook_key=x
    if [[ -z ${_pyenvhook_off-} ]]; then _pyenvhook_run "$@"; fi
    return 0
}

# The command users type. off and on change this shell, so they are handled here; the rest
# goes to the binary, and commands that change what should be active take effect at once.
pyenvhook() {
    # Global options come before the command (pyenvhook -q create).
    local _pyenvhook_cmd=${1-}
    if [[ $_pyenvhook_cmd == -q || $_pyenvhook_cmd == --quiet ]]; then _pyenvhook_cmd=${2-}; fi
    # CMD --help is the binary's to answer, off and on included, and changes nothing.
    if [[ " $* " == *" --help "* || " $* " == *" -h "* ]]; then _pyenvhook_cmd=help; fi
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
    create | allow | use) _pyenvhook_refresh ;;
    deny) _pyenvhook_refresh -q ;;
    esac
    # create --force may have put other programs where the hashed ones were.
    if [[ $_pyenvhook_cmd == create ]]; then builtin hash -r; fi
    return "$_pyenvhook_rc"
}

# The wrappers of cd, pushd and popd call whatever was there before: the builtin, or a
# function the user (or a tool) defined before this ran, kept as _pyenvhook_next_NAME. zoxide's
# __zoxide_cd, behind z, is one such function; its `\builtin cd` passes by our cd, so it is
# wrapped too: here when zoxide was loaded first, else at the first prompt after init (one
# command substitution, once). Running init again keeps our own wrapper.
_pyenvhook_wrap() {
    local f
    if builtin declare -F "$1" >/dev/null; then
        f=$(builtin declare -f "$1")
        if [[ $f == *_pyenvhook_next_"$1"* ]]; then return 0; fi
        builtin eval "_pyenvhook_next_$1${f#"$1"}"
    elif [[ $1 == __zoxide_cd ]]; then
        return 0
    else
        builtin eval "_pyenvhook_next_$1() { builtin $1 \"\$@\"; }"
    fi
    builtin eval "$1() {
        local _pyenvhook_r=0
        _pyenvhook_next_$1 \"\$@\" || _pyenvhook_r=\$?
        _pyenvhook_cd_hook
        return \"\$_pyenvhook_r\"
    }"
}
if [[ -n $_pyenvhook_cd ]]; then
    for _pyenvhook_f in cd pushd popd __zoxide_cd; do _pyenvhook_wrap "$_pyenvhook_f"; done
    unset _pyenvhook_f
fi
# The next prompt takes the slow path, which looks for a __zoxide_cd defined after this.
_pyenvhook_late=1 _pyenvhook_pwd='' _pyenvhook_idle=''

# init --prompt again, after ~/.bashrc set PS1 afresh: the prefix is added at the next prompt.
# init without it: the prefix goes.
if [[ -n ${_pyenvhook_ps1-} && ( -z $_pyenvhook_prompt || ${PS1-} != "$_pyenvhook_ps1"* ) ]]; then
    _pyenvhook_ps1_remove
fi

# Registered once however often init runs, first so that prompt tools see the venv.
if [[ -v PROMPT_COMMAND && ${PROMPT_COMMAND@a} == *a* ]]; then
    if [[ " ${PROMPT_COMMAND[*]} " != *" _pyenvhook_hook "* ]]; then
        PROMPT_COMMAND=(_pyenvhook_hook "${PROMPT_COMMAND[@]}")
    fi
elif [[ ";${PROMPT_COMMAND-};" != *";_pyenvhook_hook;"* ]]; then
    # shellcheck disable=SC2128,SC2178 # the string form, told apart above
    PROMPT_COMMAND="_pyenvhook_hook${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
fi
