#!/usr/bin/env bats
# allow, deny, list and prune, and the store behind them.

load test_helper

STORE_DIR() { echo "$XDG_DATA_HOME/pyenvhook"; }

setup() {
    common_setup
    mkdir -p "$T/proj/sub"
    printf '{}' >"$T/proj/.pyenvhook.json"
    "$PYH_PYTHON" -m venv --without-pip "$T/proj/.venv"
}

@test "allow trusts the project at or above DIR; list shows it; deny revokes it" {
    run "$PYENVHOOK" list
    [[ $status == 0 && $output == "no project is allowed" ]]
    cd "$T/proj/sub"
    run "$PYENVHOOK" allow
    [[ $status == 0 ]]
    [[ $output == "allowed $T/proj: $T/proj/.venv will be activated there" ]]
    run "$PYENVHOOK" list
    [[ $output == "$T/proj: $T/proj/.venv (allowed "*")" ]]
    run "$PYENVHOOK" list --json
    python3 - "$output" "$T" <<'PY'
import json, sys
doc, t = json.loads(sys.argv[1]), sys.argv[2]
(e,) = doc["projects"]
assert e["root"] == t + "/proj" and e["venv"] == t + "/proj/.venv", e
assert e["marker"] == t + "/proj/.pyenvhook.json" and len(e["sha256"]) == 64, e
assert e["state"] == "allowed", e
PY
    cd "$T"
    run "$PYENVHOOK" deny proj/sub
    [[ $status == 0 && $output == "denied $T/proj: its venv is no longer activated" ]]
    run "$PYENVHOOK" list --json
    [[ $output == '{"projects":[]}' ]]
    run "$PYENVHOOK" deny proj
    [[ $status == 0 && $output == "pyenvhook: deny: $T/proj was not allowed" ]]
}

@test "list says when a marker changed since it was allowed" {
    "$PYENVHOOK" allow "$T/proj"
    printf '{"venv": ".venv"}' >"$T/proj/.pyenvhook.json"
    run "$PYENVHOOK" list
    [[ $output == *"changed since, so not activated until allowed again)" ]]
    run "$PYENVHOOK" list --json
    [[ $output == *'"state":"changed"'* ]]
}

@test "allow refuses where there is no project, or a broken marker, with a clear line" {
    mkdir "$T/empty"
    run "$PYENVHOOK" allow "$T/empty"
    [[ $status == 1 && $output == "pyenvhook: allow: no .pyenvhook.json or .venv/pyvenv.cfg at or above $T/empty" ]]
    printf '{"venv": 3}' >"$T/proj/.pyenvhook.json"
    run "$PYENVHOOK" allow "$T/proj"
    [[ $status == 1 && $output == "pyenvhook: allow: $T/proj/.pyenvhook.json: \"venv\" must be a string" ]]
    run "$PYENVHOOK" allow a b
    [[ $status == 2 ]]
}

@test "prune drops the entries whose projects are gone and keeps the rest" {
    mkdir -p "$T/gone" "$T/uv"
    printf '{}' >"$T/gone/.pyenvhook.json"
    "$PYH_PYTHON" -m venv --without-pip "$T/uv/.venv"
    "$PYENVHOOK" allow "$T/proj"
    "$PYENVHOOK" allow "$T/gone"
    "$PYENVHOOK" allow "$T/uv"
    rm -rf "$T/gone" "$T/uv/.venv"
    run "$PYENVHOOK" list
    [[ $output == *"$T/gone"*"the project is gone"* ]]
    run "$PYENVHOOK" prune
    [[ $status == 0 ]]
    [[ $output == "dropped $T/gone (gone)
dropped $T/uv (gone)
2 entries dropped" ]]
    run "$PYENVHOOK" list
    [[ $output == "$T/proj: "* && ${#lines[@]} == 1 ]]
    run "$PYENVHOOK" prune
    [[ $output == "0 entries dropped" ]]
}

@test "a corrupt store is reported once, kept aside, and trusts nothing" {
    "$PYENVHOOK" allow "$T/proj"
    printf '{"version": 1, "projects": [' >"$(STORE_DIR)/trust.json"
    run "$PYENVHOOK" list
    [[ $status == 0 ]]
    [[ ${lines[0]} == "pyenvhook: $(STORE_DIR)/trust.json: invalid JSON near line 1; moved it to $(STORE_DIR)/trust.json.corrupt-"*", and trusting no project until allowed again" ]]
    [[ ${lines[1]} == "no project is allowed" ]]
    run "$PYENVHOOK" list
    [[ $output == "no project is allowed" ]]
    run cat "$(STORE_DIR)"/trust.json.corrupt-*
    [[ $output == '{"version": 1, "projects": [' ]]
}

@test "the store is private to the user and holds no temporary files after a write" {
    "$PYENVHOOK" allow "$T/proj"
    [[ $(stat -c %a "$(STORE_DIR)") == 700 ]]
    run ls -A "$(STORE_DIR)"
    [[ $output == "trust.json
trust.json.lock" ]]
}
