#!/usr/bin/env bats
# The conventions of a well-behaved command-line tool: --help, help COMMAND and the man page
# agree; --version tells the version meson.build declares; exit statuses 0, 1 and 2 mean what
# pyenvhook(1) says; messages go to stderr prefixed "pyenvhook:"; --quiet silences
# informational lines only; no colour or escapes, on a terminal or not; --json is one line
# with the documented keys.

load test_helper
bats_require_minimum_version 1.5.0

MAN="$PYH_SRC/docs/pyenvhook.1.scd"

# The commands `pyenvhook --help` lists, one a line.
help_commands() {
    "$PYENVHOOK" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p'
}

# The man page's COMMANDS entries, one a line, scdoc's *bold* and _underline_ taken off:
# "create [DIR] [--python X] ...".
man_commands() {
    sed -n '/^# COMMANDS$/,/^# /p' "$MAN" | grep '^\*' |
        sed -E 's/\*//g; s/(^|[^[:alnum:]])_([^_]+)_/\1\2/g'
}

# on_tty CMD...: runs CMD with a terminal as its stdin, stdout and stderr; $output is what
# the terminal showed (stdout and stderr together, CRs removed), $status its exit status.
on_tty() {
    local q
    printf -v q '%q ' "$@"
    run script -qfec "$q" /dev/null
    output=${output//$'\r'/}
}

@test "--version and -V print the version meson.build declares" {
    local want
    want=$(sed -n "s/^  version: '\(.*\)',$/\1/p" "$PYH_SRC/meson.build")
    [[ -n $want ]]
    run "$PYENVHOOK" --version
    [[ $status == 0 && $output == "pyenvhook $want" ]]
    run "$PYENVHOOK" -V
    [[ $status == 0 && $output == "pyenvhook $want" ]]
}

@test "every command in --help is in the man page with the same usage, and vice versa" {
    local -a listed documented
    mapfile -t listed < <(help_commands)
    mapfile -t documented < <(man_commands)
    [[ ${#listed[@]} -ge 5 && ${#documented[@]} -ge 5 ]]
    local c line usage found
    for c in "${listed[@]}"; do
        # `help COMMAND` gives the usage line; the man page must show the same.
        usage=$("$PYENVHOOK" help "$c" | sed -n 's/^usage: pyenvhook //p')
        found=
        for line in "${documented[@]}"; do
            [[ $line == "$usage" ]] && found=1
        done
        [[ -n $found ]] || {
            echo "'$usage' (from 'pyenvhook help $c') is not a COMMANDS entry of the man page" >&2
            printf '  man: %s\n' "${documented[@]}" >&2
            return 1
        }
    done
    for line in "${documented[@]}"; do
        c=${line%% *}
        if printf '%s\n' "${listed[@]}" | grep -qx -- "$c"; then continue; fi
        echo "the man page documents '$c', which 'pyenvhook --help' does not list" >&2
        return 1
    done
    # Hidden commands stay out of both.
    run "$PYENVHOOK" --help
    [[ $output != *"  export "* ]]
    run grep -c '^export' < <(printf '%s\n' "${documented[@]}")
    [[ $output == 0 ]]
}

@test "the global options in --help are the man page's OPTIONS" {
    local from_help from_man
    from_help=$("$PYENVHOOK" --help | sed -n '/^Options:/,/^$/p' | grep -oE -- '--?[a-zA-Z-]+' |
        sort -u)
    from_man=$(sed -n '/^# OPTIONS$/,/^# /p' "$MAN" | grep '^\*' | grep -oE -- '--?[a-zA-Z-]+' |
        sort -u)
    [[ -n $from_help && $from_help == "$from_man" ]] || {
        diff <(echo "$from_help") <(echo "$from_man") >&2
        return 1
    }
}

@test "exit status 0 for success, 1 for failure, 2 for usage" {
    run "$PYENVHOOK" status
    [[ $status == 0 ]]
    run "$PYENVHOOK" help init
    [[ $status == 0 ]]
    run "$PYENVHOOK" --help
    [[ $status == 0 ]]
    # usage
    local -a bad
    for bad in "" "frobnicate" "status --bogus" "init" "init tcsh" "help frobnicate" \
        "help init status" "-x"; do
        # shellcheck disable=SC2086 # the words of each case
        run "$PYENVHOOK" $bad
        [[ $status == 2 ]] || {
            echo "'pyenvhook $bad' exited $status, not 2" >&2
            return 1
        }
    done
    # failure: off without the hook, and a broken marker
    run "$PYENVHOOK" off
    [[ $status == 1 ]]
    mkdir -p "$T/broken"
    echo '{"venv": 42}' >"$T/broken/.pyenvhook.json"
    cd "$T/broken"
    run "$PYENVHOOK" status
    [[ $status == 1 ]]
}

@test "errors go to stderr, one line each, prefixed pyenvhook: (usage lines name it too)" {
    local c
    for c in "frobnicate" "status --bogus" "init tcsh" "init" "help frobnicate" "off" "on" "-x"; do
        # shellcheck disable=SC2086 # the words of each case
        "$PYENVHOOK" $c >"$T/out" 2>"$T/err" || :
        [[ -s $T/err && ! -s $T/out ]] || {
            echo "'pyenvhook $c': stdout '$(cat "$T/out")', stderr '$(cat "$T/err")'" >&2
            return 1
        }
        if grep -Ev '^(pyenvhook: |usage: pyenvhook )' "$T/err" >&2; then
            echo "^ from 'pyenvhook $c': a stderr line without the prefix" >&2
            return 1
        fi
    done
    # A broken settings file is an error beside status's report, with the prefix too.
    mkdir -p "$XDG_CONFIG_HOME/pyenvhook"
    echo '{"implicit_venv": "yes"}' >"$XDG_CONFIG_HOME/pyenvhook/config.json"
    run --separate-stderr "$PYENVHOOK" status
    # shellcheck disable=SC2154 # set by run --separate-stderr
    [[ $status == 1 && $stderr == "pyenvhook: "*implicit_venv* ]]
}

@test "--quiet leaves out informational lines, not errors, and not the output" {
    # At a terminal, init says where its output belongs: an informational line.
    on_tty "$PYENVHOOK" init bash
    [[ $status == 0 && $output == *"pyenvhook: init: that is the hook's code"* ]]
    local flag
    for flag in -q --quiet; do
        on_tty "$PYENVHOOK" "$flag" init bash
        [[ $status == 0 && $output != *"pyenvhook: init:"* && $output == *_pyenvhook_hook* ]]
        run "$PYENVHOOK" "$flag" init tcsh
        [[ $status == 2 && $output == "pyenvhook: init: 'tcsh' is not a shell"* ]]
    done
    # The hook's code is the same with or without it.
    cmp <("$PYENVHOOK" init zsh) <("$PYENVHOOK" -q init zsh)
    cmp <("$PYENVHOOK" status --json) <("$PYENVHOOK" --quiet status --json)
}

quiet_in_hook() {
    # shellcheck disable=SC2016 # expanded by the shell under test
    run_scenario "$1" 'cd $T/proj' 'pyenvhook -q off' 'probe off' 'pyenvhook --quiet on' \
        'probe on'
    expect_output "off VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=/usr/local/bin:/usr/bin:/bin
on VIRTUAL_ENV=@/proj/.venv PROMPT=proj PYTHONHOME=<unset> PATH=@/proj/.venv/bin:/usr/local/bin:/usr/bin:/bin"
}

@test "the hook's pyenvhook function sees the command after --quiet" {
    make_project "$T/proj"
    for_each_shell quiet_in_hook
}

quiet_create() {
    run_scenario "$1" "cd \$T/$1" 'pyenvhook -q create --without-pip' 'probe_var VIRTUAL_ENV'
    expect_output "VIRTUAL_ENV=@/$1/.venv"
}

@test "'pyenvhook -q create' in a fresh clone still activates the new venv at once" {
    "$PYENVHOOK" help create >/dev/null 2>&1 || skip "this build has no 'pyenvhook create' yet"
    # The marker came with the clone, so the hook has already looked here and found no venv;
    # only the refresh after create makes it look again.
    local sh
    for sh in $PYH_SHELLS; do
        mkdir -p "$T/$sh"
        echo '{}' >"$T/$sh/.pyenvhook.json"
    done
    for_each_shell quiet_create
}

@test "no colour or terminal escapes, on a terminal or not, with NO_COLOR or without" {
    make_project "$T/proj"
    cd "$T/proj"
    local nc args
    for nc in unset 1; do
        if [[ $nc == unset ]]; then unset NO_COLOR; else export NO_COLOR=1; fi
        for args in "--help" "help init" "status" "status --json" "frobnicate" "init bash"; do
            # shellcheck disable=SC2086 # the words of each case
            on_tty "$PYENVHOOK" $args
            if [[ $output == *$'\e'* ]]; then
                echo "'pyenvhook $args' (NO_COLOR $nc) wrote an escape on a terminal" >&2
                return 1
            fi
            # shellcheck disable=SC2086
            run "$PYENVHOOK" $args
            [[ $output != *$'\e'* ]]
        done
    done
}

@test "status --json is one line with exactly the keys the man page documents" {
    local documented
    documented=$(sed -n '/has the keys \*state\*/,/^$/p' "$MAN" | grep -oE '\*[a-z_]+\*' |
        tr -d '*' | LC_ALL=C sort | tr '\n' ' ')
    [[ $documented == *state* ]]
    make_project "$T/proj"
    local dir
    for dir in "$T" "$T/proj"; do
        cd "$dir"
        run "$PYENVHOOK" status --json
        [[ $status == 0 && ${#lines[@]} == 1 ]]
        local keys
        keys=$(printf '%s' "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert isinstance(d, dict)
print(" ".join(sorted(d)) + " ")')
        [[ $keys == "$documented" ]] || {
            echo "status --json keys: $keys" >&2
            echo "the man page says:  $documented" >&2
            return 1
        }
    done
    # The state names are the documented ones.
    cd "$T"
    [[ $("$PYENVHOOK" status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])') == no-project ]]
    cd "$T/proj"
    [[ $("$PYENVHOOK" status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])') == pending ]]
}

@test "settings follow XDG_CONFIG_HOME, and ~/.config when it is unset or relative" {
    mkdir -p "$T/uv/.venv" && touch "$T/uv/.venv/pyvenv.cfg"
    mkdir -p "$T/uv/.venv/bin"
    cd "$T/uv"
    local state='import json,sys; print(json.load(sys.stdin)["state"])'
    # Defaults: a bare .venv is a project.
    [[ $("$PYENVHOOK" status --json | python3 -c "$state") != no-project ]]
    mkdir -p "$T/xdg/pyenvhook" "$HOME/.config/pyenvhook"
    echo '{"implicit_venv": false}' >"$T/xdg/pyenvhook/config.json"
    [[ $(XDG_CONFIG_HOME=$T/xdg "$PYENVHOOK" status --json | python3 -c "$state") == no-project ]]
    # Unset, or relative (which the XDG spec says to ignore): ~/.config.
    [[ $(XDG_CONFIG_HOME='' "$PYENVHOOK" status --json | python3 -c "$state") != no-project ]]
    mv "$T/xdg/pyenvhook/config.json" "$HOME/.config/pyenvhook/config.json"
    [[ $(env -u XDG_CONFIG_HOME "$PYENVHOOK" status --json | python3 -c "$state") == no-project ]]
    [[ $(XDG_CONFIG_HOME=xdg "$PYENVHOOK" status --json | python3 -c "$state") == no-project ]]
}
