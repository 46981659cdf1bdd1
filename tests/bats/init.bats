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
    run "$PYENVHOOK" init bash
    [[ $output == *"_pyenvhook_bin='$(readlink -f "$PYENVHOOK")'"* ]]
}

@test "off and on outside a hooked shell say what to do and fail" {
    run "$PYENVHOOK" off
    [[ $status == 1 && $output == "pyenvhook: off: works only in a shell with the hook loaded"* ]]
}
