#!/usr/bin/env bats
# shellcheck disable=SC2016 # scenario lines expand in the shell under test
# Poetry, Pipenv and PDM projects activate with no set-up: the REAL tool (Debian's
# python3-poetry, pipenv, python3-pdm) makes the venv offline, then a real interactive shell
# with the hook cds in, and VIRTUAL_ENV must be exactly what the tool itself reports.

load test_helper

# Read before setup replaces HOME: the suite's own pyenv, for a second Python version.
PYH_PYENV_VERSIONS=${PYENV_ROOT:-$HOME/.pyenv}/versions

setup() {
    common_setup
    tools_offline
}

# poetry_project DIR NAME: a pyproject.toml that Poetry reads, with no dependencies.
poetry_project() {
    mkdir -p "$1"
    printf '[tool.poetry]\nname = "%s"\nversion = "0.1.0"\ndescription = ""\nauthors = ["A <a@example.com>"]\n\n[tool.poetry.dependencies]\npython = ">=3.8"\n' \
        "$2" >"$1/pyproject.toml"
}

# in_each_shell DIR WANT: cd DIR in each shell; VIRTUAL_ENV must be WANT, and unset after
# leaving.
in_each_shell() {
    local dir=$1 want=$2
    # shellcheck disable=SC2329 # called through for_each_shell
    visit() {
        run_scenario "$1" "cd $(printf %q "$dir")" 'probe_var VIRTUAL_ENV' 'cd $T' \
            'probe_var VIRTUAL_ENV'
        expect_output "VIRTUAL_ENV=${want//$T/@}
VIRTUAL_ENV=<unset>" || return 1
        # and nothing was said
        [[ $(count_in_tty "pyenvhook: ") == 0 ]] || { cat -v "$PYH_TTY" >&2; return 1; }
    }
    for_each_shell visit
}

# second_python: an interpreter whose X.Y differs from /usr/bin/python3's, or nothing.
second_python() {
    local mine p
    mine=$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    for p in "$PYH_PYENV_VERSIONS"/3.1[0-9]*/bin/python3 "$PYH_PYENV_VERSIONS"/3.[89]*/bin/python3 \
        /usr/bin/python3.[0-9]*; do
        [[ -x $p && $p != *-config ]] || continue
        [[ $("$p" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) == "$mine" ]] && continue
        "$p" -c 'import venv' 2>/dev/null || continue
        echo "$p"
        return
    done
}

@test "Poetry: the venv poetry made for a project whose path has a space" {
    need poetry
    poetry_project "$T/my proj" My_Demo.pkg
    (cd "$T/my proj" && poetry env use /usr/bin/python3 >/dev/null 2>&1)
    want=$(cd "$T/my proj" && poetry env info -p)
    [[ $want == "$XDG_CACHE_HOME/pypoetry/virtualenvs/my-demo-pkg-"*-py3.* ]]
    "$PYENVHOOK" -q allow "$T/my proj" >/dev/null
    mkdir -p "$T/my proj/sub dir"
    in_each_shell "$T/my proj/sub dir" "$want"
    # status names the tool and the file that decided
    [[ $(cd "$T/my proj/sub dir" && "$PYENVHOOK" status) == *"$T/my proj/pyproject.toml (Poetry)"* ]]
    # through a symbolic link: Poetry hashes the real path, so the venv is the same
    ln -s "my proj" "$T/link"
    PYH_SHELLS=bash in_each_shell "$T/link/sub dir" "$want"
}

@test "Poetry: with two Python versions, 'poetry env use' decides, and without envs.toml the one poetry would pick" {
    need poetry
    other=$(second_python)
    [[ -n $other ]] || skip "only one Python version here (no ~/.pyenv/versions/3.X but $(/usr/bin/python3 -V))"
    poetry_project "$T/two" two
    cd "$T/two"
    poetry env use /usr/bin/python3 >/dev/null 2>&1
    first=$(poetry env info -p)
    poetry env use "$other" >/dev/null 2>&1
    second=$(poetry env info -p)
    [[ $first != "$second" && -d $first && -d $second ]]
    cd "$T"
    "$PYENVHOOK" -q allow "$T/two" >/dev/null
    in_each_shell "$T/two" "$second"
    (cd "$T/two" && poetry env use /usr/bin/python3 >/dev/null 2>&1)
    [[ $(cd "$T/two" && poetry env info -p) == "$first" ]]
    # another venv is another thing to trust
    "$PYENVHOOK" -q allow "$T/two" >/dev/null
    in_each_shell "$T/two" "$first"
    # No envs.toml entry: Poetry 1 takes the interpreter it runs on (/usr/bin/python3)
    rm "$XDG_CACHE_HOME/pypoetry/virtualenvs/envs.toml"
    [[ $(cd "$T/two" && poetry env info -p) == "$first" ]]
    in_each_shell "$T/two" "$first"
}

