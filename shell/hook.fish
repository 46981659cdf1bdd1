# pyenvhook's hook for fish, printed by `pyenvhook init fish`; @NAMES@ are filled in then.
#
# This runs at every prompt and on every change of directory, so the usual path is builtins
# only: no program started. The binary runs only when the nearest project may have changed,
# and leaving a project needs no binary: the hook knows what it added.

set -g _pyenvhook_bin @PYENVHOOK_BIN@
set -g _pyenvhook_prompt @PYENVHOOK_PROMPT@
set -g _pyenvhook_cd @PYENVHOOK_CD@
# The files the last decision rests on and their stamps (see _pyenvhook_watch); kept when
# init runs again, so that re-reading config.fish does not forget them.
set -q _pyenvhook_wtest; or set -g _pyenvhook_wtest -n ''

# Most prompts change nothing, and one test settles them with no function called. What the
# directory and VIRTUAL_ENV were is not compared: their changes end _pyenvhook_ok as they
# happen (_pyenvhook_cd_hook, _pyenvhook_venv_set), which costs fish less than expanding
# them at each prompt. What files to test was worked out by _pyenvhook_settle, so the idle
# prompt expands one variable for all of them. It comes first in this file: fish counts the
# lines from the start of the source up to each command it runs in it, for its messages.
function _pyenvhook_hook --on-event fish_prompt
    set -l ret $status
    if set -q _pyenvhook_ok
        test $_pyenvhook_idle; or return $ret
    end
    set -q _pyenvhook_off; and return $ret
    if set -q _pyenvhook_notes[1]
        test "$PWD" = "$_pyenvhook_notes_pwd"; and printf '%s' $_pyenvhook_notes >&2
        set -e _pyenvhook_notes
    end
    _pyenvhook_run
    _pyenvhook_settle
    return $ret
end

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
    _pyenvhook_watch
    return 0
end

# The binary names what its decision rests on (src/watch.h): the marker with its stamp, an
# empty file whose mtime is a copy of the marker's (an edit or a new file put in its place
# makes the marker newer); a file whose appearance matters (a venv made where there was
# none); the venv's pyvenv.cfg with its stamp (a venv made afresh has a newer one); and
# $argv[7] $argv[8], unless a marker decided, the project's directory with its stamp (a name
# that came into it may outrank what decided). -nt
# is true when the stamp is missing but false when the file is, so a deleted marker needs
# its own -e. $argv[4] "1": the marker's stamp is reached through the active venv's bin/
# (export's via_venv), so that -nt is true once the venv is gone and the idle prompt need
# not test bin/ apart.
# What is watched is kept as the arguments of one test, true when a file changed, which the
# slow path (_pyenvhook_changed) and the idle prompt (_pyenvhook_settle) both use: one test
# builtin for all of it, as each builtin fish runs costs more than the stats it makes. The
# paths are absolute, so test never takes one for an operator.
function _pyenvhook_watch
    set -g _pyenvhook_t "$argv[4]"
    set -g _pyenvhook_wtest -n ''
    test -n "$argv[1]"; and set -a _pyenvhook_wtest -o $argv[1] -nt $argv[2] -o ! -e $argv[1]
    test -n "$argv[5]"; and set -a _pyenvhook_wtest -o $argv[5] -nt $argv[6]
    test -n "$argv[7]"; and set -a _pyenvhook_wtest -o $argv[7] -nt $argv[8]
    test -n "$argv[3]"; and set -a _pyenvhook_wtest -o -e $argv[3]
    return 0
end

# Whether a watched file changed since the decision.
function _pyenvhook_changed
    test $_pyenvhook_wtest
end

# Whether directory $argv[1] holds a marker, a .venv (directory or PEP 832 file) or another
# tool's file (see hook.bash for why these): one test builtin, as each costs fish more than
# its stats.
function _pyenvhook_here
    test -e "$argv[1]/.pyenvhook.json" -o -L "$argv[1]/.pyenvhook.json" -o -e "$argv[1]/.venv" -o -e "$argv[1]/.python-version" -o -e "$argv[1]/pyproject.toml" -o -e "$argv[1]/Pipfile" -o -e "$argv[1]/.python-envs"
end

# Asks the binary what belongs here; $argv[1] "-q" leaves out its notes.
function _pyenvhook_export
    _pyenvhook_watch
    if not test -x "$_pyenvhook_bin"
        # Nothing can be decided without it, and what is active belongs to where we were.
        test -n "$_PYENVHOOK_VENV"; and _pyenvhook_leave
        if not set -q _pyenvhook_gone
            set -g _pyenvhook_gone 1
            printf 'pyenvhook: %s is gone; no venv is activated until it is back\n' "$_pyenvhook_bin" >&2
        end
        return 0
    end
    set -e _pyenvhook_gone
    set -g _pyenvhook_ran 1
    if set -q _pyenvhook_oncd
        # For a cd, which no prompt may show: what it says is held (see _pyenvhook_held).
        $_pyenvhook_bin export --hold fish 2>/dev/null | source
    else
        $_pyenvhook_bin $argv export fish | source
    end
    return 0
