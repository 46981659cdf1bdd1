# Test vocabulary for fish: the same words prelude.sh gives bash and zsh.
function fish_prompt
    printf '$ '
end
function probe
    set -l ve '<unset>'; set -q VIRTUAL_ENV; and set ve "$VIRTUAL_ENV"
    set -l vp '<unset>'; set -q VIRTUAL_ENV_PROMPT; and set vp "$VIRTUAL_ENV_PROMPT"
    set -l ph '<unset>'; set -q PYTHONHOME; and set ph "$PYTHONHOME"
    # string collect: a newline inside an entry must not split it into two list items
    set -l p '<unset>'; set -q PATH; and set p (string join : -- $PATH | string collect)
    printf '%s VIRTUAL_ENV=%s PROMPT=%s PYTHONHOME=%s PATH=%s\n' $argv[1] "$ve" "$vp" "$ph" "$p" >>$PYH_OUT
end
function probe_status
    printf 'status %s\n' $status >>$PYH_OUT
end
function probe_var
    if set -q $argv[1]
        printf '%s=%s\n' $argv[1] (string join : -- $$argv[1] | string collect) >>$PYH_OUT
    else
        printf '%s=<unset>\n' $argv[1] >>$PYH_OUT
    end
end
function probe_python
    python -c 'import sys; print("python", sys.prefix)' >>$PYH_OUT 2>&1
end
function note
    printf '%s\n' "$argv" >>$PYH_OUT
end
function setenv
    set -gx $argv[1] $argv[2]
end
function unsetenv
    set -e $argv[1]
end
function activate
    source $argv[1]/bin/activate.fish
end
function path_front
    set -gx PATH $argv[1] $PATH
end
function path_back
    set -gx PATH $PATH $argv[1]
end
function probe_prompt
    printf 'prompt=%s\n' (fish_prompt) >>$PYH_OUT
end
function child_check
    fish -c '$PYENVHOOK init fish | source; _pyenvhook_hook
        printf "child VIRTUAL_ENV=%s PATH=%s\n" "$VIRTUAL_ENV" (string join : -- $PATH) >>$PYH_OUT
        cd /; _pyenvhook_hook
        set -q VIRTUAL_ENV; or set VIRTUAL_ENV "<unset>"
        printf "child-left VIRTUAL_ENV=%s PATH=%s\n" "$VIRTUAL_ENV" (string join : -- $PATH) >>$PYH_OUT'
end
# fish has no set -u or set -e: its strictness is the default.
function strict_mode
end
