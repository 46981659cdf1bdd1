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
    "$PYENVHOOK" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\)\( .*\)\{0,1\}$/\1/p'
}

# The usage line of `pyenvhook help CMD`, its wrapped lines joined: "create [DIR] ...".
help_usage() {
    "$PYENVHOOK" help "$1" | sed '/^$/q' | tr '\n' ' ' | tr -s ' ' |
        sed 's/^usage: pyenvhook //; s/ $//'
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
    # a portable build (portable.bats) says so after the version
    run "$PYENVHOOK" --version
    [[ $status == 0 && ($output == "pyenvhook $want" || $output == "pyenvhook $want (portable)") ]]
    run "$PYENVHOOK" -V
    [[ $status == 0 && ($output == "pyenvhook $want" || $output == "pyenvhook $want (portable)") ]]
}

@test "every command in --help is in the man page with the same usage, and vice versa" {
    local -a listed documented
    mapfile -t listed < <(help_commands)
    mapfile -t documented < <(man_commands)
    [[ ${#listed[@]} -ge 5 && ${#documented[@]} -ge 5 ]]
    local c line usage found
    for c in "${listed[@]}"; do
        # `help COMMAND` gives the usage line; the man page must show the same.
        usage=$(help_usage "$c")
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
    for bad in "" "frobnicate" "status --bogus" "init" "init ksh" "help frobnicate" \
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
    for c in "frobnicate" "status --bogus" "init ksh" "init" "help frobnicate" "off" "on" "-x"; do
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
        run "$PYENVHOOK" "$flag" init ksh
        [[ $status == 2 && $output == "pyenvhook: init: 'ksh' is not a shell"* ]]
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

@test "usage errors say what was wrong, then the usage line, and exit 2" {
    local -a cases=(
        "create -x|pyenvhook: create: unknown option '-x'|usage: pyenvhook create "
        "create --python|pyenvhook: create: --python needs a value|usage: pyenvhook create "
        "create a b|pyenvhook: create: unexpected argument 'b'|usage: pyenvhook create "
        "init|pyenvhook: init: which shell? (bash, zsh, fish, tcsh, nu)|usage: pyenvhook init SHELL"
        "init bash zsh|pyenvhook: init: unexpected argument 'zsh'|usage: pyenvhook init SHELL"
        "init bash --bogus|pyenvhook: init: unknown option '--bogus'|usage: pyenvhook init SHELL"
        "status --bogus|pyenvhook: status: unknown option '--bogus'|usage: pyenvhook status"
        "list extra|pyenvhook: list: unexpected argument 'extra'|usage: pyenvhook list"
        "prune extra|pyenvhook: prune: unexpected argument 'extra'|usage: pyenvhook prune"
        "python|pyenvhook: python: list or find?|usage: pyenvhook python"
        "python find|pyenvhook: python: find needs a REQUEST|usage: pyenvhook python"
        "help init status|pyenvhook: help: unexpected argument 'status'|usage: pyenvhook help"
        "--bogus|pyenvhook: unknown option '--bogus'|usage: pyenvhook"
    )
    local c args want1 want2
    for c in "${cases[@]}"; do
        IFS='|' read -r args want1 want2 <<<"$c"
        # shellcheck disable=SC2086 # the words of each case
        run --separate-stderr "$PYENVHOOK" $args
        # shellcheck disable=SC2154 # set by run --separate-stderr
        if [[ $status != 2 || -n $output || ${stderr_lines[0]} != "$want1"* ||
            ${stderr_lines[1]} != "$want2"* || ${#stderr_lines[@]} != 2 ]]; then
            echo "'pyenvhook $args': exit $status, stdout '$output', stderr:" >&2
            printf '  %s\n' "${stderr_lines[@]}" >&2
            return 1
        fi
    done
}

@test "CMD --help and CMD -h print that command's help on stdout and exit 0, for every command" {
    local c flag
    for c in $(help_commands) export quote; do
        for flag in --help -h; do
            run --separate-stderr "$PYENVHOOK" "$c" "$flag"
            if [[ $status != 0 || $output != "usage: pyenvhook $c"* || -n $stderr ]]; then
                echo "'pyenvhook $c $flag': exit $status, stdout '$output', stderr '$stderr'" >&2
                return 1
            fi
            # The same as help CMD.
            [[ $output == "$("$PYENVHOOK" help "$c")" ]]
        done
    done
    # After other arguments too, and before the command it is the overview.
    run "$PYENVHOOK" create somedir --python 3 --help
    [[ $status == 0 && $output == "usage: pyenvhook create"* ]]
    [[ ! -e somedir ]]
    run "$PYENVHOOK" -h
    [[ $status == 0 && $output == *"Commands:"* ]]
}

@test "a bare pyenvhook is a usage error: the usage on stderr, nothing on stdout, exit 2" {
    run --separate-stderr "$PYENVHOOK"
    [[ $status == 2 && -z $output && $stderr == "usage: pyenvhook "* ]]
}

@test "--help fits 80 columns and names every option of every command" {
    run "$PYENVHOOK" --help
    [[ $status == 0 ]]
    local line
    for line in "${lines[@]}"; do
        if ((${#line} > 80)); then
            echo "wider than 80: '$line'" >&2
            return 1
        fi
    done
    local overview=$output c opt
    for c in $(help_commands); do
        run "$PYENVHOOK" help "$c"
        for line in "${lines[@]}"; do
            ((${#line} <= 80)) || {
                echo "help $c: wider than 80: '$line'" >&2
                return 1
            }
        done
        # The options a command's help lists are all in the overview.
        for opt in $(printf '%s\n' "$output" | grep -oE -- '(^| )--?[a-z][a-z-]*' | sort -u); do
            [[ $overview == *"$opt"* ]] || {
                echo "'$opt' of $c is not in --help" >&2
                return 1
            }
        done
    done
}

@test "-q, before or after the command, silences every informational line; stdout is data only" {
    mkdir -p "$T/p"
    echo '{}' >"$T/p/.pyenvhook.json"
    cd "$T/p"
    # Without -q: the lines are there, on stderr.
    run --separate-stderr "$PYENVHOOK" create --without-pip
    [[ $status == 0 && -z $output && $stderr == *"pyenvhook: created $T/p/.venv"* ]]
    run --separate-stderr "$PYENVHOOK" create --without-pip --force
    [[ $status == 0 && -z $output && $stderr == *"pyenvhook: replaced $T/p/.venv"* ]]
    run --separate-stderr "$PYENVHOOK" deny
    [[ $status == 0 && -z $output && $stderr == "pyenvhook: denied $T/p"* ]]
    run --separate-stderr "$PYENVHOOK" allow
    [[ $status == 0 && -z $output && $stderr == "pyenvhook: allowed $T/p"* ]]
    local args
    for args in "-q create --without-pip --force" "create --without-pip --force -q" \
        "create --quiet --force --without-pip" "deny -q" "-q allow" "allow --quiet" \
        "prune -q" "-q list"; do
        # shellcheck disable=SC2086 # the words of each case
        run --separate-stderr "$PYENVHOOK" $args
        if [[ $status != 0 || -n $stderr ]]; then
            echo "'pyenvhook $args': exit $status, stderr '$stderr'" >&2
            return 1
        fi
    done
    # list's output is data: the project, on stdout.
    run --separate-stderr "$PYENVHOOK" -q list
    [[ $output == "$T/p: "* ]]
}

@test "status outside a hooked shell says the hook is not loaded once, and names no marker for a bare .venv" {
    mkdir -p "$T/bare"
    make_venv "$T/bare/.venv"
    cd "$T/bare"
    run "$PYENVHOOK" status
    [[ $status == 0 ]]
    [[ $(grep -c "hook is not loaded" <<<"$output") == 1 ]] || {
        echo "$output" >&2
        return 1
    }
    [[ $output != *"chosen by $T/bare/.venv"* && $output == *"a .venv with no .pyenvhook.json"* ]]
}

help_in_hook() {
    run_scenario "$1" 'cd $T/proj' 'pyenvhook off --help >$T/off.help' 'probe_var VIRTUAL_ENV' \
        'pyenvhook create -h >$T/create.help' 'probe_var VIRTUAL_ENV'
    expect_output "VIRTUAL_ENV=@/proj/.venv
VIRTUAL_ENV=@/proj/.venv"
    [[ $(head -1 "$T/off.help") == "usage: pyenvhook off" ]]
    [[ $(head -1 "$T/create.help") == "usage: pyenvhook create "* ]]
}

@test "in a hooked shell, 'pyenvhook off --help' shows the help and pauses nothing" {
    make_project "$T/proj"
    for_each_shell help_in_hook
}

# --- messages that said the wrong thing (issue 18) -------------------------------------------

@test "a broken pyproject.toml beside poetry.lock is a broken project, not no project" {
    mkdir -p "$T/po"
    printf '[tool.poetry\nname = "x"\n' >"$T/po/pyproject.toml"
    : >"$T/po/poetry.lock"
    cd "$T/po"
    run "$PYENVHOOK" status
    [[ $status == 1 && ${lines[0]} == "inactive (broken)" ]]
    [[ ${lines[1]} == "  $T/po/pyproject.toml:1: expected ] after a table name" ]]
    [[ $output != *"no project"* ]]
    # the hook says it once, and nothing else (no "cannot keep the stamps")
    run "$PYENVHOOK" export bash
    [[ $status == 1 && $output == "pyenvhook: $T/po/pyproject.toml:1: expected ] after a table name" ]]
}

@test "HOME relative or unset: the message says which" {
    make_project "$T/proj"
    cd "$T/proj"
    run env -u XDG_DATA_HOME HOME=relative "$PYENVHOOK" allow .
    [[ $status == 1 && $output == "pyenvhook: allow: trust: HOME (relative) is not an absolute path, and XDG_DATA_HOME is not set" ]]
    run env -u XDG_DATA_HOME -u HOME "$PYENVHOOK" allow .
    [[ $status == 1 && $output == "pyenvhook: allow: trust: neither XDG_DATA_HOME nor HOME is set" ]]
    run env XDG_DATA_HOME=data HOME=rel "$PYENVHOOK" allow .
    [[ $status == 1 && $output == "pyenvhook: allow: trust: neither XDG_DATA_HOME (data) nor HOME (rel) is an absolute path" ]]
}

@test "use of a directory that is no venv says so, even from HOME" {
    cd "$HOME"
    run "$PYENVHOOK" use /tmp
    [[ $status == 1 && $output == "pyenvhook: /tmp: not a venv (no pyvenv.cfg in it)" ]]
    run "$PYENVHOOK" use
    [[ $status == 1 && $output == *"not making the home or root directory a project"* ]]
    [[ ! -e $HOME/.pyenvhook.json ]]
}

@test "HOME a file: create says once that it cannot be trusted, and no raw extra line" {
    : >"$T/homefile"
    mkdir "$T/p"
    cd "$T/p"
    run env -u XDG_DATA_HOME -u XDG_STATE_HOME -u XDG_CACHE_HOME HOME="$T/homefile" "$PYENVHOOK" create --without-pip
    [[ ${#lines[@]} == 2 ]]
    [[ ${lines[0]} == "pyenvhook: create: the venv is made, but it could not be marked trusted ($T/homefile: Not a directory; trusting no project); run: pyenvhook allow" ]]
    [[ ${lines[1]} == "pyenvhook: created $T/p/.venv "* ]]
}

@test "use of a venv whose interpreter is in a directory you cannot read says what was checked" {
    need_neighbour
    ((EUID == 0)) || skip "needs root"
    local d
    d=$(mktemp -d /tmp/pyh-use.XXXXXX)
    chmod 755 "$d"
    mkdir -p "$d/p/env/bin" "$d/root"
    chmod 700 "$d/root"
    mkdir -p "$d/root/py/bin"
    ln -s /usr/bin/python3 "$d/root/py/bin/python3"
    printf 'home = %s\n' "$d/root/py/bin" >"$d/p/env/pyvenv.cfg"
    ln -s "$d/root/py/bin/python3" "$d/p/env/bin/python3"
    chown -hR pyh-neighbour "$d/p"
    # a copy the neighbour can run wherever the build tree is (a checkout under a 0700 home)
    cp "$PYENVHOOK" "$d/pyenvhook" && chmod 755 "$d/pyenvhook"
    cd "$d/p"
    run as_neighbour env HOME="$d/nohome" "$d/pyenvhook" use env
    rm -rf "$d"
    [[ $status == 1 && $output == "pyenvhook: $d/p/env/bin/python3: refusing a program in a venv's bin/: cannot check $d/root/py on the way to it: Permission denied" ]]
}

@test "a mistyped command gets the nearest commands as a suggestion, a far one none" {
    run "$PYENVHOOK" stauts
    [[ $status == 2 && $output == "pyenvhook: 'stauts' is not a command; did you mean 'status'? (see 'pyenvhook --help')" ]]
    run "$PYENVHOOK" creat
    [[ $status == 2 && $output == *"did you mean 'create'?"* ]]
    run "$PYENVHOOK" prnue
    [[ $status == 2 && $output == *"did you mean 'prune'?"* ]]
    # two letters swapped are one edit
    run "$PYENVHOOK" no
    [[ $status == 2 && $output == *"did you mean 'on'?"* ]]
    # two as near: both, in the table's order
    run "$PYENVHOOK" of
    [[ $status == 2 && $output == *"did you mean 'off' or 'on'?"* ]]
    # nothing near, or the hook's own commands, which --help does not show either
    run "$PYENVHOOK" frobnicate
    [[ $status == 2 && $output == "pyenvhook: 'frobnicate' is not a command; see 'pyenvhook --help'" ]]
    run "$PYENVHOOK" quoet
    [[ $status == 2 && $output == "pyenvhook: 'quoet' is not a command; see 'pyenvhook --help'" ]]
    run "$PYENVHOOK" help stauts
    [[ $status == 2 && $output == *"did you mean 'status'?"* ]]
}
