#!/usr/bin/env bats
# shellcheck disable=SC2016 # scenario lines expand in the shell under test
# Trust follows what decides the venv: for Poetry, Pipenv, PDM and .python-envs, the fingerprint
# covers the facts that chose the environment (a name, the venv settings, the default line), not
# every byte of a file that holds much more. So the tools' daily work (`poetry add`, `poetry
# version`, a dependency in a Pipfile, `pdm config`) leaves the project trusted and active, run
# by the REAL tool in a real interactive shell with the hook, and a change of what chose the venv
# asks again, as a pull that redirects it must.

load test_helper

setup() {
    common_setup
    tools_offline
}

CHANGED="it changed since it was allowed"

# state DIR: what status --json says of DIR from outside any shell: "pending" when trusted.
state() {
    (cd "$1" && "$PYENVHOOK" status --json) | python3 -c 'import json, sys; print(json.load(sys.stdin)["state"])'
}

# poetry_project DIR NAME: a pyproject.toml as `poetry init` leaves it, with no dependencies.
poetry_project() {
    mkdir -p "$1"
    printf '[tool.poetry]\nname = "%s"\nversion = "0.1.0"\ndescription = ""\nauthors = ["A <a@example.com>"]\n\n[tool.poetry.dependencies]\npython = ">=3.8"\n\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n' \
        "$2" >"$1/pyproject.toml"
}

# A Poetry project whose venv poetry made in its cache, allowed once, and a second project
# beside it for `poetry add` to depend on by path (resolved offline, from its pyproject.toml).
poetry_setup() {
    need poetry
    poetry_project "$T/dep" dep
    mkdir -p "$T/dep/dep" && : >"$T/dep/dep/__init__.py"
    poetry_project "$T/app" app
    (cd "$T/app" && poetry env use /usr/bin/python3 >/dev/null 2>&1)
    want=$(cd "$T/app" && poetry env info -p)
    [[ -f $want/pyvenv.cfg ]]
    cp "$T/app/pyproject.toml" "$T/pyproject.orig"
    "$PYENVHOOK" -q allow "$T/app" >/dev/null
}

