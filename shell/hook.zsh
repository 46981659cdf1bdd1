# pyenvhook's hook for zsh, printed by `pyenvhook init zsh`; @NAMES@ are filled in then.
#
# This runs before every prompt and after every cd, so the usual path is builtins only: no
# $(...), no program started. The binary runs only when the nearest project may have
# changed, and leaving a project needs no binary: the hook knows what it added. Every
# function starts with `emulate -L zsh`, so the user's options (KSH_ARRAYS, NOUNSET,
# RC_QUOTES, ...) cannot change what it does.

typeset -g _pyenvhook_bin=@PYENVHOOK_BIN@
typeset -g _pyenvhook_prompt=@PYENVHOOK_PROMPT@
typeset -g _pyenvhook_cd=@PYENVHOOK_CD@
# The files the last decision rests on and their stamps (see _pyenvhook_watch); kept when
# init runs again, so that re-reading ~/.zshrc does not forget them.
typeset -g _pyenvhook_w1=${_pyenvhook_w1-} _pyenvhook_s1=${_pyenvhook_s1-} _pyenvhook_a=${_pyenvhook_a-}
typeset -g _pyenvhook_t=${_pyenvhook_t-} _pyenvhook_w2=${_pyenvhook_w2-} _pyenvhook_s2=${_pyenvhook_s2-}
typeset -g _pyenvhook_w3=${_pyenvhook_w3-} _pyenvhook_s3=${_pyenvhook_s3-}
# Scratch for the hook, global so that the hot path assigns and never runs `local` or
# `typeset`: each builtin zsh runs costs it a few system calls, an assignment none.
typeset -g _pyenvhook_ret= _pyenvhook_subst= _pyenvhook_d= _pyenvhook_k=
typeset -g _pyenvhook_ran= _pyenvhook_oncd=
typeset -g _pyenvhook_notes= _pyenvhook_notes_pwd=
# The idle prompt's comparison (_pyenvhook_settle): emptied, so that the prompt after init
# takes the slow path and puts back a prefix that a fresh PS1 lost.
typeset -g _pyenvhook_idle= _pyenvhook_here=${_pyenvhook_here-}

# What was there before is kept in exported variables, "=value" for set and "" for unset,
# so that a child shell can restore it as exactly as this one.
_pyenvhook_enter() {
    emulate -L zsh
    export _PYENVHOOK_PYTHONHOME="${PYTHONHOME+=$PYTHONHOME}"
    export _PYENVHOOK_PROMPT_OLD="${VIRTUAL_ENV_PROMPT+=$VIRTUAL_ENV_PROMPT}"
    export _PYENVHOOK_VENV="$1" VIRTUAL_ENV="$1" VIRTUAL_ENV_PROMPT="$2"
    export PATH="$1/bin${PATH:+:$PATH}"
    unset PYTHONHOME
    builtin rehash
    if [[ -n $_pyenvhook_prompt ]]; then _pyenvhook_ps1_add; fi
    return 0
}

# Removes the one PATH entry we added, wherever it now stands; whatever else the user did to
# PATH meanwhile stays.
_pyenvhook_leave() {
    emulate -L zsh
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
    builtin rehash
    _pyenvhook_ps1_remove
    _pyenvhook_watch
    return 0
}

# The binary names what its decision rests on (src/watch.h): the marker with its stamp, an
# empty file 1 ns newer than the marker was; a file whose appearance matters (a venv made
# where there was none); the venv's pyvenv.cfg with its stamp; and $7 $8, unless a marker
# decided, the project's directory with its stamp (a name that came into it may outrank what
# decided). zsh's -nt is false when
# either file is missing, so `STAMP -nt FILE` stays true only while FILE is there as it was:
# an edit, a new file put in its place (git, editors), a deletion, and for pyvenv.cfg a venv
# removed or made afresh all make it false. The idle prompt spends four to six stats on them. $4
# "1": pyvenv.cfg is stamped, so the idle prompt need not test the venv's bin/ apart.
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
    emulate -L zsh
    if [[ -n ${VIRTUAL_ENV_DISABLE_PROMPT-} || -z ${_PYENVHOOK_VENV-} ]]; then return 0; fi
    if [[ -n ${_pyenvhook_subst-} ]]; then
        # With PROMPT_SUBST a reference, expanded when the prompt is drawn and never run;
        # the % it may hold are doubled so they are not prompt escapes.
        typeset -g _pyenvhook_ps1='(${VIRTUAL_ENV_PROMPT//\%/%%}) '
    else
        typeset -g _pyenvhook_ps1="(${VIRTUAL_ENV_PROMPT//\%/%%}) "
    fi
    PS1="$_pyenvhook_ps1${PS1-}"
    return 0
}

