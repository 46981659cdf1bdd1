# pyenvhook's hook for tcsh, written to the cache by `pyenvhook init tcsh`, which prints the
# line that sources it; @NAMES@ are filled in then.
#
# tcsh has no functions, and an alias is one line in which every variable is expanded before
# any test runs. So the aliases only test (builtins, all their variables always set) and,
# when something may have changed, source this file again with _pyenvhook_fn naming the part
# to run: each part is a label below.
if ( $?_pyenvhook_fn ) then
    set _pyenvhook_go = $_pyenvhook_fn
    unset _pyenvhook_fn
    goto _pyenvhook_$_pyenvhook_go
endif

set _pyenvhook_bin = @PYENVHOOK_BIN@
set _pyenvhook_prompt = @PYENVHOOK_PROMPT@
set _pyenvhook_cd = @PYENVHOOK_CD@
# Where export's output is put to be sourced: backquotes would join its lines.
set _pyenvhook_out = "$_pyenvhook_self:h/out-tcsh.$$"
# A path that can never exist, for watches not in use.
set _pyenvhook_none = /dev/null/none
if ( ! $?_pyenvhook_w1 ) then
    set _pyenvhook_fn = watch
    set _pyenvhook_argv = ( )
    source "$_pyenvhook_self"
endif
# tcsh has one precmd and one cwdcmd alias: the user's, when set, is kept and run too
# (loading the hook twice keeps the first copy, not ours).
if ( ! $?_pyenvhook_loaded ) then
    alias _pyenvhook_user_precmd "`alias precmd`"
    alias _pyenvhook_user_cwdcmd "`alias cwdcmd`"
    set _pyenvhook_loaded
endif
# The idle prompt: one if of file tests; the part "prompt" runs only when one says a change.
alias precmd 'set _pyenvhook_rc = $status ; if ( ! $?_pyenvhook_off && ( ! $?_pyenvhook_ok || $?VIRTUAL_ENV != $?_PYENVHOOK_VENV || -M "$_pyenvhook_w1" != $_pyenvhook_m1 || -I "$_pyenvhook_w1" != $_pyenvhook_i1 || -Z "$_pyenvhook_w1" != $_pyenvhook_z1 || -M "$_pyenvhook_w2" != $_pyenvhook_m2 || -I "$_pyenvhook_w2" != $_pyenvhook_i2 || -e "$_pyenvhook_a1" || -e "$_pyenvhook_h1" || -e "$_pyenvhook_h2" ) ) source "$_pyenvhook_self" ; set status = $_pyenvhook_rc ; _pyenvhook_user_precmd ; set status = $_pyenvhook_rc'
alias cwdcmd 'unset _pyenvhook_ok ; unset _pyenvhook_notes ; set _pyenvhook_fn = cd ; source "$_pyenvhook_self" ; _pyenvhook_user_cwdcmd'
# What export prints are calls of these.
alias _pyenvhook_enter 'set _pyenvhook_argv = ( \!* ) ; set _pyenvhook_fn = enter ; source "$_pyenvhook_self"'
alias _pyenvhook_leave 'set _pyenvhook_fn = leave ; source "$_pyenvhook_self"'
alias _pyenvhook_watch 'set _pyenvhook_argv = ( \!* ) ; set _pyenvhook_fn = watch ; source "$_pyenvhook_self"'
alias _pyenvhook_held 'set _pyenvhook_notes = ( \!* ) ; set _pyenvhook_notes_pwd = "$cwd"'
alias pyenvhook 'set _pyenvhook_cmd = ( \!* ) ; set _pyenvhook_fn = cmd ; source "$_pyenvhook_self"'
# The prompt's prefix: tcsh's prompt is a variable, so the part "prompt" rewrites it.
if ( "$_pyenvhook_prompt" != "" && ! $?_pyenvhook_prompt_orig ) then
    if ( $?prompt ) set _pyenvhook_prompt_orig = "$prompt"
endif
goto _pyenvhook_end

