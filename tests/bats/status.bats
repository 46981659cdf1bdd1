#!/usr/bin/env bats
# status and status --json in every state, with and without a venv of pyenvhook's active in
# the calling shell: "active" names a venv only when it is this directory's and it is the
# one active, and the words say the same as the JSON.

load test_helper

setup() {
    common_setup
    make_project "$T/proj"
    make_project "$T/other"
    mkdir -p "$T/none" "$T/novenv" "$T/untrusted" "$T/broken"
    echo '{"venv": "env"}' >"$T/novenv/.pyenvhook.json"
    echo '{}' >"$T/untrusted/.pyenvhook.json"
    make_untrusted_venv "$T/untrusted/.venv"
    echo '{"venv": ' >"$T/broken/.pyenvhook.json"
    make_untrusted_venv "$T/mine"
}

# status_is DIR STATE ACTIVE [VAR=VALUE...]: in DIR, with the hook's environment VAR=VALUE...
# (bash's pyenvhook function always passes _PYENVHOOK_HOOK), status --json says STATE and
# "active" is ACTIVE ("-" for null), and the words agree; the exit status is 1 for broken only.
status_is() {
    local dir=$1 state=$2 active=$3
    shift 3
    cd "$dir" || return 1
    local json text rc=0 want_rc=0
    json=$(env _PYENVHOOK_HOOK=bash "$@" "$PYENVHOOK" status --json 2>/dev/null) || rc=$?
    if [[ $state == broken ]]; then want_rc=1; fi
    [[ $rc == "$want_rc" ]] || { echo "in $dir with $*: exit status $rc" >&2; return 1; }
    text=$(env _PYENVHOOK_HOOK=bash "$@" "$PYENVHOOK" status 2>/dev/null | head -1)
    python3 - "$json" "$state" "$active" <<'PY' || { echo "in $dir with $*" >&2; return 1; }
import json, sys
s, state, active = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
assert s["state"] == state, ("state", state, s)
assert s["active"] == (None if active == "-" else active), ("active", active, s)
PY
    local want="inactive ($state)"
    # a .venv is called after its project
    local project=${active%/.venv}
    if [[ $active != - ]]; then want="active: $active (prompt: ${project##*/})"; fi
    [[ $text == "$want" ]] || { echo "in $dir with $*: '$text', not '$want'" >&2; return 1; }
}

@test "status: nothing of ours active, every state; \"active\" is null in all of them" {
    status_is "$T/none" no-project -
    status_is "$T/proj" pending -
    status_is "$T/novenv" no-venv -
    status_is "$T/untrusted" untrusted -
    status_is "$T/broken" broken -
    status_is "$T/proj" paused - _PYENVHOOK_PAUSED=1
    status_is "$T/proj" manual - VIRTUAL_ENV="$T/mine"
}

@test "status: with proj's venv active, \"active\" names it in proj alone" {
    local ours=("_PYENVHOOK_VENV=$T/proj/.venv" "VIRTUAL_ENV=$T/proj/.venv")
    status_is "$T/proj" active "$T/proj/.venv" "${ours[@]}"
    # what the hook has not caught up with yet (bash acts at the next prompt)
    status_is "$T/none" no-project - "${ours[@]}"
    status_is "$T/other" pending - "${ours[@]}"
    status_is "$T/novenv" no-venv - "${ours[@]}"
    status_is "$T/untrusted" untrusted - "${ours[@]}"
    status_is "$T/broken" broken - "${ours[@]}"
    # ours, then a venv activated by hand over it
    status_is "$T/proj" manual - "_PYENVHOOK_VENV=$T/proj/.venv" "VIRTUAL_ENV=$T/mine"
}

# conv_row DIR: status --json in DIR, as "state source project venv prompt marker convention
# convention_file convention_line" with @ for $T and - for null.
conv_row() {
    (cd "$1" && "$PYENVHOOK" status --json) | python3 -c '
import json, sys
d = json.load(sys.stdin)
keys = "state source project venv prompt marker convention convention_file convention_line"
print("|".join("-" if d[k] is None else str(d[k]).replace(sys.argv[1], "@") for k in keys.split()))' "$T"
}

@test "status --json from a subdirectory, for each kind of project: its directory, the file and line that decided, null where a field is not its kind's" {
    export PYENV_ROOT=$T/pyenv
    mkdir -p "$T/venvs" "$HOME/.virtualenvs" "$PYENV_ROOT/versions/3.99.0/envs"
    make_untrusted_venv "$T/venvs/e832" "$HOME/.virtualenvs/named" \
        "$PYENV_ROOT/versions/3.99.0/envs/penv" "$T/cenvs/envs/a" "$T/cenvs/envs/b"
    mkdir -p "$T/c832" "$T/cname" "$T/cpyenv" "$T/cenvs"
    printf '../venvs/e832\n' >"$T/c832/.venv"
    printf 'named\n' >"$T/cname/.venv"
    printf '3.99.0/envs/penv\n' >"$T/cpyenv/.python-version"
    printf 'envs/a\nenvs/b\n' >"$T/cenvs/.python-envs"
    local d
    for d in c832 cname cpyenv cenvs; do
        "$PYENVHOOK" -q allow "$T/$d" >/dev/null
        mkdir -p "$T/$d/sub/deeper"
    done
    mkdir -p "$T/proj/sub/deeper" "$T/untrusted/sub/deeper"
    [[ $(conv_row "$T/c832/sub/deeper") == "pending|convention|@/c832|@/venvs/e832|e832|-|PEP 832 .venv file|@/c832/.venv|-" ]]
    [[ $(conv_row "$T/cname/sub/deeper") == "pending|convention|@/cname|@/home/.virtualenvs/named|named|-|virtualfish/autoswitch .venv name file|@/cname/.venv|-" ]]
    [[ $(conv_row "$T/cpyenv/sub/deeper") == "pending|convention|@/cpyenv|@/pyenv/versions/3.99.0/envs/penv|penv|-|pyenv-virtualenv .python-version|@/cpyenv/.python-version|-" ]]
    [[ $(conv_row "$T/cenvs/sub/deeper") == "pending|convention|@/cenvs|@/cenvs/envs/b|b|-|PEP 832 .python-envs|@/cenvs/.python-envs|2" ]]
    # the kinds that are no convention
    [[ $(conv_row "$T/proj/sub/deeper") == "pending|marker|@/proj|@/proj/.venv|proj|@/proj/.pyenvhook.json|-|-|-" ]]
    rm "$T/untrusted/.pyenvhook.json"
    [[ $(conv_row "$T/untrusted/sub/deeper") == "untrusted|dotvenv|@/untrusted|@/untrusted/.venv|untrusted|-|-|-|-" ]]
    [[ $(conv_row "$T/none") == "no-project|-|-|-|-|-|-|-|-" ]]
}