@test "Poetry: poetry add, version, remove and a non-venv setting keep the project trusted and active" {
    poetry_setup
    # shellcheck disable=SC2329 # called through for_each_shell
    daily() {
        cp "$T/pyproject.orig" "$T/app/pyproject.toml"
        rm -f "$T/app/poetry.lock" "$T/app/poetry.toml"
        run_scenario "$1" 'cd $T/app' 'probe_var VIRTUAL_ENV' \
            'poetry add --lock ../dep >/dev/null 2>&1' 'probe_var VIRTUAL_ENV' \
            'grep -c "^dep = " pyproject.toml >$T/added' \
            'poetry version patch >/dev/null 2>&1' 'probe_var VIRTUAL_ENV' \
            'poetry remove dep >/dev/null 2>&1' 'probe_var VIRTUAL_ENV' \
            'poetry config --local installer.parallel false' 'probe_var VIRTUAL_ENV'
        expect_output "VIRTUAL_ENV=${want//$T/@}
VIRTUAL_ENV=${want//$T/@}
VIRTUAL_ENV=${want//$T/@}
VIRTUAL_ENV=${want//$T/@}
VIRTUAL_ENV=${want//$T/@}" || return 1
        # the tools did change the files (the version bumped, poetry.toml written), and the
        # hook said nothing
        grep -qx 'version = "0.1.1"' "$T/app/pyproject.toml" &&
            grep -qx 'parallel = false' "$T/app/poetry.toml" && [[ $(cat "$T/added") == 1 ]] &&
            ! grep -q '^dep = ' "$T/app/pyproject.toml" ||
            return 1
        [[ $(count_in_tty "pyenvhook: ") == 0 ]] || { cat -v "$PYH_TTY" >&2; return 1; }
    }
    for_each_shell daily
    # and status agrees from outside
    [[ $(state "$T/app") == pending ]]
}

@test "Poetry: a new name, or a venv setting in poetry.toml, asks again, even when the venv stays the same" {
    poetry_setup
    # shellcheck disable=SC2329 # called through for_each_shell
    asks() {
        cp "$T/pyproject.orig" "$T/app/pyproject.toml"
        rm -f "$T/app/poetry.toml"
        "$PYENVHOOK" -q allow "$T/app" >/dev/null
        # "App" names the same venv as "app" (Poetry lowers the name); the path written out is
        # the one Poetry uses by default. The hook notices an edit of pyproject.toml and a
        # poetry.toml that appears at the next prompt; one edited in place, at the next cd.
        run_scenario "$1" 'cd $T/app' 'probe_var VIRTUAL_ENV' \
            'sed -i "s/^name = \"app\"/name = \"App\"/" pyproject.toml' 'probe_var VIRTUAL_ENV' \
            'cp $T/pyproject.orig pyproject.toml' 'probe_var VIRTUAL_ENV' \
            'poetry config --local virtualenvs.path "$XDG_CACHE_HOME/pypoetry/virtualenvs"' \
            'probe_var VIRTUAL_ENV' \
            'pyenvhook allow >/dev/null 2>&1' 'probe_var VIRTUAL_ENV' \
            'poetry config --local installer.parallel false' 'cd ..' 'cd app' \
            'probe_var VIRTUAL_ENV' \
            'poetry config --local virtualenvs.in-project false' 'cd ..' 'cd app' \
            'probe_var VIRTUAL_ENV' 'poetry env info -p >$T/env-info'
        expect_output "VIRTUAL_ENV=${want//$T/@}
VIRTUAL_ENV=<unset>
VIRTUAL_ENV=${want//$T/@}
VIRTUAL_ENV=<unset>
VIRTUAL_ENV=${want//$T/@}
VIRTUAL_ENV=${want//$T/@}
VIRTUAL_ENV=<unset>" || return 1
        # each refusal said once; and poetry itself still uses that venv
        [[ $(count_in_tty "$CHANGED") == 3 && $(cat "$T/env-info") == "$want" ]] ||
            { cat -v "$PYH_TTY" >&2; return 1; }
    }
    for_each_shell asks
}

@test "Pipenv: a dependency added to the Pipfile keeps the project trusted; its venv settings come from the environment" {
    need pipenv
    mkdir -p "$T/pp"
    (cd "$T/pp" && pipenv --python /usr/bin/python3 >/dev/null 2>&1)
    want=$(cd "$T/pp" && pipenv --venv)
    [[ -f $want/pyvenv.cfg ]]
    "$PYENVHOOK" -q allow "$T/pp" >/dev/null
    # What `pipenv install requests` writes to the Pipfile (the real command needs PyPI), and
    # pipenv itself reading the edited file.
    sed -i 's/^\[packages\]$/[packages]\nrequests = "*"/' "$T/pp/Pipfile"
    (cd "$T/pp" && pipenv --venv) | grep -qxF "$want"
    run_scenario bash 'cd $T/pp' 'probe_var VIRTUAL_ENV' \
        'printf "[scripts]\nserve = \"python -m http.server\"\n" >>Pipfile' 'probe_var VIRTUAL_ENV'
    expect_output "VIRTUAL_ENV=${want//$T/@}
VIRTUAL_ENV=${want//$T/@}"
    [[ $(count_in_tty "pyenvhook: ") == 0 ]]
    # a Pipfile that no longer parses is still reported, as pipenv would refuse it
    printf '[packages\n' >>"$T/pp/Pipfile"
    run bash -c 'cd "$1" && "$2" status' _ "$T/pp" "$PYENVHOOK"
    [[ $output == *"$T/pp/Pipfile:"* ]]
}

@test "PDM: 'pdm config --local' keeps the project trusted, 'pdm use' of another venv asks again" {
    need pdm
    mkdir -p "$T/pd"
    printf '[project]\nname = "pd"\nversion = "0.1.0"\nrequires-python = ">=3.8"\ndependencies = []\n' \
        >"$T/pd/pyproject.toml"
    make_untrusted_venv "$T/v1" "$T/v2"
    (cd "$T/pd" && pdm use -f "$T/v1/bin/python" >/dev/null 2>&1)
    "$PYENVHOOK" -q allow "$T/pd" >/dev/null
    run_scenario bash 'cd $T/pd' 'probe_var VIRTUAL_ENV' \
        'pdm config --local install.cache true >/dev/null 2>&1' 'probe_var VIRTUAL_ENV' \
        'pdm use -f $T/v2/bin/python >/dev/null 2>&1' 'probe_var VIRTUAL_ENV'
    expect_output "VIRTUAL_ENV=@/v1
VIRTUAL_ENV=@/v1
VIRTUAL_ENV=<unset>"
    # Debian's PDM 2.2 wrote both to .pdm.toml
    grep -q '^cache = true' "$T/pd/.pdm.toml"
    grep -qF "$T/v2/bin/python" "$T/pd/.pdm.toml"
    [[ $(count_in_tty "$CHANGED") == 1 ]]
}

@test ".python-envs: a line added above the default keeps the project trusted, a new default asks again" {
    mkdir -p "$T/pe"
    make_untrusted_venv "$T/pe/env-a" "$T/pe/env-b"
    printf 'env-a\n' >"$T/pe/.python-envs"
    "$PYENVHOOK" -q allow "$T/pe" >/dev/null
    run_scenario bash 'cd $T/pe' 'probe_var VIRTUAL_ENV' \
        'printf "env-b\nenv-a\n" >.python-envs' 'probe_var VIRTUAL_ENV' \
        'printf "env-a\nenv-b\n" >.python-envs' 'probe_var VIRTUAL_ENV'
    expect_output "VIRTUAL_ENV=@/pe/env-a
VIRTUAL_ENV=@/pe/env-a
VIRTUAL_ENV=<unset>"
    [[ $(count_in_tty "$CHANGED") == 1 ]]
}

# old_entry DIR FILE...: the trust entry an earlier pyenvhook wrote for DIR, whose digest
# covered every byte of each FILE (by real path: name, NUL, the SHA-256 of its bytes in hex).
old_entry() {
    python3 - "$@" <<'EOF'
import hashlib, json, os, sys
root, files = os.path.realpath(sys.argv[1]), [os.path.realpath(f) for f in sys.argv[3:]]
venv = os.path.realpath(sys.argv[2])
h = hashlib.sha256()
for f in files:
    h.update(f.encode() + b"\0" + hashlib.sha256(open(f, "rb").read()).hexdigest().encode())
entry = {"version": 2, "root": root, "marker": files[0], "sha256": h.hexdigest(),
         "venv": venv, "tracked": None, "allowed": "2026-01-01T00:00:00Z"}
store = os.path.join(os.environ["XDG_DATA_HOME"], "pyenvhook", "trust")
os.makedirs(store, mode=0o700, exist_ok=True)
path = os.path.join(store, hashlib.sha256(root.encode()).hexdigest() + ".json")
with open(path, "w") as out:
    json.dump(entry, out)
print(path)
EOF
}

@test "an entry an earlier release wrote, over every byte, still trusts the unchanged project and is written anew" {
    mkdir -p "$T/pe"
    make_untrusted_venv "$T/pe/env-a"
    printf 'env-a\n' >"$T/pe/.python-envs"
    entry=$(old_entry "$T/pe" "$T/pe/env-a" "$T/pe/.python-envs")
    old=$(cat "$entry")
    [[ $(state "$T/pe") == pending ]]
    # entering it rewrites the entry by the facts, keeping when it was allowed
    cd "$T/pe" && "$PYENVHOOK" export bash >/dev/null
    [[ $(cat "$entry") != "$old" && $(cat "$entry") == *'"allowed":"2026-01-01T00:00:00Z"'* ]]
    # so a line added above the default keeps it trusted from then on
    printf 'other\nenv-a\n' >"$T/pe/.python-envs"
    [[ $(state "$T/pe") == pending ]]
    # and an old entry for bytes that have changed since is not carried over
    entry=$(old_entry "$T/pe" "$T/pe/env-a" "$T/pe/.python-envs")
    printf 'env-a\n' >"$T/pe/.python-envs"
    [[ $(state "$T/pe") == untrusted ]]
    run bash -c 'cd "$1" && "$2" status' _ "$T/pe" "$PYENVHOOK"
    [[ $output == *"$CHANGED"* ]]
}
