#!/usr/bin/env bats
# The hook in real interactive tcsh (a pty, as precmd needs a prompt): the scenario list
# that every shell's file shares, by the same names.

load test_helper
load helper_tcsh

bats_require_minimum_version 1.5.0

setup() {
    common_setup
    make_project "$T/proj"
    mkdir -p "$T/proj/sub/deeper" "$T/plain"
    BASE="/usr/local/bin:/usr/bin:/bin"
}

@test "activates from a subdirectory" {
    run_tcsh 'cd $T/plain' 'probe plain' 'cd $T/proj/sub/deeper' 'probe deeper' \
        'python3 -c "import sys; print(sys.prefix)" >> $PYH_OUT'
    expect_output "plain VIRTUAL_ENV=<unset> PATH=$BASE
deeper VIRTUAL_ENV=@/proj/.venv PATH=@/proj/.venv/bin:$BASE
@/proj/.venv"
}

@test "switches between projects" {
    make_project "$T/other"
    run_tcsh 'cd $T/proj' 'cd $T/other' 'probe other' 'cd $T/proj/sub' 'probe proj'
    expect_output "other VIRTUAL_ENV=@/other/.venv PATH=@/other/.venv/bin:$BASE
proj VIRTUAL_ENV=@/proj/.venv PATH=@/proj/.venv/bin:$BASE"
}

@test "innermost project wins" {
    make_project "$T/proj/sub/inner"
    run_tcsh 'cd $T/proj/sub/inner' 'probe inner' 'cd ..' 'probe outer'
    expect_output "inner VIRTUAL_ENV=@/proj/sub/inner/.venv PATH=@/proj/sub/inner/.venv/bin:$BASE
outer VIRTUAL_ENV=@/proj/.venv PATH=@/proj/.venv/bin:$BASE"
}

@test "leaving restores the environment exactly" {
    run_tcsh 'setenv PYTHONHOME /opt/py' 'setenv VIRTUAL_ENV_PROMPT keep' 'cd $T/proj' \
        'note in $?PYTHONHOME $VIRTUAL_ENV_PROMPT' 'cd $T' \
        'note out $PYTHONHOME $VIRTUAL_ENV_PROMPT' 'probe out'
    expect_output "in 0 proj
out /opt/py keep
out VIRTUAL_ENV=<unset> PATH=$BASE"
}

@test "keeps the user's PATH edit on leave" {
    run_tcsh 'cd $T/proj' 'set path = ( /added $path /tail )' 'cd $T' 'probe out'
    expect_output "out VIRTUAL_ENV=<unset> PATH=/added:$BASE:/tail"
}

@test "untrusted project: one line, not activated" {
    mkdir -p "$T/evil"
    printf '{}' >"$T/evil/.pyenvhook.json"
    make_untrusted_venv "$T/evil/.venv"
    run_tcsh 'cd $T/evil' 'probe evil' 'true' 'cd sub' 'cd $T/evil' 'probe again'
    expect_output "evil VIRTUAL_ENV=<unset> PATH=$BASE
again VIRTUAL_ENV=<unset> PATH=$BASE"
}

@test "untrusted project: the one line is shown at the next prompt" {
    skip "not done in tcsh: the held note of a cd is not printed at the next prompt yet"
    mkdir -p "$T/evil"
    printf '{}' >"$T/evil/.pyenvhook.json"
    make_untrusted_venv "$T/evil/.venv"
    run_tcsh 'cd $T/evil' 'true' 'cd sub' 'cd $T/evil'
    [[ $(grep -c "not allowed" "$PYH_TTY") == 1 ]] || { cat "$PYH_TTY" >&2; false; }
}

