#!/usr/bin/env bats
# The completions in completions/, run by each shell's own completion machinery: bash calls
# the completion function with COMP_WORDS and COMP_CWORD as readline would, zsh completes on
# a pseudo-terminal through compinit and _pyenvhook (tests/bats/zsh_complete.zsh), fish
# answers `complete -C`. Each test types the same lines into all three and expects the same
# candidates.

load test_helper

setup() {
    common_setup
    # The completions call pyenvhook by the name typed, so the binary under test is put on
    # PATH under its real name.
    mkdir -p "$T/bin"
    ln -s "$PYENVHOOK" "$T/bin/pyenvhook"
    export PATH="$T/bin:$PATH"
    mkdir -p "$T/work/alpha" "$T/work/beta" "$T/work/.hidden"
    : >"$T/work/file.txt"
    cd "$T/work" || return 1
}

# complete_in SHELL LINE...: completes each LINE (the cursor at its end) in SHELL, with the
# hook loaded, as users have it. $output
# becomes, per line, "== LINE" and then its candidates, sorted, without descriptions and
# without the trailing slash some shells put on directories.
complete_in() {
    local sh=$1
    local raw="$T/raw.$sh"
    shift
    : >"$raw"
    case $sh in
    bash)
        # shellcheck disable=SC2016 # expanded by the bash under test
        bash --norc --noprofile -c '
            eval "$(pyenvhook init bash 2>/dev/null)"
            source "$1"; shift
            for line; do
                read -ra COMP_WORDS <<<"$line"
                [[ $line == *" " || -z $line ]] && COMP_WORDS+=("")
                COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) COMP_LINE=$line COMP_POINT=${#line}
                COMPREPLY=()
                _pyenvhook pyenvhook "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf "== %s\n" "$line"
                ((${#COMPREPLY[@]})) && printf "%s\n" "${COMPREPLY[@]}"
            done
            :' bash "$PYH_SRC/completions/pyenvhook.bash" "$@" >"$raw" 2>"$T/err.$sh"
        ;;
    zsh)
        timeout 60 zsh -f "$PYH_SRC/tests/bats/zsh_complete.zsh" "$PYH_SRC/completions" "$raw" \
            "$@" 2>"$T/err.$sh"
        ;;
    fish)
        # shellcheck disable=SC2016 # expanded by the fish under test
        fish --no-config -c '
            command -q pyenvhook; and pyenvhook init fish | source
            source $argv[1]
            for line in $argv[2..-1]
                echo "== $line"
                complete -C"$line"
            end' "$PYH_SRC/completions/pyenvhook.fish" "$@" >"$raw" 2>"$T/err.$sh"
        ;;
    esac
    local rc=$?
    output=$(awk '
        /^<<(ready|done)>>$/ { next }
        /^== / { flush(); print; next }
        { sub(/\t.*/, ""); sub(/\/$/, ""); if ($0 != "") seen[$0] = 1 }
        function flush(  n, i, a, k) {
            n = 0; for (k in seen) a[++n] = k
            # insertion sort: portable across awks, and the lists are short
            for (i = 2; i <= n; i++) { k = a[i]; for (j = i - 1; j > 0 && a[j] > k; j--) a[j + 1] = a[j]; a[j + 1] = k }
            for (i = 1; i <= n; i++) print a[i]
            delete seen
        }
        END { flush() }' "$raw")
    return $rc
}

# expect_everywhere LINE CANDIDATES...: each shell offers exactly CANDIDATES for LINE.
expect_everywhere() {
    local line=$1 sh want
    shift
    want="== $line"
    if (($#)); then want+=$'\n'$(printf '%s\n' "$@" | LC_ALL=C sort); fi
    for sh in $PYH_SHELLS; do
        complete_in "$sh" "$line" || {
            echo "$sh failed to complete: $line" >&2
            cat "$T/err.$sh" >&2
            return 1
        }
        expect_output "$want" || {
            echo "in $sh" >&2
            return 1
        }
    done
}

# readline_complete LINE...: types each LINE and a Tab into an interactive bash on a
# pseudo-terminal, with the completion loaded, as a user would; $output becomes the command
# line as readline left it after each Tab, one a line. A key bound with `bind -x` records the
# line and clears it, so the lines are never run; it is read after the Tab, in order, so no
# waiting is needed.
readline_complete() {
    local input="$T/readline.in" line
    {
        printf '%s\n' "PS1='\$ '" "source $(printf %q "$PYH_SRC/completions/pyenvhook.bash")"
        # shellcheck disable=SC2016 # expanded by the bash under test
        printf '%s\n' 'bind -x '\''"\C-t": printf "%s\n" "$READLINE_LINE" >>"$T/readline.out"; READLINE_LINE='\'
        for line; do printf '%s\t\x14\n' "$line"; done
        printf 'exit\n'
    } >"$input"
    : >"$T/readline.out"
    # readline's defaults, not this machine's /etc/inputrc
    INPUTRC=/dev/null TERM=dumb timeout 60 script -qfec "bash --norc --noprofile -i" /dev/null <"$input" \
        >"$T/readline.tty" 2>&1 || {
        echo "bash did not finish; its terminal said:" >&2
        tail -20 "$T/readline.tty" >&2
        return 1
    }
    output=$(cat "$T/readline.out")
}

@test "bash through readline: a directory completes with its trailing /, a name with a space quoted" {
    mkdir -p "$T/work/my dir/inner"
    readline_complete 'pyenvhook use al' 'pyenvhook allow my' 'pyenvhook create --force my' \
        'pyenvhook exec -C my' 'pyenvhook deny my\ dir/i' 'pyenvhook sta'
    expect_output 'pyenvhook use alpha/
pyenvhook allow my\ dir/
pyenvhook create --force my\ dir/
pyenvhook exec -C my\ dir/
pyenvhook deny my\ dir/inner/
pyenvhook status '
}

# The commands pyenvhook(1) documents, one a line; cli.bats holds them equal to the ones
# `pyenvhook --help` lists.
man_commands() {
    sed -n '/^# COMMANDS$/,/^# /s/^\*\([a-z]*\)[* ].*/\1/p' "$PYH_SRC/docs/pyenvhook.1.scd" | sort -u
}

@test "the first word completes to every command the man page documents, and no hidden one" {
    local -a cmds
    mapfile -t cmds < <(man_commands)
    [[ ${#cmds[@]} -ge 11 ]]
    # and to every command --help lists
    local c
    for c in $("$PYENVHOOK" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p'); do
        printf '%s\n' "${cmds[@]}" | grep -qx "$c"
    done
    expect_everywhere 'pyenvhook ' "${cmds[@]}"
    expect_everywhere 'pyenvhook st' status
    expect_everywhere 'pyenvhook ex' exec
    expect_everywhere 'pyenvhook exp'
}

@test "exec, env and which complete their options, a directory after -C, and exec a command" {
    expect_everywhere 'pyenvhook env ' bash fish zsh
    expect_everywhere 'pyenvhook env --j' --json
    expect_everywhere 'pyenvhook exec --s' --script
    expect_everywhere 'pyenvhook which --n' --no-project-ok
    expect_everywhere 'pyenvhook exec -C al' alpha
    expect_everywhere 'pyenvhook exec -C alpha --no-project-ok pyenvhoo' pyenvhook
}

@test "global options complete before the command, and the command after them" {
    expect_everywhere 'pyenvhook -' -h --help -q --quiet -V --version
    expect_everywhere 'pyenvhook --q' --quiet
    expect_everywhere 'pyenvhook -q cr' create
    expect_everywhere 'pyenvhook --quiet init ' bash fish zsh
}

@test "init and export complete shell names, and init its --prompt" {
    expect_everywhere 'pyenvhook init ' bash fish zsh
    expect_everywhere 'pyenvhook init z' zsh
    expect_everywhere 'pyenvhook init --' --no-cd --prompt
    expect_everywhere 'pyenvhook init bash ' --no-cd --prompt
    expect_everywhere 'pyenvhook init --prompt bash ' --no-cd
    expect_everywhere 'pyenvhook init --prompt bash --no-cd '
    expect_everywhere 'pyenvhook export ' bash fish zsh
}

@test "create completes its options, and a directory as its operand" {
    expect_everywhere 'pyenvhook create --' --force --prompt --python --system-site-packages \
        --without-pip
    expect_everywhere 'pyenvhook create --w' --without-pip
    expect_everywhere 'pyenvhook create ' alpha beta
    expect_everywhere 'pyenvhook create a' alpha
    expect_everywhere 'pyenvhook create --force b' beta
    expect_everywhere 'pyenvhook create --prompt x a' alpha
    expect_everywhere 'pyenvhook create --prompt '
}

@test "allow, deny and use complete one directory and nothing after it" {
    expect_everywhere 'pyenvhook allow ' alpha beta
    expect_everywhere 'pyenvhook deny b' beta
    expect_everywhere 'pyenvhook allow alpha '
    expect_everywhere 'pyenvhook use ' alpha beta
    expect_everywhere 'pyenvhook use alpha '
}

@test "help completes command names; --json is offered where it exists" {
    expect_everywhere 'pyenvhook help in' init
    expect_everywhere 'pyenvhook help init '
    expect_everywhere 'pyenvhook status -' --json
    expect_everywhere 'pyenvhook list --' --json
    expect_everywhere 'pyenvhook python ' find list
    expect_everywhere 'pyenvhook python f' find
    expect_everywhere 'pyenvhook python list -' --json
    expect_everywhere 'pyenvhook on '
    expect_everywhere 'pyenvhook off '
    expect_everywhere 'pyenvhook prune '
}

# python_silent: completing --python, or python find's request, offers nothing and prints
# nothing, in every shell.
python_silent() {
    local sh
    for sh in $PYH_SHELLS; do
        complete_in "$sh" 'pyenvhook create --python ' 'pyenvhook python find '
        expect_output "== pyenvhook create --python "$'\n'"== pyenvhook python find " || {
            echo "in $sh" >&2
            return 1
        }
        [[ ! -s $T/err.$sh ]] || {
            echo "$sh printed: $(cat "$T/err.$sh")" >&2
            return 1
        }
    done
}

@test "--python offers nothing, and says nothing, when 'pyenvhook python list' fails" {
    # In a build without the command, it fails as an unknown command.
    if ! pyenvhook python list >/dev/null 2>&1; then
        python_silent
    fi
    # With no pyenvhook on PATH at all, as after an uninstall, it cannot even start.
    rm "$T/bin/pyenvhook"
    python_silent
}

@test "--python and python find offer the versions 'pyenvhook python list' reports" {
    local listed
    if ! listed=$(pyenvhook python list 2>/dev/null); then
        skip "this build has no 'pyenvhook python list' yet"
    fi
    local sh c
    local line
    for sh in $PYH_SHELLS; do
        for line in 'pyenvhook create --python ' 'pyenvhook python find '; do
            complete_in "$sh" "$line"
            local -a got
            mapfile -t got < <(tail -n +2 <<<"$output")
            [[ ${#got[@]} -gt 0 ]] || {
                echo "$sh offered no version for '$line'; python list said: $listed" >&2
                return 1
            }
            for c in "${got[@]}"; do
                # Each candidate is a version the list shows, or the major.minor of one.
                [[ $c =~ ^[0-9]+\.[0-9]+ ]] &&
                    grep -Eq "(^|[[:space:]])$c([.[:space:]]|$)" <<<"$listed" || {
                    echo "$sh offered '$c', which python list does not show: $listed" >&2
                    return 1
                }
            done
        done
    done
}

@test "--python completion runs no interpreter: one on PATH that is not cached is not run" {
    pyenvhook python find /usr/bin/python3 >/dev/null # cached, as after any create
    # An interpreter that is not cached, first on PATH, which says when it runs. Decided by
    # whether it ran, not by how long completion took: a loaded machine is slow. (zsh's
    # completion runs on a zpty, which does not work under strace, so the interpreter
    # itself keeps count.)
    mkdir -p "$T/hang"
    printf '#!/bin/sh\necho "$0 $*" >>"%s/ran"\nexit 1\n' "$T" >"$T/hang/python3.13"
    chmod +x "$T/hang/python3.13"
    export PATH="$T/hang:$PATH"
    # the fake is one pyenvhook would run when it is not told --cached
    run pyenvhook python list
    [[ -s $T/ran ]]
    rm "$T/ran"
    local sh
    for sh in $PYH_SHELLS; do
        complete_in "$sh" 'pyenvhook create --python 3.1'
        [[ $output == *3.11* ]] || {
            echo "$sh offered: $output" >&2
            return 1
        }
        if [[ -e $T/ran ]]; then
            echo "$sh's completion ran: $(cat "$T/ran")" >&2
            return 1
        fi
    done
}