@test "Poetry: virtualenvs.path in the user's config.toml and POETRY_VIRTUALENVS_PATH move the venv" {
    need poetry
    poetry_project "$T/p" p
    poetry config virtualenvs.path "$HOME/poetry envs"
    [[ -f $XDG_CONFIG_HOME/pypoetry/config.toml ]]
    (cd "$T/p" && poetry env use /usr/bin/python3 >/dev/null 2>&1)
    want=$(cd "$T/p" && poetry env info -p)
    [[ $want == "$HOME/poetry envs/p-"* ]]
    "$PYENVHOOK" -q allow "$T/p" >/dev/null
    in_each_shell "$T/p" "$want"

    export POETRY_VIRTUALENVS_PATH="$T/from-env"
    (cd "$T/p" && poetry env use /usr/bin/python3 >/dev/null 2>&1)
    want=$(cd "$T/p" && poetry env info -p)
    [[ $want == "$T/from-env/p-"* ]]
    "$PYENVHOOK" -q allow "$T/p" >/dev/null
    PYH_SHELLS=bash in_each_shell "$T/p" "$want"
}

@test "Poetry: virtualenvs.in-project in the project's poetry.toml puts the venv in .venv" {
    need poetry
    poetry_project "$T/inp" inp
    (cd "$T/inp" && poetry config --local virtualenvs.in-project true &&
        poetry env use /usr/bin/python3 >/dev/null 2>&1)
    [[ -f $T/inp/poetry.toml ]]
    want=$(cd "$T/inp" && poetry env info -p)
    [[ $want == "$T/inp/.venv" ]]
    "$PYENVHOOK" -q allow "$T/inp" >/dev/null
    PYH_SHELLS=bash in_each_shell "$T/inp" "$want"
}

# poetry_new NAME: the project `poetry new NAME` makes in $T, as a user starts one.
poetry_new() {
    (cd "$T" && poetry new "$1" >/dev/null)
    [[ -f $T/$1/pyproject.toml ]]
}

# poetry_venv DIR: the venv poetry itself makes and reports for the project in DIR.
poetry_venv() {
    (cd "$1" && poetry env use /usr/bin/python3 >/dev/null 2>&1 && poetry env info -p)
}

@test "Poetry: an array of tables ([[tool.poetry.source]]) before [tool.poetry] loses none of the tables after it" {
    need poetry
    poetry_new demo-app
    cd "$T/demo-app"
    # what `poetry source add` writes, then moved to the top, as a hand-edited file may have it
    poetry source add --secondary internal https://pypi.example.invalid/simple/ >/dev/null
    python3 - <<'PY'
t = open("pyproject.toml").read()
a, b = t.index("[[tool.poetry.source]]"), t.index("[build-system]")
open("pyproject.toml", "w").write(t[a:b] + t[:a] + t[b:])
PY
    [[ $(head -1 pyproject.toml) == '[[tool.poetry.source]]' ]]
    want=$(poetry_venv "$T/demo-app")
    [[ $want == "$XDG_CACHE_HOME/pypoetry/virtualenvs/demo-app-"* ]]
    cd "$T"
    "$PYENVHOOK" -q allow "$T/demo-app" >/dev/null
    PYH_SHELLS=bash in_each_shell "$T/demo-app" "$want"
}

@test "Poetry: a pyproject.toml with dotted keys under [tool] (poetry.name = ...) is a Poetry project" {
    need poetry
    poetry_new dotted
    cd "$T/dotted"
    # every [tool.poetry...] key as a dotted key under one [tool]: no header names tool.poetry
    python3 - <<'PY'
out, prefix = [], None
for line in open("pyproject.toml").read().split("\n"):
    if line == "[tool.poetry]":
        out.append("[tool]")
        prefix = "poetry."
    elif line == "[tool.poetry.dependencies]":
        prefix = "poetry.dependencies."
    else:
        if line.startswith("["):
            prefix = None
        out.append(prefix + line if prefix and line[:1].isalpha() else line)
open("pyproject.toml", "w").write("\n".join(out))
PY
    grep -qx 'poetry.name = "dotted"' pyproject.toml
    [[ $(grep -c '^\[tool\.poetry' pyproject.toml) == 0 ]]
    # no poetry.lock: the [tool.poetry] table is all that says this is Poetry's project
    [[ ! -e poetry.lock ]]
    want=$(poetry_venv "$T/dotted")
    [[ $want == "$XDG_CACHE_HOME/pypoetry/virtualenvs/dotted-"* ]]
    cd "$T"
    "$PYENVHOOK" -q allow "$T/dotted" >/dev/null
    PYH_SHELLS=bash in_each_shell "$T/dotted" "$want"
}

