#!/usr/bin/env bats
# `pyenvhook init`: what sourcing it does to a shell, in each real shell.

load test_helper

@test "init for each shell loads silently under the strictest flags (zoxide's check)" {
    run bash --norc --noprofile -euo pipefail -c 'eval "$("$PYENVHOOK" init bash)"; eval "$("$PYENVHOOK" init bash --prompt)"'
    [[ $status == 0 && -z $output ]]
    run zsh -f -o nounset -o ksh_arrays -o err_exit -o rc_quotes -c 'eval "$("$PYENVHOOK" init zsh)"'
    [[ $status == 0 && -z $output ]]
    run fish --no-config -c '$PYENVHOOK init fish | source; $PYENVHOOK init fish --prompt | source'
    [[ $status == 0 && -z $output ]]
}

@test "init registers the hook exactly once however often it runs" {
    run bash --norc --noprofile -c 'PROMPT_COMMAND="history -a"
        for i in 1 2 3; do eval "$("$PYENVHOOK" init bash)"; done; printf "%s" "$PROMPT_COMMAND"'
    [[ $output == "_pyenvhook_hook;history -a" ]]
    run bash --norc --noprofile -c 'PROMPT_COMMAND=("history -a" "echo x")
        for i in 1 2 3; do eval "$("$PYENVHOOK" init bash)"; done; printf "<%s>" "${PROMPT_COMMAND[@]}"'
    [[ $output == "<_pyenvhook_hook><history -a><echo x>" ]]
    run zsh -f -c 'precmd_functions=(mine)
        repeat 3 eval "$("$PYENVHOOK" init zsh)"
        print -r -- "${precmd_functions[*]}|${chpwd_functions[*]}"'
    [[ $output == "_pyenvhook_hook mine|_pyenvhook_cd_hook" ]]
    run fish --no-config -c 'for i in 1 2 3; $PYENVHOOK init fish | source; end
        functions --handlers-type variable | string match -e _pyenvhook_cd_hook | count'
    [[ $output == 1 ]]
    # bash's cd wrapper wraps the builtin once, not itself: a cd still works, and once.
    run bash --norc --noprofile -c 'for i in 1 2 3; do eval "$("$PYENVHOOK" init bash)"; done
        cd / && pushd /tmp >/dev/null && popd >/dev/null && printf "%s " "$PWD"
        declare -f _pyenvhook_next_cd | grep -c "builtin cd"'
    [[ $output == "/ 1" ]]
}

# old_bash VERSION: runs init bash --prompt in a bash whose BASH_VERSION says VERSION (it is
# not readonly, BASH_VERSINFO is), after a PS1 and a PROMPT_COMMAND of the user's; prints
# init's status, the two, what cd is and every name of ours; stderr goes to $T/err.
old_bash() {
    bash --norc --noprofile -u -c 'PS1="p\$ " PROMPT_COMMAND=mine BASH_VERSION=$1
        eval "$("$PYENVHOOK" init bash --prompt)"
        printf "%s|%s|%s|%s|" "$?" "$PROMPT_COMMAND" "$PS1" "$(type -t cd)"
        compgen -A function -A variable _pyenvhook | tr "\n" " "
        compgen -A function pyenvhook' _ "$1" 2>"$T/err"
}

@test "init bash in a bash older than 4.4 says so in one line and leaves the shell as it was" {
    local v
    for v in '3.2.57(1)-release' '4.3.48(1)-release' '4.0.44(1)-release'; do
        run old_bash "$v"
        [[ $output == '1|mine|p$ |builtin|' ]]
        [[ $(cat "$T/err") == "pyenvhook: bash ${v%.*} is too old for the hook: it needs 4.4 or later (it uses \${NAME@a} and [[ -v NAME ]]); the hook is not loaded" ]]
    done
    # 4.4 is enough: the hook loads, first in PROMPT_COMMAND, with its prefix to come.
    run old_bash '4.4.0(1)-release'
    [[ $output == '0|_pyenvhook_hook;mine|p$ |function|'*' _pyenvhook_hook '*pyenvhook ]]
    [[ ! -s $T/err ]]
}

@test "the frame around the bash hook is plain sh: any sh parses it, and none but a new bash reads the hook" {
    "$PYENVHOOK" init bash >"$T/init"
    # dash knows less than bash 3.2 does, and the hook alone is beyond it.
    dash -n "$T/init"
    ! dash -n "$PYH_SRC/shell/hook.bash" 2>/dev/null
    run dash -c 'eval "$(cat "$1")"; echo "status $?"' _ "$T/init"
    [[ $output == "pyenvhook: init bash: this shell is not bash; the hook is not loaded (pyenvhook init SHELL names yours)
status 1" ]]
    run env BASH_VERSION='3.2.57(1)-release' dash -c 'eval "$(cat "$1")"; echo "status $?"' _ "$T/init"
    [[ $output == "pyenvhook: bash 3.2 is too old for the hook: it needs 4.4 or later"*"
status 1" ]]
    run zsh -f -c 'eval "$(cat "$1")"; echo "status $?"; whence -w _pyenvhook_hook' _ "$T/init"
    [[ $output == "pyenvhook: init bash: this shell is not bash"*"
status 1
_pyenvhook_hook: none" ]]
}

@test "the README's fish line loads the hook in an interactive fish, not in fish -c" {
    local line
    line=$(sed -n 's/^| fish | `[^`]*` | `\(.*\)` |$/\1/p' "$PYH_SRC/README.md")
    line=${line//\\|/|}
    line=${line//pyenvhook init/\$PYENVHOOK init}
    [[ $line == *"init fish"* ]]
    run fish --no-config -c "$line; functions -q _pyenvhook_hook; and echo loaded; or echo not"
    [[ $status == 0 && $output == not ]]
    run script -qfec "fish --no-config -i -c '$line; functions -q _pyenvhook_hook; and echo loaded'" /dev/null
    [[ $output == *loaded* ]]
}

@test "init with an unknown shell is a usage error naming the shells" {
    run "$PYENVHOOK" init ksh
    [[ $status == 2 ]]
    [[ $output == "pyenvhook: init: 'ksh' is not a shell pyenvhook supports (bash, zsh, fish, tcsh, nu)" ]]
    run "$PYENVHOOK" init
    [[ $status == 2 && $output == "pyenvhook: init: which shell? (bash, zsh, fish, tcsh, nu)
usage: pyenvhook init SHELL [--prompt] [--no-cd]" ]]
}

@test "the hook calls the binary it was set up with, whatever PATH says later" {
    run hook_bin "$PYENVHOOK" init bash
    [[ $status == 0 && $output == "$(readlink -f "$PYENVHOOK")" ]]
}

@test "off and on outside a hooked shell say what to do and fail" {
    run "$PYENVHOOK" off
    [[ $status == 1 && $output == "pyenvhook: off: works only in a shell with the hook loaded"* ]]
}
