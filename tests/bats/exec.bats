#!/usr/bin/env bats
# pyenvhook exec, env and which: the project's venv where no prompt runs (cron, make, git
# hooks, shebang lines), with the environment the hook gives at the prompt.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
    common_setup
    make_project "$T/proj"
    make_project "$T/other"
    mkdir -p "$T/plain" "$T/bin"
    # Shebang lines and the real shells find it by name, as users have it.
    ln -s "$PYENVHOOK" "$T/bin/pyenvhook"
    export PATH="$T/bin:$PATH"
    BASE="$T/bin:/usr/local/bin:/usr/bin:/bin"
    # What a command sees: prefix, the variables the hook sets, PATH.
    SHOW='import os, sys; e = os.environ.get; print(sys.prefix, e("VIRTUAL_ENV"), e("VIRTUAL_ENV_PROMPT"), e("PYTHONHOME"), e("PATH"))'
}

@test "exec runs CMD with the project's venv, from the directory or with -C from elsewhere" {
    cd "$T/proj"
    run "$PYENVHOOK" exec -- python -c "$SHOW"
    [[ $status == 0 ]]
    [[ $output == "$T/proj/.venv $T/proj/.venv proj None $T/proj/.venv/bin:$BASE" ]]
    cd "$T/plain"
    PYTHONHOME=/nonexistent run "$PYENVHOOK" exec -C ../other python -c "$SHOW"
    [[ $output == "$T/other/.venv $T/other/.venv other None $T/other/.venv/bin:$BASE" ]]
    # CMD still runs here: -C only says where to decide.
    run "$PYENVHOOK" exec -C "$T/proj" -- pwd
    [[ $output == "$T/plain" ]]
}

@test "a cron-like environment (env -i, only HOME and PATH) gets the venv" {
    run env -i HOME="$HOME" PATH=/usr/bin:/bin "$PYENVHOOK" exec -C "$T/proj" -- python -c "$SHOW"
    [[ $status == 0 ]]
    [[ $output == "$T/proj/.venv $T/proj/.venv proj None $T/proj/.venv/bin:/usr/bin:/bin" ]]
}