@test "Poetry: the project's poetry.toml beats the user's config.toml for virtualenvs.in-project" {
    need poetry
    poetry_new prec
    # A .venv directory is a project of its own before any convention is asked (implicit_venv,
    # the default), so only with that off does Poetry's in-project setting decide.
    mkdir -p "$XDG_CONFIG_HOME/pyenvhook"
    echo '{"implicit_venv": false}' >"$XDG_CONFIG_HOME/pyenvhook/config.json"
    # the user wants in-project venvs everywhere; this project says no
    poetry config virtualenvs.in-project true
    (cd "$T/prec" && poetry config --local virtualenvs.in-project false)
    grep -q 'in-project = true' "$XDG_CONFIG_HOME/pypoetry/config.toml"
    grep -q 'in-project = false' "$T/prec/poetry.toml"
    make_untrusted_venv "$T/prec/.venv"
    want=$(poetry_venv "$T/prec")
    [[ $want == "$XDG_CACHE_HOME/pypoetry/virtualenvs/prec-"* ]]
    "$PYENVHOOK" -q allow "$T/prec" >/dev/null
    PYH_SHELLS=bash in_each_shell "$T/prec" "$want"
    # and the other way round: the user's false, the project's true
    poetry config virtualenvs.in-project false
    (cd "$T/prec" && poetry config --local virtualenvs.in-project true)
    [[ $(cd "$T/prec" && poetry env info -p) == "$T/prec/.venv" ]]
    "$PYENVHOOK" -q allow "$T/prec" >/dev/null
    PYH_SHELLS=bash in_each_shell "$T/prec" "$T/prec/.venv"
    # set nowhere: an existing .venv is still Poetry's choice
    poetry config --unset virtualenvs.in-project
    (cd "$T/prec" && poetry config --local --unset virtualenvs.in-project)
    [[ $(grep -c in-project "$XDG_CONFIG_HOME/pypoetry/config.toml" "$T/prec/poetry.toml" | grep -vc ':0$') == 0 ]]
    [[ $(cd "$T/prec" && poetry env info -p) == "$T/prec/.venv" ]]
    "$PYENVHOOK" -q allow "$T/prec" >/dev/null
    PYH_SHELLS=bash in_each_shell "$T/prec" "$T/prec/.venv"
}