_pyenvhook_prompt:
    set _pyenvhook_fn = run
    source "$_pyenvhook_self"
    if ( $?_pyenvhook_notes ) then
        # A block, not a one-line if: tcsh -n (the lint) fails on a redirection in one.
        if ( "$_pyenvhook_notes_pwd" == "$cwd" ) then
            echo -n "$_pyenvhook_notes:q" >& /dev/stderr
        endif
        unset _pyenvhook_notes
    endif
    set _pyenvhook_fn = settle
    source "$_pyenvhook_self"
    goto _pyenvhook_end

_pyenvhook_cd:
    if ( $?_pyenvhook_off || "$_pyenvhook_cd" == "" ) goto _pyenvhook_end
    set _pyenvhook_oncd
    set _pyenvhook_fn = run
    source "$_pyenvhook_self"
    unset _pyenvhook_oncd
    goto _pyenvhook_end

# What was there before is kept in exported variables, "=value" for set and "" for unset,
# so that a child shell can restore it as exactly as this one.
_pyenvhook_enter:
    setenv _PYENVHOOK_PYTHONHOME ''
    if ( $?PYTHONHOME ) then
        setenv _PYENVHOOK_PYTHONHOME "=$PYTHONHOME:q"
    endif
    setenv _PYENVHOOK_PROMPT_OLD ''
    if ( $?VIRTUAL_ENV_PROMPT ) then
        setenv _PYENVHOOK_PROMPT_OLD "=$VIRTUAL_ENV_PROMPT:q"
    endif
    setenv _PYENVHOOK_VENV "$_pyenvhook_argv[1]:q"
    setenv VIRTUAL_ENV "$_pyenvhook_argv[1]:q"
    setenv VIRTUAL_ENV_PROMPT "$_pyenvhook_argv[2]:q"
    setenv PATH "$_pyenvhook_argv[1]:q/bin:$PATH:q"
    unsetenv PYTHONHOME
    goto _pyenvhook_end

# Removes the one PATH entry we added, wherever it now stands; whatever else the user did to
# PATH meanwhile stays. path is tcsh's list view of PATH.
_pyenvhook_leave:
    set _pyenvhook_p = ( )
    set _pyenvhook_x = "$_PYENVHOOK_VENV:q/bin"
    set _pyenvhook_gone = 0
    foreach _pyenvhook_e ( $path:q )
        if ( "$_pyenvhook_e" == "$_pyenvhook_x" && $_pyenvhook_gone == 0 ) then
            set _pyenvhook_gone = 1
        else
            set _pyenvhook_p = ( $_pyenvhook_p:q "$_pyenvhook_e" )
        endif
    end
    set path = ( $_pyenvhook_p:q )
    unsetenv PYTHONHOME
    unsetenv VIRTUAL_ENV_PROMPT
    if ( "$_PYENVHOOK_PROMPT_OLD" != "" ) then
        set _pyenvhook_x = "$_PYENVHOOK_PROMPT_OLD:q"
        setenv VIRTUAL_ENV_PROMPT "$_pyenvhook_x:s/=//:q"
    endif
    if ( "$_PYENVHOOK_PYTHONHOME" != "" ) then
        set _pyenvhook_x = "$_PYENVHOOK_PYTHONHOME:q"
        setenv PYTHONHOME "$_pyenvhook_x:s/=//:q"
    endif
    unsetenv VIRTUAL_ENV _PYENVHOOK_VENV _PYENVHOOK_PYTHONHOME _PYENVHOOK_PROMPT_OLD
    set _pyenvhook_argv = ( )
    set _pyenvhook_fn = watch
    source "$_pyenvhook_self"
    goto _pyenvhook_end