@test "PATH unset (env -i HOME=...): the venv goes before the system's default path, as a shell's" {
    local dflt
    dflt=$(getconf PATH)
    [[ -n $dflt ]]
    run env -i HOME="$HOME" "$PYENVHOOK" exec -C "$T/proj" -- sh -c 'echo "$PATH"'
    [[ $status == 0 ]]
    [[ $output == "$T/proj/.venv/bin:$dflt" ]]
    run env -i HOME="$HOME" "$PYENVHOOK" env -C "$T/proj" bash
    [[ $status == 0 ]]
    [[ $output == *"export PATH='$T/proj/.venv/bin:$dflt'"* ]]
    run env -i HOME="$HOME" "$PYENVHOOK" which -C "$T/proj" sh
    [[ $status == 0 ]]
    [[ $output == /*/sh ]]
    # An empty PATH is the caller's choice, not an unset one: kept as it is.
    run env -i HOME="$HOME" PATH= "$PYENVHOOK" env -C "$T/proj" bash
    [[ $output == *"export PATH='$T/proj/.venv/bin'"* ]]
}

@test "exit statuses are CMD's: 0, 1, 7; 127 when CMD is not found, 126 when not executable" {
    cd "$T/proj"
    run "$PYENVHOOK" exec -- python -c 'raise SystemExit(0)'
    [[ $status == 0 ]]
    run "$PYENVHOOK" exec -- python -c 'raise SystemExit(1)'
    [[ $status == 1 ]]
    run "$PYENVHOOK" exec -- python -c 'raise SystemExit(7)'
    [[ $status == 7 ]]
    run -127 "$PYENVHOOK" exec -- no-such-command-here
    [[ $output == "pyenvhook: exec: no-such-command-here: command not found" ]]
    : >"$T/plain/notexec"
    run -126 "$PYENVHOOK" exec -- "$T/plain/notexec"
}

@test "a child killed by a signal is reported as killed by it, as the shell sees it" {
    cd "$T/proj"
    run bash -c '"$1" exec -- python -c "import os, signal; os.kill(os.getpid(), signal.SIGTERM)" 2>/dev/null; echo "status $?"' _ "$PYENVHOOK"
    [[ ${lines[-1]} == "status 143" ]]
    # and a signal sent to the pid the caller started reaches CMD itself (the alarm ends a
    # CMD the signal missed, so that a failure cannot hang the suite)
    run bash -c '"$1" exec -- python -c "import signal, sys; signal.signal(signal.SIGUSR1, lambda *a: sys.exit(42)); signal.alarm(10); signal.pause()" & sleep 1; kill -USR1 $!; wait $!; echo "status $?"' _ "$PYENVHOOK"
    [[ $output == "status 42" ]]
}

@test "stdin passes through to CMD" {
    cd "$T/proj"
    run bash -c 'printf "line one\nline two\n" | "$1" exec -- python -c "import sys; print(sys.stdin.read().upper(), end=\"\")"' _ "$PYENVHOOK"
    [[ $output == $'LINE ONE\nLINE TWO' ]]
}

@test "no shell and no second process in between: one execve for pyenvhook, one for CMD" {
    cd "$T/proj"
    traced -f -qq -e trace=execve,clone,clone3,fork,vfork -o "$T/trace" "$PYENVHOOK" exec -- true
    # execvp tries each PATH entry in turn: the failed tries are not processes
    run grep -c ' = 0$' "$T/trace"
    [[ $output == 2 ]]
    grep -q "^[0-9]*  *execve(\"[^\"]*/true\", \\[\"true\"\\], .* = 0$" "$T/trace"
    run grep -c 'clone\|fork' "$T/trace"
    [[ $output == 0 ]]
    # one pid throughout: the process the caller started is CMD's
    run sh -c "cut -d' ' -f1 '$T/trace' | sort -u | wc -l"
    [[ $output == 1 ]]
}

@test "an untrusted project: the hook's one line, exit 1, CMD not run" {
    make_untrusted_venv "$T/stranger/.venv"
    cd "$T/stranger"
    run "$PYENVHOOK" exec -- touch "$T/ran"
    [[ $status == 1 ]]
    [[ $output == "pyenvhook: not activating $T/stranger/.venv: it is not allowed yet; run 'pyenvhook allow' to trust it" ]]
    [[ ! -e $T/ran ]]
    # -q silences notes, never this refusal
    run "$PYENVHOOK" -q exec -- touch "$T/ran"
    [[ $status == 1 && -n $output && ! -e $T/ran ]]
}

@test "no project: says so and exits 1; --no-project-ok runs CMD unchanged" {
    cd "$T/plain"
    run "$PYENVHOOK" exec -- touch "$T/ran"
    [[ $status == 1 ]]
    [[ $output == "pyenvhook: exec: no project at or above $T/plain (no .pyenvhook.json, .venv, or Poetry, Pipenv, PDM or pyenv-virtualenv project); --no-project-ok runs it unchanged" ]]
    [[ ! -e $T/ran ]]
    run "$PYENVHOOK" exec --no-project-ok -- sh -c 'echo "${VIRTUAL_ENV-unset} $PATH"'
    [[ $status == 0 ]]
    [[ $output == "unset $BASE" ]]
}

@test "a Makefile's recipe runs in the project's venv" {
    cd "$T/proj"
    printf 'test:\n\tpyenvhook exec -- python -c '\''import sys; print(sys.prefix)'\''\n' >Makefile
    run make -s test
    [[ $status == 0 ]]
    [[ $output == "$T/proj/.venv" ]]
}

@test "a git hook runs in the project's venv" {
    cd "$T/proj"
    git init -q .
    git config user.email t@example.com
    git config user.name t
    printf '#!/bin/sh\nexec pyenvhook exec -- python -c "import sys; open(\\"%s\\", \\"w\\").write(sys.prefix)"\n' \
        "$T/hook-saw" >.git/hooks/pre-commit
    chmod +x .git/hooks/pre-commit
    echo x >file
    git add file
    git commit -qm one
    [[ $(cat "$T/hook-saw") == "$T/proj/.venv" ]]
    # a failing hook stops the commit: its status came through
    printf '#!/bin/sh\nexec pyenvhook exec -- python -c "raise SystemExit(3)"\n' >.git/hooks/pre-commit
    echo y >file
    git add file
    run git commit -qm two
    [[ $status != 0 ]]
}

@test "shebang: the directory it is run from decides; --script lets the script's own decide" {
    mkdir -p "$T/proj/bin"
    printf '#!/usr/bin/env -S pyenvhook exec -- python\nimport sys; print("cwd", sys.prefix, sys.argv[1:])\n' \
        >"$T/proj/bin/tool"
    printf '#!/usr/bin/env -S pyenvhook exec --script -C .. -- python\nimport sys; print("script", sys.prefix, sys.argv[1:])\n' \
        >"$T/proj/bin/tool2"
    chmod +x "$T/proj/bin/tool" "$T/proj/bin/tool2"
    cd "$T/other"
    run ./../proj/bin/tool a -h
    [[ $output == "cwd $T/other/.venv ['a', '-h']" ]]
    run ../proj/bin/tool2 b --help
    [[ $output == "script $T/proj/.venv ['b', '--help']" ]]
    # as cron has it: from / with nothing but HOME and PATH
    cd /
    run env -i HOME="$HOME" PATH="$T/bin:/usr/bin:/bin" "$T/proj/bin/tool2"
    [[ $output == "script $T/proj/.venv []" ]]
    run env -i HOME="$HOME" PATH="$T/bin:/usr/bin:/bin" "$T/proj/bin/tool"
    [[ $status == 1 ]]
}

@test "env prints the hook's changes for each shell and as JSON; which names the venv's python" {
    cd "$T/proj"
    run "$PYENVHOOK" env --json
    [[ $status == 0 ]]
    run python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(d["venv"], d["bin"], d["prompt"], d["set"]["PATH"], d["set"]["VIRTUAL_ENV"], d["unset"])' "$output"
    [[ $output == "$T/proj/.venv $T/proj/.venv/bin proj $T/proj/.venv/bin:$BASE $T/proj/.venv ['PYTHONHOME']" ]]
    run "$PYENVHOOK" which
    [[ $output == "$T/proj/.venv/bin/python" ]]
    run "$PYENVHOOK" which -C "$T/other" no-such-command-here
    [[ $status == 1 ]]
    [[ $output == "pyenvhook: which: no-such-command-here: not found on PATH" ]]
    run "$PYENVHOOK" which -C "$T/other" python3
    [[ $output == "$T/other/.venv/bin/python3" ]]
    local sh
    for sh in bash zsh fish; do
        PYTHONHOME=/x run "$sh" -c "cd $T/plain; $("$PYENVHOOK" env -C "$T/proj" "$sh" | tr '\n' ';') python -c '$SHOW'"
        [[ $output == "$T/proj/.venv $T/proj/.venv proj None $T/proj/.venv/bin:$BASE" ]] || {
            echo "$sh: $output" >&2
            return 1
        }
    done
}

@test "exec and env, run where the venv is already active, give the prompt the marker now names" {
    cd "$T/proj"
    export VIRTUAL_ENV_PROMPT=mine
    eval "$("$PYENVHOOK" env bash)"
    [[ $VIRTUAL_ENV_PROMPT == proj && $_PYENVHOOK_PROMPT_OLD == =mine ]]
    # the prompt changed in the marker while the venv is active, and was allowed again
    printf '{"prompt": "renamed"}\n' >.pyenvhook.json
    "$PYENVHOOK" -q allow >/dev/null
    run "$PYENVHOOK" exec -- python -c "$SHOW"
    [[ $status == 0 ]]
    [[ $output == "$T/proj/.venv $T/proj/.venv renamed None $T/proj/.venv/bin:$BASE" ]]
    run "$PYENVHOOK" exec -- sh -c 'echo "$_PYENVHOOK_PROMPT_OLD"'
    [[ $output == "=mine" ]]
    run "$PYENVHOOK" env --json
    run python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(d["prompt"], d["set"]["VIRTUAL_ENV_PROMPT"], d["set"]["PATH"], d["set"]["_PYENVHOOK_PROMPT_OLD"])' "$output"
    [[ $output == "renamed renamed $T/proj/.venv/bin:$BASE =mine" ]]
    # a VIRTUAL_ENV_PROMPT unset since (by a prompt tool, by hand) is given back
    run env -u VIRTUAL_ENV_PROMPT "$PYENVHOOK" exec -- sh -c 'echo "${VIRTUAL_ENV_PROMPT-unset} $PATH"'
    [[ $output == "renamed $T/proj/.venv/bin:$BASE" ]]
    # and the shell code env prints does the same in the shell
    eval "$("$PYENVHOOK" env bash)"
    [[ $VIRTUAL_ENV_PROMPT == renamed && $PATH == "$T/proj/.venv/bin:$BASE" && $_PYENVHOOK_PROMPT_OLD == =mine ]]
}

# The environment a command gets, but for what differs between any two commands a shell runs.
DUMP='env | LC_ALL=C sort | grep -v "^\(PWD\|OLDPWD\|_\)=" >'

same_as_prompt() {
    # at the prompt in each project; then exec from outside, and from the other project,
    # with PYTHONHOME and VIRTUAL_ENV_PROMPT set beforehand, which the hook puts aside
    run_scenario "$1" 'setenv PYTHONHOME /opt/py' 'setenv VIRTUAL_ENV_PROMPT mine' \
        'cd $T/proj' "sh -c '$DUMP \$1' _ \$T/prompt-proj" \
        'cd $T/other' "sh -c '$DUMP \$1' _ \$T/prompt-other" \
        'cd $T/plain' "pyenvhook exec -C \$T/proj sh -c '$DUMP \$1' _ \$T/exec-proj" \
        'cd $T/other' "pyenvhook exec -C \$T/proj -- sh -c '$DUMP \$1' _ \$T/exec-proj-from-other" \
        "pyenvhook exec sh -c '$DUMP \$1' _ \$T/exec-other-in-other"
    local f
    for f in exec-proj:prompt-proj exec-proj-from-other:prompt-proj \
        exec-other-in-other:prompt-other; do
        [[ -s $T/${f%:*} && -s $T/${f#*:} ]] || {
            echo "$1: ${f%:*} or ${f#*:} is missing" >&2
            tail -20 "$PYH_TTY" >&2
            return 1
        }
        diff -u "$T/${f#*:}" "$T/${f%:*}" >&2 || {
            echo "$1: ${f%:*} differs from ${f#*:}" >&2
            return 1
        }
    done
    grep -qx "PATH=$T/proj/.venv/bin:$BASE" "$T/exec-proj-from-other"
    grep -qx "_PYENVHOOK_PYTHONHOME==/opt/py" "$T/exec-proj-from-other"
}

@test "in bash, zsh and fish, exec's environment is the one the hook gives at the prompt" {
    for_each_shell same_as_prompt
}

# The runner's reading of $GITHUB_ENV ("NAME=value", or "NAME<<DELIM", lines, "DELIM") and
# $GITHUB_PATH (each line put in front of PATH, so the last written comes first), applied to
# this shell as the runner applies them to the steps that follow.
apply_as_runner() {
    local line name delim value
    while IFS= read -r line; do
        if [[ $line == *=* && ($line != *'<<'* || ${line%%=*} != *'<<'*) ]]; then
            export "${line%%=*}=${line#*=}"
        elif [[ $line == *'<<'* ]]; then
            name=${line%%<<*} delim=${line#*<<} value=
            local first=1
            while IFS= read -r line && [[ $line != "$delim" ]]; do
                if ((first)); then value=$line first=0; else value+=$'\n'$line; fi
            done
            export "$name=$value"
        fi
    done <"$GITHUB_ENV"
    while IFS= read -r line; do
        [[ -n $line ]] && PATH="$line:$PATH"
    done <"$GITHUB_PATH"
    export PATH
}

@test "the GitHub Actions recipe in docs/ci.md gives the next step the venv" {
    # the step's script, as the YAML block in the docs holds it
    sed -n '/^<!-- github-actions-recipe/,/^<!-- end github-actions-recipe/p' \
        "$PYH_SRC/docs/ci.md" | sed -n '/^  run: |$/,/^```$/p' | sed '1d;$d;s/^    //' >"$T/step.sh"
    grep -q 'GITHUB_PATH' "$T/step.sh"
    cd "$T/proj"
    export GITHUB_ENV="$T/github_env" GITHUB_PATH="$T/github_path"
    : >"$GITHUB_ENV"
    : >"$GITHUB_PATH"
    PYTHONHOME=/x bash "$T/step.sh"
    # the next step, in a fresh environment with PYTHONHOME from the job's env
    run env -i HOME="$HOME" PATH="$BASE" PYTHONHOME=/x GITHUB_ENV="$GITHUB_ENV" \
        GITHUB_PATH="$GITHUB_PATH" bash -c "$(declare -f apply_as_runner); apply_as_runner; cd /; python -c '$SHOW'"
    [[ $status == 0 ]]
    [[ $output == "$T/proj/.venv $T/proj/.venv proj  $T/proj/.venv/bin:$BASE" ]]
}

@test "CMD has the caller's terminal" {
    cd "$T/proj"
    run script -qec "$PYENVHOOK exec -- python -c 'import os; print(os.isatty(0), os.isatty(1), os.ttyname(0) == os.ttyname(1))'" /dev/null
    [[ $output == *"True True True"* ]]
}

@test "a venv activated by hand is left as it is, as the hook leaves it, with a note" {
    make_untrusted_venv "$T/mine"
    cd "$T/proj"
    VIRTUAL_ENV=$T/mine PATH="$T/mine/bin:$PATH" run "$PYENVHOOK" exec -- python -c "$SHOW"
    [[ ${lines[0]} == "pyenvhook: exec: VIRTUAL_ENV=$T/mine was set by hand or inherited; left as it is, as the hook leaves it" ]]
    [[ ${lines[1]} == "$T/mine $T/mine None None $T/mine/bin:$BASE" ]]
}

@test "with --no-project-ok, a venv pyenvhook activated in the caller is left, as the hook would" {
    cd "$T/proj"
    eval "$("$PYENVHOOK" env bash)"
    [[ $PATH == "$T/proj/.venv/bin:$BASE" ]]
    cd "$T/plain"
    run "$PYENVHOOK" exec --no-project-ok -- sh -c 'echo "${VIRTUAL_ENV-unset} ${_PYENVHOOK_VENV-unset} $PATH"'
    [[ $output == "unset unset $BASE" ]]
}