@test "Poetry: the project's poetry.toml beats the user's config.toml for virtualenvs.path" {
    need poetry
    poetry_new where
    poetry config virtualenvs.path "$HOME/user envs"
    (cd "$T/where" && poetry config --local virtualenvs.path "$T/project envs")
    # the user's venv for it exists too, so that reading the wrong file finds one
    (cd "$T/where" && POETRY_VIRTUALENVS_PATH="$HOME/user envs" poetry env use /usr/bin/python3 >/dev/null 2>&1)
    compgen -G "$HOME/user envs/where-*" >/dev/null
    want=$(poetry_venv "$T/where")
    [[ $want == "$T/project envs/where-"* ]]
    "$PYENVHOOK" -q allow "$T/where" >/dev/null
    PYH_SHELLS=bash in_each_shell "$T/where" "$want"
    [[ $(cd "$T/where" && "$PYENVHOOK" status --json | python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["venv"], d["convention"], d["convention_file"])') == "$want Poetry $T/where/pyproject.toml" ]]
}

@test "Pipenv: the venv 'pipenv --python' made, under WORKON_HOME or the default" {
    need pipenv
    mkdir -p "$T/Pip Proj"
    printf '[requires]\npython_version = "%s"\n' \
        "$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')" \
        >"$T/Pip Proj/Pipfile"
    (cd "$T/Pip Proj" && pipenv --python /usr/bin/python3 >/dev/null 2>&1)
    want=$(cd "$T/Pip Proj" && pipenv --venv)
    [[ $want == "$XDG_DATA_HOME/virtualenvs/Pip_Proj-"* ]]
    "$PYENVHOOK" -q allow "$T/Pip Proj" >/dev/null
    in_each_shell "$T/Pip Proj" "$want"
    [[ $(cd "$T/Pip Proj" && "$PYENVHOOK" status) == *"$T/Pip Proj/Pipfile (Pipenv)"* ]]

    export WORKON_HOME="$HOME/.virtualenvs"
    (cd "$T/Pip Proj" && pipenv --python /usr/bin/python3 >/dev/null 2>&1)
    want=$(cd "$T/Pip Proj" && pipenv --venv)
    [[ $want == "$WORKON_HOME/Pip_Proj-"* ]]
    "$PYENVHOOK" -q allow "$T/Pip Proj" >/dev/null
    PYH_SHELLS=bash in_each_shell "$T/Pip Proj" "$want"
}

@test "PDM: the venv holding the interpreter 'pdm use' saved, outside the project" {
    need pdm
    mkdir -p "$T/pdm proj"
    printf '[project]\nname = "x"\nversion = "0.1"\nrequires-python = ">=3.8"\n' \
        >"$T/pdm proj/pyproject.toml"
    # out of the project, so that no .venv directory decides instead
    pdm config venv.in_project false >/dev/null 2>&1
    (cd "$T/pdm proj" && pdm venv create /usr/bin/python3 >/dev/null 2>&1)
    venv=$(echo "$XDG_DATA_HOME/pdm/venvs/pdm proj-"*)
    [[ -f $venv/pyvenv.cfg ]]
    (cd "$T/pdm proj" && pdm use -f "$venv/bin/python" >/dev/null 2>&1)
    python=$(cd "$T/pdm proj" && pdm info --python)
    [[ $python == "$venv/bin/python" ]]
    "$PYENVHOOK" -q allow "$T/pdm proj" >/dev/null
    in_each_shell "$T/pdm proj" "$venv"
    # Debian's PDM 2.2 saves it in .pdm.toml
    [[ $(cd "$T/pdm proj" && "$PYENVHOOK" status) == *"$T/pdm proj/.pdm.toml (PDM)"* ]]
    # PDM 2.5 and later write the same path to .pdm-python instead (not Debian's: by hand)
    rm "$T/pdm proj/.pdm.toml"
    echo "$python" >"$T/pdm proj/.pdm-python"
    "$PYENVHOOK" -q allow "$T/pdm proj" >/dev/null
    PYH_SHELLS=bash in_each_shell "$T/pdm proj" "$venv"
}

# Broken files: each case is a directory under $T/b and the line its entry must print.
broken_tools() {
    local lines=() d
    for d in "${CASES[@]}"; do
        lines+=("cd \$T/b/$d; false" 'probe_status' 'probe_var VIRTUAL_ENV' 'cd $T')
    done
    run_scenario "$1" "${lines[@]}" 'note prompt still works'
    local want="" msg
    for d in "${CASES[@]}"; do
        want+="status 1
VIRTUAL_ENV=<unset>
"
    done
    expect_output "${want}prompt still works" || return 1
    for msg in "${BROKEN[@]}"; do
        if [[ $(count_in_tty "pyenvhook: $msg") != 1 ]]; then
            echo "$1: not said once: $msg" >&2
            cat -v "$PYH_TTY" >&2
            return 1
        fi
    done
    # and nothing else was said
    if [[ $(count_in_tty "pyenvhook: ") != "${#BROKEN[@]}" ]]; then
        cat -v "$PYH_TTY" >&2
        return 1
    fi
}

@test "broken pyproject.toml, poetry.toml, Pipfile, .pdm-python: one line naming the file, nothing activated, the prompt intact" {
    CASES=(pyproject poetrytoml pipfile pdm pdmtoml)
    mkdir -p "${CASES[@]/#/$T/b/}"
    printf '[tool.poetry]\nname = "x\n' >"$T/b/pyproject/pyproject.toml"
    : >"$T/b/pyproject/poetry.lock"
    poetry_project "$T/b/poetrytoml" x
    printf '[virtualenvs\nin-project = true\n' >"$T/b/poetrytoml/poetry.toml"
    printf '[packages]\nrequests = *\n' >"$T/b/pipfile/Pipfile"
    # a PDM project has a pyproject.toml beside them (what the hook looks for)
    printf '[project]\nname = "x"\n' | tee "$T/b/pdm/pyproject.toml" >"$T/b/pdmtoml/pyproject.toml"
    : >"$T/b/pdm/.pdm-python"
    printf '[python]\npath = 42\n' >"$T/b/pdmtoml/.pdm.toml"
    BROKEN=(
        "$T/b/pyproject/pyproject.toml:2: a string is not closed on its line"
        "$T/b/poetrytoml/poetry.toml:1: expected ] after a table name"
        "$T/b/pipfile/Pipfile:2: expected a value"
        "$T/b/pdm/.pdm-python: is empty; it should name an interpreter"
        "$T/b/pdmtoml/.pdm.toml: python.path is not a string"
    )
    for_each_shell broken_tools
}

@test "a broken Poetry envs.toml: one line naming it, nothing activated" {
    CASES=(envs)
    poetry_project "$T/b/envs" x
    mkdir -p "$XDG_CACHE_HOME/pypoetry/virtualenvs"
    printf '[x-abc]\nminor = "3.11\n' >"$XDG_CACHE_HOME/pypoetry/virtualenvs/envs.toml"
    BROKEN=("$XDG_CACHE_HOME/pypoetry/virtualenvs/envs.toml:2: a string is not closed on its line")
    for_each_shell broken_tools
}