_pyenvhook_ps1_remove() {
    emulate -L zsh
    if [[ -n ${_pyenvhook_ps1-} && ${PS1-} == "$_pyenvhook_ps1"* ]]; then
        PS1=${PS1#"$_pyenvhook_ps1"}
    fi
    typeset -g _pyenvhook_ps1=
    return 0
}

# Asks the binary what belongs here; $1 "-q" leaves out its notes.
_pyenvhook_export() {
    emulate -L zsh
    _pyenvhook_watch
    if [[ ! -x $_pyenvhook_bin ]]; then
        # Nothing can be decided without it, and what is active belongs to where we were.
        if [[ -n ${_PYENVHOOK_VENV-} ]]; then _pyenvhook_leave; fi
        if [[ -z ${_pyenvhook_gone-} ]]; then
            typeset -g _pyenvhook_gone=1
            builtin printf 'pyenvhook: %s is gone; no venv is activated until it is back\n' \
                "$_pyenvhook_bin" >&2
        fi
        return 0
    fi
    typeset -g _pyenvhook_gone= _pyenvhook_ran=1
    local code
    if [[ -n $_pyenvhook_oncd ]]; then
        # For a cd, which no prompt may show: what it says is held (see _pyenvhook_held).
        code=$("$_pyenvhook_bin" export --hold zsh 2>/dev/null) || :
    else
        code=$("$_pyenvhook_bin" "$@" export zsh) || :
    fi
    builtin eval "$code"
    return 0
}

# $1 "-q": the binary's notes left out.
_pyenvhook_run() {
    _pyenvhook_idle=
    emulate -L zsh
    # A venv that someone else activated is theirs.
    if [[ -n ${VIRTUAL_ENV-} && $VIRTUAL_ENV != "${_PYENVHOOK_VENV-}" ]]; then return 0; fi
    if [[ -n ${_PYENVHOOK_VENV-} ]] && [[ -z ${VIRTUAL_ENV-} || ! -d $_PYENVHOOK_VENV/bin ]]; then
        # Deactivated behind our back, or deleted: restore, then ask afresh.
        _pyenvhook_leave
        typeset -g _pyenvhook_pwd= _pyenvhook_key=x
    fi
    if [[ (-n $_pyenvhook_w1 && ! $_pyenvhook_s1 -nt $_pyenvhook_w1) ||
        (-n $_pyenvhook_w2 && ! $_pyenvhook_s2 -nt $_pyenvhook_w2) ||
        (-n $_pyenvhook_w3 && ! $_pyenvhook_s3 -nt $_pyenvhook_w3) ||
        (-n $_pyenvhook_a && -e $_pyenvhook_a) ]]; then
        # The marker or the venv changed under us (an edit, a git pull, a new venv): the
        # answer may be another one, so ask again.
        # A venv made afresh under the same name has other programs where the hashed ones were.
        builtin rehash
        typeset -g _pyenvhook_pwd= _pyenvhook_key=x
    fi
    if [[ $PWD == "${_pyenvhook_pwd-}" ]]; then
        # Same directory: only a project's file made right here can change the answer (at
        # the project's own level, the watched directory tells).
        if [[ ${_pyenvhook_key-} == "$PWD" ]]; then return 0; fi
        if ! [[ -e $PWD/.pyenvhook.json || -e $PWD/.venv || -e $PWD/.python-version ||
            -e $PWD/pyproject.toml || -e $PWD/Pipfile ]]; then return 0; fi
    fi
    _pyenvhook_pwd=$PWD
    # _pyenvhook_k: the nearest directory at or above $PWD that holds a marker or a .venv,
    # "" for none.
    # The binary makes the real decision (settings, trust); this only tells whether its
    # answer may have changed. A level is one test and one assignment, which cost zsh no
    # system call beyond the tests' own; the root is looked at last, outside the loop.
    _pyenvhook_d=$PWD
    # Another tool's files count too (see hook.bash for why these).
    until [[ -z $_pyenvhook_d || -e $_pyenvhook_d/.pyenvhook.json ||
        -L $_pyenvhook_d/.pyenvhook.json || -e $_pyenvhook_d/.venv ||
        -e $_pyenvhook_d/.python-version || -e $_pyenvhook_d/pyproject.toml ||
        -e $_pyenvhook_d/Pipfile || -e $_pyenvhook_d/.python-envs ]]; do
        _pyenvhook_d=${_pyenvhook_d%/*}
    done
    if [[ -n $_pyenvhook_d || -e /.pyenvhook.json || -L /.pyenvhook.json || -e /.venv ||
        -e /.python-version || -e /pyproject.toml || -e /Pipfile || -e /.python-envs ]]; then
        _pyenvhook_k=${_pyenvhook_d:-/}
    else
        _pyenvhook_k=
    fi
    if [[ $_pyenvhook_k == "${_pyenvhook_key-x}" ]]; then return 0; fi
    _pyenvhook_key=$_pyenvhook_k
    if [[ -n $_pyenvhook_k ]]; then
        _pyenvhook_export "$@"
    elif [[ -n ${_PYENVHOOK_VENV-} ]]; then
        _pyenvhook_leave
    else
        _pyenvhook_watch
    fi
    return 0
}

_pyenvhook_hook() {
    _pyenvhook_ret=$?
    # Read before emulate resets it: the user's PROMPT_SUBST decides how PS1 is prefixed.
    if [[ -o promptsubst ]]; then _pyenvhook_subst=1; else _pyenvhook_subst=; fi
    emulate -L zsh
    # Most prompts change nothing, and one test settles them with no function called: paused;
    # or the directory and VIRTUAL_ENV as the last prompt left them (_pyenvhook_settle), no
    # project's file made right here, and the watched files as they were. One string
    # comparison for both, as each costs zsh more than a stat.
    if [[ -n ${_pyenvhook_off-} ]] || [[ $PWD:${VIRTUAL_ENV-} == "$_pyenvhook_idle" &&
        (-z $_pyenvhook_here || ! (-e $_pyenvhook_here/.pyenvhook.json ||
        -e $_pyenvhook_here/.venv || -e $_pyenvhook_here/.python-version ||
        -e $_pyenvhook_here/pyproject.toml || -e $_pyenvhook_here/Pipfile)) &&
        (-z $_pyenvhook_w1 || $_pyenvhook_s1 -nt $_pyenvhook_w1) &&
        (-z $_pyenvhook_w2 || $_pyenvhook_s2 -nt $_pyenvhook_w2) &&
        (-z $_pyenvhook_w3 || $_pyenvhook_s3 -nt $_pyenvhook_w3) &&
        ! (-n $_pyenvhook_a && -e $_pyenvhook_a) ]]; then
        return $_pyenvhook_ret
    fi
    if [[ -n $_pyenvhook_notes ]]; then
        if [[ $PWD == "$_pyenvhook_notes_pwd" ]]; then builtin printf '%s' "$_pyenvhook_notes" >&2; fi
        _pyenvhook_notes=
    fi
    _pyenvhook_run
    if [[ -n $_pyenvhook_prompt && -n ${_PYENVHOOK_VENV-} && -z ${_pyenvhook_ps1-} ]]; then
        _pyenvhook_ps1_add
    fi
    _pyenvhook_settle
    return $_pyenvhook_ret
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

# On every change of directory (chpwd), so that `cd proj && pytest` runs in the venv. Every
# cd the hook acts on ends in the right venv: one that crosses into another project runs the
# binary, the second cd of a command line, a loop's and a subshell's too; leaving is pure
# shell. A cd may lead to a directory no prompt shows, so the binary says nothing then; when
# it activated nothing, the next prompt asks again and says why.
_pyenvhook_cd_hook() {
    if [[ -o promptsubst ]]; then _pyenvhook_subst=1; else _pyenvhook_subst=; fi
    emulate -L zsh
    _pyenvhook_notes=
    if [[ -n ${_pyenvhook_off-} || -z $_pyenvhook_cd ]]; then return 0; fi
    _pyenvhook_ran= _pyenvhook_oncd=1
    _pyenvhook_run
    _pyenvhook_oncd=
    if [[ -n $_pyenvhook_ran && -z ${_PYENVHOOK_VENV-} ]]; then
        typeset -g _pyenvhook_pwd= _pyenvhook_key=x _pyenvhook_notes=
    fi
    if [[ -n $_pyenvhook_prompt && -n ${_PYENVHOOK_VENV-} && -z ${_pyenvhook_ps1-} ]]; then
        _pyenvhook_ps1_add
    fi
    return 0
}

# $1 "-q": the binary's notes left out (after deny: the user knows).
_pyenvhook_refresh() {
    emulate -L zsh
    typeset -g _pyenvhook_pwd= _pyenvhook_key=x
    if [[ -z ${_pyenvhook_off-} ]]; then _pyenvhook_run "$@"; fi
    return 0
}

# The command users type. off and on change this shell, so they are handled here; the rest
# goes to the binary, and commands that change what should be active take effect at once.
pyenvhook() {
    emulate -L zsh
    # Global options come before the command (pyenvhook -q create).
    local _pyenvhook_cmd=${1-}
    if [[ $_pyenvhook_cmd == -q || $_pyenvhook_cmd == --quiet ]]; then _pyenvhook_cmd=${2-}; fi
    # CMD --help is the binary's to answer, off and on included, and changes nothing.
    if [[ " $* " == *" --help "* || " $* " == *" -h "* ]]; then _pyenvhook_cmd=help; fi
    case $_pyenvhook_cmd in
    (off)
        typeset -g _pyenvhook_off=1
        if [[ -n ${_PYENVHOOK_VENV-} && ${VIRTUAL_ENV-} == "$_PYENVHOOK_VENV" ]]; then
            _pyenvhook_leave
        fi
        return 0
        ;;
    (on)
        typeset -g _pyenvhook_off=
        _pyenvhook_refresh
        return 0
        ;;
    esac
    local _pyenvhook_rc=0
    _PYENVHOOK_HOOK=zsh _PYENVHOOK_PAUSED=${_pyenvhook_off-} "$_pyenvhook_bin" "$@" ||
        _pyenvhook_rc=$?
    # A command that failed changed nothing, and has said why: asking the binary again would
    # only say it a second time.
    if (( _pyenvhook_rc != 0 )); then return $_pyenvhook_rc; fi
    case $_pyenvhook_cmd in
    (create | allow | use) _pyenvhook_refresh ;;
    (deny) _pyenvhook_refresh -q ;;
    esac
    # create --force may have put other programs where the hashed ones were.
    if [[ $_pyenvhook_cmd == create ]]; then builtin rehash; fi
    return $_pyenvhook_rc
}

# Registered once however often init runs, first so that prompt tools see the venv.
_pyenvhook_register() {
    emulate -L zsh
    typeset -ga precmd_functions chpwd_functions
    if (( ! ${precmd_functions[(I)_pyenvhook_hook]} )); then
        precmd_functions=(_pyenvhook_hook "${precmd_functions[@]}")
    fi
    # Before this version, chpwd ran the prompt's hook.
    chpwd_functions=("${(@)chpwd_functions:#_pyenvhook_hook}")
    if (( ! ${chpwd_functions[(I)_pyenvhook_cd_hook]} )); then
        chpwd_functions=(_pyenvhook_cd_hook "${chpwd_functions[@]}")
    fi
    # init --prompt again, after ~/.zshrc set PS1 afresh: the prefix is added at the next
    # prompt. init without it: the prefix goes.
    if [[ -n ${_pyenvhook_ps1-} && ( -z $_pyenvhook_prompt || ${PS1-} != "$_pyenvhook_ps1"* ) ]]; then
        _pyenvhook_ps1_remove
    fi
}
_pyenvhook_register
unfunction _pyenvhook_register
