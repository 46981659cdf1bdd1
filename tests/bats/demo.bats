#!/usr/bin/env bats
# scripts/demo without a terminal: the walk-through shows what the tool itself says.

load test_helper
bats_require_minimum_version 1.5.0

@test "scripts/demo without a terminal shows pyenvhook's own messages, and no shell noise" {
    run --separate-stderr env PYENVHOOK="$PYENVHOOK" "$PYH_SRC/scripts/demo" </dev/null
    [[ $status == 0 ]]
    # shellcheck disable=SC2154 # set by run --separate-stderr
    [[ -z $stderr ]]
    [[ $output == *"pyenvhook: "*"demo-project has no venv yet; run: pyenvhook create"* ]]
    [[ $output == *"pyenvhook: created "*"demo-project/.venv (Python "* ]]
    [[ $output == *"sys.prefix = "*"/demo-project/.venv"* ]]
    [[ $output != *"job control"* && $output != *"process group"* ]]
}

@test "scripts/demo says on stderr what it is doing while it builds" {
    [[ -z ${PYH_SANITIZED-} ]] || skip "builds its own binary: the sanitizer pass has nothing to add"
    rm -rf "$PYH_SRC/build/demo"
    run --separate-stderr env -u PYENVHOOK "$PYH_SRC/scripts/demo" </dev/null
    [[ $status == 0 ]]
    [[ $stderr == *"build steps"* ]]
    [[ $stderr == *"scripts/demo: building pyenvhook (release) in build/demo"* ]]
    [[ $stderr == *"scripts/demo: built build/demo/pyenvhook"* ]]
    [[ $output == *"pyenvhook: created "*"demo-project/.venv (Python "* ]]
}
