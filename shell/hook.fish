# pyenvhook's hook for fish, printed by `pyenvhook init fish`; @NAMES@ are filled in then.
#
# This runs at every prompt and on every change of directory, so the usual path is builtins
# only: no program started. The binary runs only when the nearest project may have changed,
# and leaving a project needs no binary: the hook knows what it added.

set -g _pyenvhook_bin @PYENVHOOK_BIN@
set -g _pyenvhook_prompt @PYENVHOOK_PROMPT@

# What was there before is kept in exported variables, "=value" for set and "" for unset,
# so that a child shell can restore it as exactly as this one.
function _pyenvhook_enter --argument-names venv prompt
    set -gx _PYENVHOOK_PYTHONHOME ''
    set -q PYTHONHOME; and set -gx _PYENVHOOK_PYTHONHOME "=$PYTHONHOME"
    set -gx _PYENVHOOK_PROMPT_OLD ''
    set -q VIRTUAL_ENV_PROMPT; and set -gx _PYENVHOOK_PROMPT_OLD "=$VIRTUAL_ENV_PROMPT"
    set -gx _PYENVHOOK_VENV $venv
    set -gx VIRTUAL_ENV $venv
    set -gx VIRTUAL_ENV_PROMPT $prompt
    set -gx PATH "$venv/bin" $PATH
    set -e PYTHONHOME
    return 0
end

# Removes the one PATH entry we added, wherever it now stands; whatever else the user did to
# PATH meanwhile stays.
function _pyenvhook_leave
    if set -l i (contains -i -- "$_PYENVHOOK_VENV/bin" $PATH)
        set -e PATH[$i]
    end
    if test -n "$_PYENVHOOK_PYTHONHOME"
        set -gx PYTHONHOME (string sub -s 2 -- "$_PYENVHOOK_PYTHONHOME")
    else
        set -e PYTHONHOME
    end
    if test -n "$_PYENVHOOK_PROMPT_OLD"
        set -gx VIRTUAL_ENV_PROMPT (string sub -s 2 -- "$_PYENVHOOK_PROMPT_OLD")
    else
        set -e VIRTUAL_ENV_PROMPT
    end
    set -e VIRTUAL_ENV
    set -e _PYENVHOOK_VENV
    set -e _PYENVHOOK_PYTHONHOME
    set -e _PYENVHOOK_PROMPT_OLD
    return 0
end

function _pyenvhook_export
    if not test -x "$_pyenvhook_bin"
        if not set -q _pyenvhook_gone
            set -g _pyenvhook_gone 1
            printf 'pyenvhook: %s is gone; the hook does nothing until it is back\n' "$_pyenvhook_bin" >&2
        end
        return 0
    end
    set -e _pyenvhook_gone
    $_pyenvhook_bin export fish | source
    return 0
end

function _pyenvhook_run
    # A venv that someone else activated is theirs.
    if test -n "$VIRTUAL_ENV"; and test "$VIRTUAL_ENV" != "$_PYENVHOOK_VENV"
        return 0
    end
    if test -n "$_PYENVHOOK_VENV"
        if test -z "$VIRTUAL_ENV"; or not test -d "$_PYENVHOOK_VENV/bin"
            # Deactivated behind our back, or deleted: restore, then ask afresh.
            _pyenvhook_leave
            set -g _pyenvhook_pwd ''
            set -g _pyenvhook_key x
        end
    end
    if set -q _pyenvhook_pwd; and test "$PWD" = "$_pyenvhook_pwd"
        # Same directory: only a marker or .venv made right here can change the answer.
        test "$_pyenvhook_key" = "$PWD"; and return 0
        test -e "$PWD/.pyenvhook.json"; or test -e "$PWD/.venv/pyvenv.cfg"; or return 0
    end
    set -g _pyenvhook_pwd $PWD
    # k: the nearest directory at or above $PWD that holds a marker or a .venv, '' for none.
    # The binary makes the real decision (settings, trust); this only tells whether its
    # answer may have changed.
    set -l k $PWD
    if not test -e "$k/.pyenvhook.json"; and not test -L "$k/.pyenvhook.json"; and not test -e "$k/.venv/pyvenv.cfg"
        # Not here: the directories above, nearest first, from one command substitution
        # rather than one a level (each costs fish a pipe and a hand-over to another thread).
        set -l up ''
        set -l d ''
        for p in (string split -n / -- $PWD)
            set d "$d/$p"
            set -p up $d
        end
        set k ''
        for d in $up[2..-1]
            if test -e "$d/.pyenvhook.json"; or test -L "$d/.pyenvhook.json"; or test -e "$d/.venv/pyvenv.cfg"
                set k $d
                test -n "$k"; or set k /
                break
            end
        end
    end
    if set -q _pyenvhook_key; and test "$k" = "$_pyenvhook_key"
        return 0
    end
    set -g _pyenvhook_key $k
    if test -n "$k"
        _pyenvhook_export
    else if test -n "$_PYENVHOOK_VENV"
        _pyenvhook_leave
    end
    return 0
end

function _pyenvhook_hook --on-variable PWD --on-event fish_prompt
    set -l ret $status
    set -q _pyenvhook_off; and return $ret
    # Most prompts change nothing, and these tests settle them with no function called: the
    # same directory, our venv (or none) still in place, and no marker or .venv made right
    # here. _pyenvhook_run says the same at length.
    if test "$PWD" = "$_pyenvhook_pwd"; and test "$VIRTUAL_ENV" = "$_PYENVHOOK_VENV"
        and begin
            test -z "$_PYENVHOOK_VENV"; or test -d "$_PYENVHOOK_VENV/bin"
        end
        and begin
            test "$_pyenvhook_key" = "$PWD"
            or not begin
                test -e "$PWD/.pyenvhook.json"; or test -e "$PWD/.venv/pyvenv.cfg"
            end
        end
        return $ret
    end
    _pyenvhook_run
    return $ret
end

function _pyenvhook_refresh
    set -g _pyenvhook_pwd ''
    set -g _pyenvhook_key x
    set -q _pyenvhook_off; or _pyenvhook_run
    return 0
end

# The command users type. off and on change this shell, so they are handled here; the rest
# goes to the binary, and commands that change what should be active take effect at once.
function pyenvhook
    # Global options come before the command (pyenvhook -q create).
    set -l cmd $argv[1]
    if contains -- "$cmd" -q --quiet
        set cmd $argv[2]
    end
    switch "$cmd"
        case off
            set -g _pyenvhook_off 1
            if test -n "$_PYENVHOOK_VENV"; and test "$VIRTUAL_ENV" = "$_PYENVHOOK_VENV"
                _pyenvhook_leave
            end
            return 0
        case on
            set -e _pyenvhook_off
            _pyenvhook_refresh
            return 0
    end
    set -lx _PYENVHOOK_HOOK fish
    set -lx _PYENVHOOK_PAUSED ''
    set -q _pyenvhook_off; and set _PYENVHOOK_PAUSED 1
    $_pyenvhook_bin $argv
    set -l rc $status
    # A command that failed changed nothing, and has said why: asking the binary again would
    # only say it a second time.
    test $rc -eq 0; or return $rc
    switch "$cmd"
        case create allow deny
            _pyenvhook_refresh
    end
    return $rc
end

# fish draws its prompt with a function, so the venv's name goes in front of its output.
if test -n "$_pyenvhook_prompt"; and not functions -q _pyenvhook_orig_fish_prompt
    functions -q fish_prompt; and functions -c fish_prompt _pyenvhook_orig_fish_prompt
    function _pyenvhook_status
        return $argv[1]
    end
    function fish_prompt
        set -l s $status
        if test -n "$_PYENVHOOK_VENV"; and test "$VIRTUAL_ENV" = "$_PYENVHOOK_VENV"; and not set -q VIRTUAL_ENV_DISABLE_PROMPT
            printf '(%s) ' "$VIRTUAL_ENV_PROMPT"
        end
        if functions -q _pyenvhook_orig_fish_prompt
            _pyenvhook_status $s
            _pyenvhook_orig_fish_prompt
        end
    end
end