@test "hostile directory names execute nothing" {
    local d
    for d in "a'b" 'c$(touch $T/ran)' 'd`touch $T/ran`' 'e"f' 'g#h' 'i!j' 'k l'; do
        make_project "$T/$d"
    done
    run_tcsh "cd \"$T/a'b\"" 'probe 1' \
        "cd '$T/c\$(touch \$T/ran)'" 'probe 2' \
        "cd '$T/d\`touch \$T/ran\`'" 'probe 3' \
        "cd '$T/e\"f'" 'probe 4' \
        "cd '$T/g#h'" 'probe 5' \
        "cd '$T/i\\!j'" 'probe 6' \
        "cd '$T/k l'" 'probe 7' 'cd /' 'probe out'
    [[ ! -e $T/ran ]]
    expect_output "1 VIRTUAL_ENV=@/a'b/.venv PATH=@/a'b/.venv/bin:$BASE
2 VIRTUAL_ENV=@/c\$(touch \$T/ran)/.venv PATH=@/c\$(touch \$T/ran)/.venv/bin:$BASE
3 VIRTUAL_ENV=@/d\`touch \$T/ran\`/.venv PATH=@/d\`touch \$T/ran\`/.venv/bin:$BASE
4 VIRTUAL_ENV=@/e\"f/.venv PATH=@/e\"f/.venv/bin:$BASE
5 VIRTUAL_ENV=@/g#h/.venv PATH=@/g#h/.venv/bin:$BASE
6 VIRTUAL_ENV=@/i!j/.venv PATH=@/i!j/.venv/bin:$BASE
7 VIRTUAL_ENV=@/k l/.venv PATH=@/k l/.venv/bin:$BASE
out VIRTUAL_ENV=<unset> PATH=$BASE"
}

@test "a venv whose path tcsh would read back as other bytes is refused in one line" {
    # tcsh in a UTF-8 locale reads a byte that is not UTF-8 as Latin-1 and writes back two.
    # Its own $cwd is such a path there, so the hook does not even look in such a directory;
    # a project's .venv can still lead to one. python -m venv cannot write its activate
    # scripts there: the venv is made beside it and moved.
    local d="$T/caf"$'\xff'"x"
    mkdir -p "$d" "$T/p"
    make_untrusted_venv "$T/made"
    mv "$T/made" "$d/venv"
    ln -s "$d/venv" "$T/p/.venv"
    printf '{}' >"$T/p/.pyenvhook.json"
    "$PYENVHOOK" -q allow "$T/p" >/dev/null
    PYH_TCSH_LOCALE=C.UTF-8 run_tcsh 'cd $T/p' 'probe utf8' 'true' 'true' 'cd $T' 'probe out'
    expect_output "utf8 VIRTUAL_ENV=<unset> PATH=$BASE
out VIRTUAL_ENV=<unset> PATH=$BASE"
    # What export says, which the hook holds for the next prompt (tcsh does not show held
    # notes yet: see "the one line is shown at the next prompt"); nothing for tcsh to run.
    cd "$T/p"
    LC_ALL=C.UTF-8 run --separate-stderr "$PYENVHOOK" export tcsh
    [[ $status == 1 && -z $output ]]
    # shellcheck disable=SC2154 # set by run --separate-stderr
    [[ ${stderr//"$T"/@} == "pyenvhook: @/caf\xffx/venv: its path is not UTF-8, which tcsh in a UTF-8 locale reads back as other bytes (a C locale keeps them); the venv is not activated" ]]
    # In the C locale tcsh keeps every byte, and the same venv is activated.
    run_tcsh 'cd $T/p' 'probe c'
    [[ $output == "c VIRTUAL_ENV=@/caf"$'\xff'"x/venv PATH=@/caf"$'\xff'"x/venv/bin:$BASE" ]]
    ! grep -q "not activated" "$PYH_TTY"
}

@test "init tcsh refuses a path of its own that tcsh would read back as other bytes" {
    mkdir -p "$T/b"$'\xff'
    cp "$PYENVHOOK" "$T/b"$'\xff'/pyenvhook
    LC_ALL=C.UTF-8 run "$T/b"$'\xff'/pyenvhook init tcsh
    [[ $status == 1 && $output == "pyenvhook: init: the path of this program is not UTF-8, which tcsh in a UTF-8 locale reads back as other bytes (a C locale keeps them)" ]]
    LC_ALL=C run "$T/b"$'\xff'/pyenvhook init tcsh
    [[ $status == 0 && $output == "set _pyenvhook_self = "* ]]
}

@test "marker edited and venv recreated while inside" {
    skip "not done in tcsh: an edited marker is not noticed at the next prompt yet"
    make_untrusted_venv "$T/proj/alt"
    run_tcsh 'cd $T/proj' 'probe before' \
        "echo '{\"venv\": \"alt\"}' >! .pyenvhook.json" "$PYENVHOOK -q allow ." 'probe edited' \
        'rm -rf alt' "$PYH_PYTHON -m venv --without-pip alt" 'true' 'probe recreated'
    expect_output "before VIRTUAL_ENV=@/proj/.venv PATH=@/proj/.venv/bin:$BASE
edited VIRTUAL_ENV=@/proj/alt PATH=@/proj/alt/bin:$BASE
recreated VIRTUAL_ENV=@/proj/alt PATH=@/proj/alt/bin:$BASE"
}

@test "hand-activated venv left alone" {
    make_venv "$T/manual/.venv"
    run_tcsh 'source $T/manual/.venv/bin/activate.csh' 'cd $T/proj' 'probe proj' 'deactivate' \
        'cd $T/proj/sub' 'probe after'
    expect_output "proj VIRTUAL_ENV=@/manual/.venv PATH=@/manual/.venv/bin:$BASE
after VIRTUAL_ENV=@/proj/.venv PATH=@/proj/.venv/bin:$BASE"
}

@test "user's own hook still runs" {
    skip "not done in tcsh: the user's precmd runs, but more than once a prompt"
    PYH_PRE_INIT="alias precmd 'echo user-precmd >> \$PYH_OUT'
alias cwdcmd 'echo user-cwdcmd >> \$PYH_OUT'"
    run_tcsh 'cd $T/proj' 'probe proj'
    expect_output "user-precmd
user-cwdcmd
user-precmd
proj VIRTUAL_ENV=@/proj/.venv PATH=@/proj/.venv/bin:$BASE
user-precmd"
}

@test "exit status kept" {
    run_tcsh 'false' 'probe_status' 'cd $T/proj' 'sh -c "exit 3"' 'probe_status'
    expect_output "status 1
status 3"
}

@test "child shell inherits and restores" {
    run_tcsh 'cd $T/proj' \
        "tcsh -f -c 'eval \`$PYENVHOOK init tcsh\`; precmd; echo child \$VIRTUAL_ENV \$PATH >> \$PYH_OUT; cd /; precmd; echo child-left \$?VIRTUAL_ENV \$PATH >> \$PYH_OUT'" \
        'probe parent'
    expect_output "child @/proj/.venv @/proj/.venv/bin:$BASE
child-left 0 $BASE
parent VIRTUAL_ENV=@/proj/.venv PATH=@/proj/.venv/bin:$BASE"
}

@test "off and on act at once" {
    run_tcsh 'cd $T/proj' 'pyenvhook off' 'probe off' 'cd sub' 'probe still-off' \
        'pyenvhook on' 'probe on'
    expect_output "off VIRTUAL_ENV=<unset> PATH=$BASE
still-off VIRTUAL_ENV=<unset> PATH=$BASE
on VIRTUAL_ENV=@/proj/.venv PATH=@/proj/.venv/bin:$BASE"
}

@test "create activates at once" {
    mkdir -p "$T/new"
    run_tcsh 'cd $T/new' "pyenvhook -q create --python $PYH_PYTHON --without-pip" 'probe made'
    expect_output "made VIRTUAL_ENV=@/new/.venv PATH=@/new/.venv/bin:$BASE"
}

@test "--prompt shows the name" {
    skip "not done in tcsh: --prompt does not change the prompt variable yet"
    PYH_INIT_ARGS=--prompt run_tcsh 'cd $T/proj' 'echo "prompt=$prompt" >> $PYH_OUT' 'cd /' \
        'echo "prompt=$prompt" >> $PYH_OUT'
    expect_output 'prompt=(proj) $ 
prompt=$ '
}

@test "status knows the hook is loaded" {
    skip "not done in tcsh: status does not see the tcsh hook yet"
    run_tcsh 'cd $T/proj' 'pyenvhook status >> $PYH_OUT'
    [[ $output == *"hook"* ]]
    [[ $output != *"not loaded"* ]] || { echo "$output" >&2; false; }
}

@test "the lint's tcsh checks pass the hook and fail it broken" {
    local hook=$PYH_SRC/shell/hook.tcsh
    tcsh -f -n "$hook"
    "$PYH_SRC/scripts/tcsh-blocks" "$hook"
    # A stray quote: tcsh -n says so, in any line (tcsh itself only when the line runs).
    sed '$s/$/ "/' "$hook" >"$T/quote.tcsh"
    run tcsh -f -n "$T/quote.tcsh"
    [[ $status == 1 && $output == "Unmatched '\"'." ]]
    # What tcsh -n does not see: a block left open, a jump to no label.
    awk '/^    endif$/ && !done { done = 1; next } { print }' "$hook" >"$T/endif.tcsh"
    tcsh -f -n "$T/endif.tcsh"
    run "$PYH_SRC/scripts/tcsh-blocks" "$T/endif.tcsh"
    [[ $status == 1 && $output == "$T/endif.tcsh:"*": this block has no endif" ]]
    sed 's/^_pyenvhook_settle:$/_pyenvhook_settled:/' "$hook" >"$T/label.tcsh"
    tcsh -f -n "$T/label.tcsh"
    run "$PYH_SRC/scripts/tcsh-blocks" "$T/label.tcsh"
    [[ $status == 1 && $output == "$T/label.tcsh:"*": no label _pyenvhook_settle: for this jump" ]]
}

@test "quoting: hostile words come back byte for byte through interactive tcsh" {
    LC_ALL=C run python3 "$PYH_SRC/tests/bats/tools/quote_fuzz.py" "$PYENVHOOK" tcsh "$T/fuzz" 2000
    echo "$output"
    # Backslashes right before a newline included (tcsh reads them short: src/shell_tcsh.c).
    [[ ${lines[-1]} == "tcsh: 2000 strings, 0 wrong (seed 4)" ]]
}

# Counts the processes the interactive tcsh starts (strace -f, clone/fork/vfork) between
# two marker files that the shell itself creates with a builtin redirection.
@test "idle prompt and cd start no process" {
    command -v strace >/dev/null || skip "needs strace"
    mkdir -p "$T/plain/a" "$T/mark"
    {
        printf 'source %s\n' "$PYH_SRC/tests/bats/prelude/prelude.tcsh"
        printf 'eval `%s init tcsh`\n' "$PYENVHOOK"
        printf 'cd %s\n' "$T/plain"
        printf ': >! %s\n' "$T/mark/b.idle"
        printf ':\n:\n:\n'
        printf 'cd %s/a\ncd %s\ncd /\ncd %s/proj\n' "$T/plain" "$T/plain" "$T"
        printf ': >! %s\n' "$T/mark/e.plain"
        printf 'cd sub\ncd deeper\ncd %s/proj\n:\n:\n' "$T"
        printf ': >! %s\n' "$T/mark/e.within"
        printf 'exit\n'
    } >"$T/input"
    LC_ALL=C traced -f -qq -e trace=%file,%process \
        -o "$T/trace" timeout 60 script -qfec "tcsh -f -i" /dev/null <"$T/input" >/dev/null 2>&1
    # Between the marks, each clone and execve counts; before e.plain, only the cd into proj
    # starts any: the binary (a clone and its execve), and five forks of tcsh itself for the
    # watch's `filetest` backquotes (to be made builtin-only: not done yet).
    awk -v b="$T/mark/b.idle" -v p="$T/mark/e.plain" -v w="$T/mark/e.within" '
        index($0, b) && /creat\(/ { on = 1; next }
        index($0, p) && /creat\(/ { print "plain", n + 0; n = 0; next }
        index($0, w) && /creat\(/ { print "within", n + 0; exit }
        on && /(execve|clone3?|v?fork)\(/ { n++ }' "$T/trace" >"$T/counts"
    cat "$T/counts"
    [[ $(cat "$T/counts") == "plain 7
within 0" ]]
}