end

# What the binary said for a cd (export --hold), kept for the next prompt if it shows this
# directory. When the cd activated nothing, that prompt asks again and says it then.
function _pyenvhook_held
    set -g _pyenvhook_notes $argv[1]
    set -g _pyenvhook_notes_pwd $PWD
end

# $argv[1] "-q": the binary's notes left out.
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
    if _pyenvhook_changed
        # The marker or the venv changed under us (an edit, a git pull, a new venv): the
        # answer may be another one, so ask again.
        set -g _pyenvhook_pwd ''
        set -g _pyenvhook_key x
    end
    if set -q _pyenvhook_pwd; and test "$PWD" = "$_pyenvhook_pwd"
        # Same directory: only a project's file made right here can change the answer (at
        # the project's own level, the watched directory tells).
        test "$_pyenvhook_key" = "$PWD"; and return 0
        _pyenvhook_here $PWD; or return 0
    end
    set -g _pyenvhook_pwd $PWD
    # k: the nearest directory at or above $PWD that holds a marker or a .venv, '' for none.
    # The binary makes the real decision (settings, trust); this only tells whether its
    # answer may have changed.
    set -l k $PWD
    # Another tool's files count too (see hook.bash for why these).
    if not _pyenvhook_here $k
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
            if _pyenvhook_here $d
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
        _pyenvhook_export $argv
    else if test -n "$_PYENVHOOK_VENV"
        _pyenvhook_leave
    else
        _pyenvhook_watch
    end
    return 0
end

# After a prompt's run: when nothing is left to do here (the decision made for this
# directory, our venv or none in place), the tests that tell the next prompt something
# changed: the watched files (see _pyenvhook_watch), and a project's file made right here
# when the project's root is above.
function _pyenvhook_settle
    set -e _pyenvhook_ok
    test "$PWD" = "$_pyenvhook_pwd" -a "$VIRTUAL_ENV" = "$_PYENVHOOK_VENV"; or return 0
    # A venv whose bin/ the watch does not cover (export's via_venv) is looked at by the slow
    # path at every prompt: rare, and one test fewer here.
    test -n "$_PYENVHOOK_VENV" -a -z "$_pyenvhook_t"; and return 0
    set -l c $_pyenvhook_wtest
    test "$_pyenvhook_key" = "$PWD"; or set -a c -o -e $PWD/.pyenvhook.json -o -e $PWD/.venv -o -e $PWD/.python-version -o -e $PWD/pyproject.toml -o -e $PWD/Pipfile
    set -g _pyenvhook_idle $c
    set -g _pyenvhook_ok 1
    return 0
end

function _pyenvhook_venv_set --on-variable VIRTUAL_ENV
    set -e _pyenvhook_ok
end

# On every change of directory, so that `cd proj; pytest` runs in the venv. Every cd the
# hook acts on ends in the right venv: one that crosses into another project runs the
# binary, the second cd of a command line and a loop's too; leaving needs no binary. A cd
# may lead to a directory no prompt shows (a loop's), so the binary says nothing then; when
# it activated nothing, the next prompt asks again and says why.
function _pyenvhook_cd_hook --on-variable PWD
    set -e _pyenvhook_ok
    set -e _pyenvhook_notes
    set -q _pyenvhook_off; and return 0
    test -n "$_pyenvhook_cd"; or return 0
    set -e _pyenvhook_ran
    set -g _pyenvhook_oncd 1
    _pyenvhook_run
    set -e _pyenvhook_oncd
    if set -q _pyenvhook_ran; and test -z "$_PYENVHOOK_VENV"
        set -g _pyenvhook_pwd ''
        set -g _pyenvhook_key x
        set -e _pyenvhook_notes
    end
    return 0
end

# $argv[1] "-q": the binary's notes left out (after deny: the user knows).
function _pyenvhook_refresh
    set -g _pyenvhook_pwd ''
    set -g _pyenvhook_key x
    set -q _pyenvhook_off; or _pyenvhook_run $argv
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
    # CMD --help is the binary's to answer, off and on included, and changes nothing.
    if contains -- --help $argv; or contains -- -h $argv
        set cmd help
    end
    switch "$cmd"
        case off
            set -g _pyenvhook_off 1
            set -e _pyenvhook_ok
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
        case create allow use
            _pyenvhook_refresh
        case deny
            _pyenvhook_refresh -q
    end
    return $rc
end

# fish draws its prompt with a function, so the venv's name goes in front of its output. When
# config.fish is read again, its fish_prompt replaces ours: wrap that one instead.
if test -n "$_pyenvhook_prompt"
    and not functions fish_prompt 2>/dev/null | string match -q '*_pyenvhook_orig_fish_prompt*'
    functions -e _pyenvhook_orig_fish_prompt
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