# export's _pyenvhook_watch FILE STAMP APPEAR COVERS FILE2 STAMP2: tcsh cannot compare two
# files' times, so the stamps are not used; the files' mtime (to the second), inode and size
# are kept instead, which a new file renamed in place (git, editors) or a venv made afresh
# always changes, and an edit in place changes unless it keeps the size within one second.
_pyenvhook_watch:
    set _pyenvhook_w1 = $_pyenvhook_none
    set _pyenvhook_w2 = $_pyenvhook_none
    set _pyenvhook_a1 = $_pyenvhook_none
    if ( $#_pyenvhook_argv >= 1 ) then
        if ( "$_pyenvhook_argv[1]" != "" ) set _pyenvhook_w1 = "$_pyenvhook_argv[1]:q"
    endif
    if ( $#_pyenvhook_argv >= 3 ) then
        if ( "$_pyenvhook_argv[3]" != "" ) set _pyenvhook_a1 = "$_pyenvhook_argv[3]:q"
    endif
    if ( $#_pyenvhook_argv >= 5 ) then
        if ( "$_pyenvhook_argv[5]" != "" ) set _pyenvhook_w2 = "$_pyenvhook_argv[5]:q"
    endif
    set _pyenvhook_m1 = `filetest -M "$_pyenvhook_w1"`
    set _pyenvhook_i1 = `filetest -I "$_pyenvhook_w1"`
    set _pyenvhook_z1 = `filetest -Z "$_pyenvhook_w1"`
    set _pyenvhook_m2 = `filetest -M "$_pyenvhook_w2"`
    set _pyenvhook_i2 = `filetest -I "$_pyenvhook_w2"`
    if ( ! $?_pyenvhook_h1 ) set _pyenvhook_h1 = $_pyenvhook_none
    if ( ! $?_pyenvhook_h2 ) set _pyenvhook_h2 = $_pyenvhook_none
    goto _pyenvhook_end

# Whether the answer may have changed; if so, asks the binary.
_pyenvhook_run:
    # A venv that someone else activated is theirs.
    if ( $?VIRTUAL_ENV ) then
        if ( ! $?_PYENVHOOK_VENV ) goto _pyenvhook_end
        if ( "$VIRTUAL_ENV" != "$_PYENVHOOK_VENV" ) goto _pyenvhook_end
    endif
    if ( $?_PYENVHOOK_VENV ) then
        if ( ! $?VIRTUAL_ENV || ! -d "$_PYENVHOOK_VENV/bin" ) then
            # Deactivated behind our back, or deleted: restore, then ask afresh.
            set _pyenvhook_fn = leave
            source "$_pyenvhook_self"
            set _pyenvhook_key = x
        endif
    endif
    if ( -M "$_pyenvhook_w1" != $_pyenvhook_m1 || -I "$_pyenvhook_w1" != $_pyenvhook_i1 || -Z "$_pyenvhook_w1" != $_pyenvhook_z1 || -M "$_pyenvhook_w2" != $_pyenvhook_m2 || -I "$_pyenvhook_w2" != $_pyenvhook_i2 || -e "$_pyenvhook_a1" ) set _pyenvhook_key = x
    # k: the nearest directory at or above $cwd with a marker, a .venv or another tool's file.
    set _pyenvhook_d = "$cwd"
    set _pyenvhook_k = ""
    while ( 1 )
        set _pyenvhook_t = "$_pyenvhook_d"
        if ( "$_pyenvhook_t" == "/" ) set _pyenvhook_t = ""
        if ( -e "$_pyenvhook_t/.pyenvhook.json" || -l "$_pyenvhook_t/.pyenvhook.json" || -e "$_pyenvhook_t/.venv" || -e "$_pyenvhook_t/.python-version" || -e "$_pyenvhook_t/pyproject.toml" || -e "$_pyenvhook_t/Pipfile" ) then
            set _pyenvhook_k = "$_pyenvhook_d"
            break
        endif
        if ( "$_pyenvhook_d" == "/" ) break
        set _pyenvhook_d = "$_pyenvhook_d:h"
        if ( "$_pyenvhook_d" == "" ) set _pyenvhook_d = "/"
    end
    if ( $?_pyenvhook_key ) then
        if ( "$_pyenvhook_k" == "$_pyenvhook_key" ) goto _pyenvhook_end
    endif
    set _pyenvhook_key = "$_pyenvhook_k"
    if ( "$_pyenvhook_k" != "" ) then
        if ( ! -x "$_pyenvhook_bin" ) then
            if ( $?_PYENVHOOK_VENV ) then
                set _pyenvhook_fn = leave
                source "$_pyenvhook_self"
            endif
            echo "pyenvhook: $_pyenvhook_bin is gone; no venv is activated until it is back" >& /dev/stderr
            goto _pyenvhook_end
        endif
        if ( $?_pyenvhook_oncd ) then
            "$_pyenvhook_bin" export --hold tcsh >! "$_pyenvhook_out"
        else
            "$_pyenvhook_bin" export tcsh >! "$_pyenvhook_out"
        endif
        source "$_pyenvhook_out"
    else if ( $?_PYENVHOOK_VENV ) then
        set _pyenvhook_fn = leave
        source "$_pyenvhook_self"
    else
        set _pyenvhook_argv = ( )
        set _pyenvhook_fn = watch
        source "$_pyenvhook_self"
    endif
    goto _pyenvhook_end

# After a prompt's run: what tells the next prompt that something changed here.
_pyenvhook_settle:
    unset _pyenvhook_ok
    set _pyenvhook_h1 = $_pyenvhook_none
    set _pyenvhook_h2 = $_pyenvhook_none
    if ( "$_pyenvhook_key" != "$cwd" ) then
        set _pyenvhook_h1 = "$cwd/.pyenvhook.json"
        set _pyenvhook_h2 = "$cwd/.venv"
    endif
    if ( $?_pyenvhook_prompt_orig ) then
        set prompt = "$_pyenvhook_prompt_orig:q"
        if ( $?_PYENVHOOK_VENV && $?VIRTUAL_ENV_PROMPT && ! $?VIRTUAL_ENV_DISABLE_PROMPT ) then
            set prompt = "($VIRTUAL_ENV_PROMPT:q) $_pyenvhook_prompt_orig:q"
        endif
    endif
    if ( $?VIRTUAL_ENV == $?_PYENVHOOK_VENV ) set _pyenvhook_ok
    goto _pyenvhook_end

# The command users type. off and on change this shell, so they are handled here; the rest
# goes to the binary, and commands that change what should be active take effect at once.
_pyenvhook_cmd:
    set _pyenvhook_c = ""
    if ( $#_pyenvhook_cmd >= 1 ) set _pyenvhook_c = "$_pyenvhook_cmd[1]:q"
    if ( ( "$_pyenvhook_c" == -q || "$_pyenvhook_c" == --quiet ) && $#_pyenvhook_cmd >= 2 ) then
        set _pyenvhook_c = "$_pyenvhook_cmd[2]:q"
    endif
    foreach _pyenvhook_e ( $_pyenvhook_cmd:q )
        if ( "$_pyenvhook_e" == --help || "$_pyenvhook_e" == -h ) set _pyenvhook_c = help
    end
    if ( "$_pyenvhook_c" == off ) then
        set _pyenvhook_off
        unset _pyenvhook_ok
        if ( $?_PYENVHOOK_VENV && $?VIRTUAL_ENV ) then
            if ( "$VIRTUAL_ENV" == "$_PYENVHOOK_VENV" ) then
                set _pyenvhook_fn = leave
                source "$_pyenvhook_self"
            endif
        endif
        goto _pyenvhook_end
    endif
    if ( "$_pyenvhook_c" == on ) then
        unset _pyenvhook_off
        set _pyenvhook_key = x
        set _pyenvhook_fn = prompt
        source "$_pyenvhook_self"
        goto _pyenvhook_end
    endif
    setenv _PYENVHOOK_HOOK tcsh
    setenv _PYENVHOOK_PAUSED ''
    if ( $?_pyenvhook_off ) setenv _PYENVHOOK_PAUSED 1
    "$_pyenvhook_bin" $_pyenvhook_cmd:q
    set _pyenvhook_crc = $status
    unsetenv _PYENVHOOK_HOOK _PYENVHOOK_PAUSED
    if ( $_pyenvhook_crc == 0 && ! $?_pyenvhook_off ) then
        if ( "$_pyenvhook_c" == create || "$_pyenvhook_c" == allow || "$_pyenvhook_c" == use || "$_pyenvhook_c" == deny ) then
            set _pyenvhook_key = x
            set _pyenvhook_fn = prompt
            source "$_pyenvhook_self"
        endif
    endif
    set status = $_pyenvhook_crc
    goto _pyenvhook_end

_pyenvhook_end:
