#!/usr/bin/env bats
# Bad input never breaks the shell: hostile names, broken markers, fuzzed quoting.

load test_helper

BASE="/usr/local/bin:/usr/bin:/bin"

# The names travel to the shells in exported variables H0, H1...; the lines typed stay ASCII.
hostile_names() {
    local sh=$1 lines=() i
    for ((i = 0; i < NCASES; i++)); do
        lines+=("cd \"\$H$i\"" "probe $i" 'sh -c pyh-where' 'cd $T' "probe o$i")
    done
    run_scenario "$sh" "${lines[@]}"
    if ! cmp -s "$PYH_OUT" "$T/h/expected"; then
        echo "$sh: probes differ from $T/h/expected" >&2
        diff <(cat -v "$T/h/expected") <(cat -v "$PYH_OUT") | head -20 >&2
        tail -20 "$PYH_TTY" | cat -v >&2
        return 1
    fi
    # nothing the names say ran, in any directory
    if [[ -n $(find "$T" -name 'ran[0-9]*' -print -quit) ]]; then
        echo "$sh: a name was executed" >&2
        return 1
    fi
    # each refused venv said so in one line
    [[ $(count_in_tty "which would split its PATH entry in two") == "$(cat "$T/h/refused")" ]]
}

@test "hostile directory and venv names: activation and restore exact, nothing runs" {
    mkdir "$T/h"
    NCASES=$(python3 "$PYH_SRC/tests/bats/tools/hostile.py" "$T/h" "$BASE")
    local i d refused=0
    for ((i = 0; i < NCASES; i++)); do
        # $(...) drops trailing newlines, which some names end in: keep them with an x
        d=$(cat "$T/h/dirs/$i" && echo x)
        d=${d%x}
        export "H$i=$d"
        "$PYENVHOOK" allow "$d" >/dev/null 2>&1 || refused=$((refused + 1))
    done
    # allow refuses just the venvs with a ':' in their path
    [[ $refused == "$(cat "$T/h/refused")" ]]
    echo "# $NCASES hostile cases per shell" >&3
    for_each_shell hostile_names
    # also with the venv's name in the prompt
    PYH_INIT_ARGS=--prompt for_each_shell hostile_names
}

# Broken markers: each case is a project under $T/b, and the line its entry must print.
broken_setup() {
    mkdir -p "$T/b"
    local d
    for d in json type sstype dup huge dir loop fifo zero nul deep venvfile venvloop; do
        mkdir "$T/b/$d"
    done
    printf '{"venv": ' >"$T/b/json/.pyenvhook.json"
    printf '{"venv": ["a"]}' >"$T/b/type/.pyenvhook.json"
    printf '{"system_site_packages": "yes"}' >"$T/b/sstype/.pyenvhook.json"
    # cJSON would take the first, jq and Python the last
    printf '{"venv": "v1", "venv": "v2"}' >"$T/b/dup/.pyenvhook.json"
    head -c 200000 /dev/zero | tr '\0' ' ' >"$T/b/huge/.pyenvhook.json"
    mkdir "$T/b/dir/.pyenvhook.json"
    ln -s .pyenvhook.json "$T/b/loop/.pyenvhook.json"
    mkfifo "$T/b/fifo/.pyenvhook.json"
    ln -s /dev/zero "$T/b/zero/.pyenvhook.json"
    printf '{}\0' >"$T/b/nul/.pyenvhook.json"
    python3 -c 'print("{\"a\": " + "[" * 30000 + "]" * 30000 + "}")' >"$T/b/deep/.pyenvhook.json"
    printf '{"venv": "afile"}' >"$T/b/venvfile/.pyenvhook.json"
    echo not a venv >"$T/b/venvfile/afile"
    printf '{"venv": "l"}' >"$T/b/venvloop/.pyenvhook.json"
    ln -s l "$T/b/venvloop/l"
    BROKEN=(
        "json/.pyenvhook.json: invalid JSON near line 1"
        "type/.pyenvhook.json: \"venv\" must be a string"
        "sstype/.pyenvhook.json: \"system_site_packages\" must be true or false"
        "dup/.pyenvhook.json: \"venv\" is given twice, which is ambiguous: tools differ on which one counts"
        "huge/.pyenvhook.json: too large (200000 bytes; the limit is 65536)"
        "dir/.pyenvhook.json: is a directory, not a file"
        "loop/.pyenvhook.json: Too many levels of symbolic links"
        "fifo/.pyenvhook.json: is not a regular file"
        "zero/.pyenvhook.json: is not a regular file"
        "nul/.pyenvhook.json: not JSON (it holds a NUL byte)"
        "deep/.pyenvhook.json: invalid JSON near line 1"
        "venvfile/afile: is not a directory, so it cannot be a venv"
        "venvloop/l: Too many levels of symbolic links"
    )
}

broken_markers() {
    local lines=() d
    for d in json type sstype dup huge dir loop fifo zero nul deep venvfile venvloop; do
        # the hook runs at the prompt after `false`: $? must still be false's
        lines+=("cd \$T/b/$d; false" 'probe_status' "probe $d" 'cd $T')
    done
    run_scenario "$1" "${lines[@]}" 'note prompt still works'
    local want="" msg
    for d in json type sstype dup huge dir loop fifo zero nul deep venvfile venvloop; do
        want+="status 1
$d VIRTUAL_ENV=<unset> PROMPT=<unset> PYTHONHOME=<unset> PATH=$BASE
"
    done
    expect_output "${want}prompt still works" || return 1
    for msg in "${BROKEN[@]}"; do
        if [[ $(count_in_tty "pyenvhook: $T/b/$msg") != 1 ]]; then
            echo "$1: not said once: $msg" >&2
            cat -v "$PYH_TTY" >&2
            return 1
        fi
    done
    # and nothing else was said
    [[ $(count_in_tty "pyenvhook: ") == "${#BROKEN[@]}" ]]
}

@test "broken markers: one clear line each, no activation, \$? and the prompt intact" {
    broken_setup
    for_each_shell broken_markers
}

@test "an unreadable marker, as a user who cannot read it: one line, nothing activated" {
    # The suite runs as root, which reads anything; a marker only its owner can read is
    # tried as nobody.
    ((EUID == 0)) || skip "needs root to switch to nobody"
    local d
    d=$(mktemp -d /tmp/pyh-unreadable.XXXXXX)
    chmod 755 "$d"
    mkdir "$d/p"
    printf '{}' >"$d/p/.pyenvhook.json"
    chmod 600 "$d/p/.pyenvhook.json"
    # A copy nobody can run: the checkout may sit in a directory only root can enter.
    install -m 755 "$PYENVHOOK" "$d/pyenvhook"
    # and a cache of nobody's own, for the stamps export leaves (watch.h)
    install -d -o nobody "$d/cache"
    cd "$d/p"
    run setpriv --reuid=nobody --regid=nogroup --clear-groups \
        env -i HOME="$d" XDG_CACHE_HOME="$d/cache" PWD="$d/p" PATH="$PATH" "$d/pyenvhook" export bash
    rm -rf "$d"
    [[ $status == 1 ]]
    # The one line, and nothing entered: only the watch, so that a fix is seen at once.
    [[ $(grep -c '^pyenvhook: ' <<<"$output") == 1 ]]
    [[ $output == *"pyenvhook: $d/p/.pyenvhook.json: Permission denied"* ]]
    [[ $output != *_pyenvhook_enter* ]]
}

@test "quoting: a fixed-seed fuzz of byte strings reads back exact in each real shell" {
    local sh
    for sh in $PYH_SHELLS; do
        mkdir "$T/q-$sh"
        run python3 "$PYH_SRC/tests/bats/tools/quote_fuzz.py" "$PYENVHOOK" "$sh" "$T/q-$sh" 1000
        echo "# $output" >&3
        [[ $status == 0 ]]
    done
}
