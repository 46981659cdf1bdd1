#!/usr/bin/env bats
# --help, help COMMAND and the man page agree; --version tells the version meson.build
# declares; --json is one line with the documented keys.

load test_helper
bats_require_minimum_version 1.5.0

# Commands other branches add; until they are merged, the man page documents them and the
# binary does not list them yet. Empty this once `pyenvhook --help` lists them all.
PENDING_COMMANDS=(allow create deny list prune python)

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
        if printf '%s\n' "${PENDING_COMMANDS[@]}" | grep -qx -- "$c"; then continue; fi
        echo "the man page documents '$c', which 'pyenvhook --help' does not list" >&2
        return 1
    done
    # Hidden commands stay out of both.
    run "$PYENVHOOK" --help
    [[ $output != *"  export "* ]]
    run grep -c '^export' < <(printf '%s\n' "${documented[@]}")
    [[ $output == 0 ]]
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
